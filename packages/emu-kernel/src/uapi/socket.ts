// Socket families, types and flags (include/linux/socket.h, net.h) and the x86_64 struct msghdr layout.
export const AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_NETLINK = 16, AF_MAX = 46;
export const PF_NETLINK = AF_NETLINK;
export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
export const SOCK_TYPE_MASK = 0xf, SOCK_NONBLOCK = 0o4000, SOCK_CLOEXEC = 0o2000000;
export const MSG_PEEK = 0x2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
/** struct msghdr: name ptr, namelen u32, iov ptr, iovlen u64, control ptr, controllen u64, flags i32. */
export const MSGHDR_SIZE = 56, MSGHDR_NAME = 0, MSGHDR_NAMELEN = 8, MSGHDR_IOV = 16, MSGHDR_IOVLEN = 24,
  MSGHDR_CONTROL = 32, MSGHDR_CONTROLLEN = 40, MSGHDR_FLAGS = 48;
/** struct iovec: base ptr, len u64. */
export const IOVEC_SIZE = 16;
export const UIO_MAXIOV = 1024;
/** sizeof(struct sockaddr_storage). */
export const SOCKADDR_MAX = 128;
export const ENOBUFS = 105;
export const MSG_OOB = 0x1, MSG_CTRUNC = 0x8, MSG_EOR = 0x80, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000,
  MSG_CMSG_CLOEXEC = 0x40000000;
/** shutdown(2) how. */
export const SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
/** Socket-level options (asm-generic/socket.h). */
export const SOL_SOCKET = 1;
export const SO_DEBUG = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_DONTROUTE = 5, SO_BROADCAST = 6,
  SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_PASSCRED = 16, SO_PEERCRED = 17, SO_RCVLOWAT = 18,
  SO_ACCEPTCONN = 30, SO_PROTOCOL = 38, SO_DOMAIN = 39;
/** Control message types at SOL_SOCKET. */
export const SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
/** Most descriptors one SCM_RIGHTS message carries (SCM_MAX_FD). */
export const SCM_MAX_FD = 253;
/** struct cmsghdr on x86_64: cmsg_len u64, cmsg_level i32, cmsg_type i32, then the data, 8-byte aligned. */
export const CMSGHDR_SIZE = 16, CMSG_LEN_OFF = 0, CMSG_LEVEL_OFF = 8, CMSG_TYPE_OFF = 12;
export const CMSG_ALIGN = (n: number): number => (n + 7) & ~7;
export const CMSG_LEN = (n: number): number => CMSGHDR_SIZE + n;
export const CMSG_SPACE = (n: number): number => CMSGHDR_SIZE + CMSG_ALIGN(n);
/** struct ucred: pid, uid, gid (each 32 bits). */
export const UCRED_SIZE = 12;
/** Largest listen(2) backlog (net.core.somaxconn). */
export const SOMAXCONN = 4096;
