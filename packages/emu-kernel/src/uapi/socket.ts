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
