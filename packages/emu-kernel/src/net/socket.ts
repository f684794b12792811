// The socket layer (net/socket.c): a socket is a file on sockfs whose operations go to its family's
// proto_ops; socket/bind/getsockname/sendto/recvfrom/sendmsg/recvmsg and read/write/poll/close on it.
// Families register a create function with sock_register (af_netlink does at boot). The connection calls
// (connect, listen, accept, socketpair, shutdown, getpeername) and the options are in net/socket_conn.ts.
import { EAFNOSUPPORT, EBADF, EFAULT, EINVAL, EMSGSIZE, ENOTSOCK } from '../uapi/errno.js';
import { O_NONBLOCK, O_RDWR, O_CLOEXEC } from '../uapi/fcntl.js';
import { S_IFSOCK } from '../uapi/stat.js';
import {
  AF_MAX, SOCK_TYPE_MASK, SOCK_NONBLOCK, SOCK_CLOEXEC, MSG_TRUNC, SOCKADDR_MAX, MSGHDR_SIZE,
  MSGHDR_NAME, MSGHDR_NAMELEN, MSGHDR_IOV, MSGHDR_IOVLEN, MSGHDR_FLAGS, IOVEC_SIZE, UIO_MAXIOV,
  MSGHDR_CONTROL, MSGHDR_CONTROLLEN, SOCK_STREAM,
} from '../uapi/socket.js';
import { scm_send, scm_destroy, scm_recv, scm_fput, type ScmCookie, type ScmRecv } from './core/scm.js';
import { Dentry, File, FMODE_READ, FMODE_WRITE, SuperBlock, type FileOperations, type FileSystemType, type VfsMount, type MaybePromise } from '../fs/fs.js';
import { new_inode } from '../fs/inode.js';
import type { PollTable } from '../fs/poll_table.js';
import type { Task } from '../kernel/task.js';
import { current } from '../kernel/task.js';
import { UserPtr, copy_from_user, copy_to_user } from '../mm/uaccess.js';
import { proc_mkdir } from '../fs/proc/generic.js';
import { with_fd } from '../fs/file.js';
import type { ProcDirEntry } from '../fs/proc/internal.js';
import { SOCKFS_MAGIC } from '../uapi/statfs.js';

/** What a received datagram carries back: its bytes and the sender's address. */
export interface RecvResult extends ScmRecv {
  data: Uint8Array;
  name: Uint8Array | null;
  /** MSG_TRUNC etc. for msg_flags. */
  flags?: number;
  /** The message's full length when it was longer than what is returned (MSG_TRUNC's return value). */
  full?: number;
}

/** struct proto_ops: what a family does for its sockets. Every method returns -errno on failure. */
export interface ProtoOps {
  family: number;
  bind(sock: Socket, addr: Uint8Array, task?: Task | null): MaybePromise<number>;
  /** The socket's own address, or its peer's (`peer`: -ENOTCONN when it has none). */
  getname(sock: Socket, peer?: boolean): Uint8Array | number;
  /**
   * Sends one datagram (`name` null: to the connected or default peer); returns bytes sent. `data` is a
   * kernel buffer the socket takes over (it may queue it as is): the system calls copy the user's bytes
   * into a fresh one, as Linux copies them into the skb, and kernel_sendmsg copies its caller's.
   */
  sendmsg(sock: Socket, data: Uint8Array, name: Uint8Array | null, flags: number, task: Task | null,
    scm?: ScmCookie | null): MaybePromise<number>;
  /**
   * Takes one datagram (MSG_DONTWAIT or O_NONBLOCK: -EAGAIN when none). A stream family returns at most
   * `size` bytes. Passed files in the result become the caller's references.
   */
  recvmsg(sock: Socket, flags: number, task: Task | null, size?: number): MaybePromise<RecvResult | number>;
  poll(sock: Socket, file: File | null, pt: PollTable | null): number;
  release(sock: Socket): MaybePromise<void>;
  connect?(sock: Socket, addr: Uint8Array, flags: number, task: Task | null): MaybePromise<number>;
  socketpair?(a: Socket, b: Socket, task: Task | null): number;
  /** Fills `newsock` (made by the caller, same family and type) with the next connection. */
  accept?(sock: Socket, newsock: Socket, flags: number, task: Task | null): MaybePromise<number>;
  listen?(sock: Socket, backlog: number): number;
  /** `how` is SHUT_RD, SHUT_WR or SHUT_RDWR. */
  shutdown?(sock: Socket, how: number): number;
  /** The family's options; -ENOPROTOOPT lets the socket level answer. */
  getsockopt?(sock: Socket, level: number, optname: number): Uint8Array | number;
  setsockopt?(sock: Socket, level: number, optname: number, val: Uint8Array): number;
}

/** struct socket. `sk` is the family's private part (struct sock). */
export class Socket {
  ops: ProtoOps | null = null;
  sk: unknown = null;
  file: File | null = null;
  /** Set for sockets the kernel made (sock_create_kern). */
  kern = false;
  /** Flags of the file (O_NONBLOCK) for kernel sockets, which have none. */
  nonblock = false;
  /** sk_sndbuf, sk_rcvbuf (bytes) and SO_PASSCRED, the struct sock fields every family shares here. */
  sndbuf = SK_BUF_DEFAULT;
  rcvbuf = SK_BUF_DEFAULT;
  passcred = false;
  constructor(readonly family: number, readonly type: number, readonly protocol: number) {}
  get nonblocking(): boolean {
    return this.nonblock || ((this.file?.f_flags ?? 0) & O_NONBLOCK) !== 0;
  }
}

/** struct net_proto_family: makes the family part of a new socket. */
export type NetProtoCreate = (sock: Socket, protocol: number, kern: boolean, task: Task | null) => number;
const net_families = new Map<number, NetProtoCreate>();

export function sock_register(family: number, create: NetProtoCreate): number {
  if (family < 0 || family >= AF_MAX) return -EINVAL;
  if (net_families.has(family)) return -17; // EEXIST
  net_families.set(family, create);
  return 0;
}
export function sock_unregister(family: number): void {
  net_families.delete(family);
}

/** net.core.wmem_default and wmem_max: the default and the largest SO_SNDBUF/SO_RCVBUF. */
export const SK_BUF_DEFAULT = 212992;

/** Largest datagram any family accepts here (a netlink message is capped at 128 KiB). */
export const SOCK_MAX_DGRAM = 128 * 1024;

const sockfs_type: FileSystemType = {
  name: 'sockfs',
  mount() {
    const sb = new SuperBlock(sockfs_type, 0);
    sb.s_magic = SOCKFS_MAGIC;
    sb.s_root = new Dentry('socket:', null, sb);
    return sb;
  },
};
let sock_sb: SuperBlock | null = null;
let sock_mount: VfsMount | null = null;
let proc_net: ProcDirEntry | null = null;
/** /proc/net, where families show their sockets. */
export function proc_net_dir(): ProcDirEntry | null {
  return proc_net;
}

/** Boot: the internal sockfs mount and the families built in. */
export function sock_init(families: (() => void)[] = []): void {
  net_families.clear();
  sock_sb = sockfs_type.mount('sockfs', '') as SuperBlock;
  const sb = sock_sb;
  const m = { mnt_root: sb.s_root, mnt_sb: sb, mnt_mountpoint: sb.s_root, mnt_devname: 'sockfs', mnt_fstype: 'sockfs',
    mnt_opts: '' } as VfsMount;
  m.mnt_parent = m;
  sock_mount = m;
  proc_net = proc_mkdir('net');
  for (const f of families) f();
}

/** __sock_create: a socket of `family` (no file yet). */
export function sock_create(family: number, type: number, protocol: number, kern: boolean, task: Task | null): Socket | number {
  if (family < 0 || family >= AF_MAX) return -EAFNOSUPPORT;
  const create = net_families.get(family);
  if (!create) return -EAFNOSUPPORT;
  const sock = new Socket(family, type & SOCK_TYPE_MASK, protocol);
  sock.kern = kern;
  const r = create(sock, protocol, kern, task);
  return r < 0 ? r : sock;
}

/** sock_create_kern: a socket used by the kernel itself, with no file and no descriptor. */
export function sock_create_kern(family: number, type: number, protocol: number): Socket | number {
  return sock_create(family, type, protocol, true, null);
}
export async function sock_release(sock: Socket): Promise<void> {
  const ops = sock.ops;
  sock.ops = null;
  if (ops) await ops.release(sock);
}
export async function kernel_bind(sock: Socket, addr: Uint8Array): Promise<number> {
  return sock.ops ? sock.ops.bind(sock, addr) : -EBADF;
}
export async function kernel_sendmsg(sock: Socket, data: Uint8Array, name: Uint8Array | null, flags = 0): Promise<number> {
  return sock.ops ? sock.ops.sendmsg(sock, data.slice(), name, flags, null) : -EBADF;
}
export async function kernel_recvmsg(sock: Socket, flags = 0): Promise<RecvResult | number> {
  return sock.ops ? sock.ops.recvmsg(sock, flags, null) : -EBADF;
}

/** A message's passed files that no control buffer will take are released. */
async function drop_scm(task: Task | null, r: ScmRecv): Promise<void> {
  for (const f of r.files?.splice(0) ?? []) await scm_fput(task, f);
}

/** What one send may copy in: a datagram's cap, or for a byte stream all of a large write. */
function max_send(sock: Socket): number {
  return sock.type === SOCK_STREAM ? STREAM_MAX_SEND : SOCK_MAX_DGRAM;
}
const STREAM_MAX_SEND = 16 * 1024 * 1024;

export function sock_of(file: File): Socket | null {
  return file.private_data instanceof Socket ? file.private_data : null;
}

const socket_file_ops: FileOperations = {
  async read(file, buf, count) {
    const sock = sock_of(file)!;
    if (!sock.ops) return -EBADF;
    const task = current();
    const r = await sock.ops.recvmsg(sock, 0, task, count);
    if (typeof r === 'number') return r;
    await drop_scm(task, r);
    const n = Math.min(count, r.data.length);
    if (copy_to_user(buf, r.data.subarray(0, n))) return -EFAULT;
    return n;
  },
  async write(file, buf, count) {
    const sock = sock_of(file)!;
    if (!sock.ops) return -EBADF;
    if (count > max_send(sock)) return -EMSGSIZE;
    const b = new Uint8Array(count);
    if (copy_from_user(b, buf, count)) return -EFAULT;
    return sock.ops.sendmsg(sock, b, null, 0, current());
  },
  poll(file, pt) {
    const sock = sock_of(file)!;
    return sock.ops ? sock.ops.poll(sock, file, pt) : 0;
  },
  llseek: () => -29, // ESPIPE
  async release(_inode, file) {
    const sock = sock_of(file);
    if (sock) await sock_release(sock);
    return 0;
  },
};

/** sock_alloc_file + fd_install: gives the socket a file and a descriptor. */
export function sock_map_fd(task: Task, sock: Socket, flags: number): number {
  if (!sock_sb || !sock_mount) return -EAFNOSUPPORT;
  const inode = new_inode(sock_sb, S_IFSOCK | 0o777, task.cred);
  inode.i_fop = socket_file_ops;
  const dentry = new Dentry(`socket:[${inode.i_ino}]`, sock_sb.s_root, sock_sb);
  dentry.d_inode = inode;
  const file = new File({ mnt: sock_mount, dentry }, inode, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0),
    FMODE_READ | FMODE_WRITE, task.cred);
  file.private_data = sock;
  file.f_op = socket_file_ops;
  file.f_owner_pid = task.pid;
  sock.file = file;
  const fd = task.files.get_unused_fd();
  if (fd < 0) return fd;
  task.files.fd_install(fd, file, (flags & SOCK_CLOEXEC) !== 0 || (flags & O_CLOEXEC) !== 0);
  return fd;
}

export async function sys_socket(task: Task, family: number, type: number, protocol: number): Promise<number> {
  if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) return -EINVAL;
  const sock = sock_create(family, type, protocol, false, task);
  if (typeof sock === 'number') return sock;
  const fd = sock_map_fd(task, sock, type);
  if (fd < 0) await sock_release(sock);
  return fd;
}

function sockfd_lookup(task: Task, fd: number): Socket | number {
  const f = task.files.lookup_fd_raw(fd);
  if (!f) return -EBADF;
  const s = sock_of(f);
  if (!s || !s.ops) return -ENOTSOCK;
  return s;
}

/** Runs `fn` on the socket open on `fd`, its file referenced until `fn` is done (it may sleep). */
export function with_sock(task: Task, fd: number, fn: (s: Socket) => Promise<number>): Promise<number> {
  return with_fd(task, fd, (f) => {
    const s = sock_of(f);
    return s && s.ops ? fn(s) : -ENOTSOCK;
  });
}

/** move_addr_to_kernel. */
export function addr_from_user(task: Task, uaddr: number, len: number): Uint8Array | number {
  if (len < 0 || len > SOCKADDR_MAX) return -EINVAL;
  const b = new Uint8Array(len);
  if (len && copy_from_user(b, new UserPtr(task.mm, uaddr), len)) return -EFAULT;
  return b;
}
/** move_addr_to_user: copies at most *ulen bytes and stores the full length in *ulen. */
export function addr_to_user(task: Task, addr: Uint8Array | null, uaddr: number, ulen: number): number {
  if (!uaddr || !ulen) return 0;
  const lb = new Uint8Array(4);
  if (copy_from_user(lb, new UserPtr(task.mm, ulen), 4)) return -EFAULT;
  const max = new DataView(lb.buffer).getInt32(0, true);
  if (max < 0) return -EINVAL;
  const a = addr ?? new Uint8Array(0);
  if (copy_to_user(new UserPtr(task.mm, uaddr), a.subarray(0, Math.min(max, a.length)))) return -EFAULT;
  new DataView(lb.buffer).setInt32(0, a.length, true);
  return copy_to_user(new UserPtr(task.mm, ulen), lb) ? -EFAULT : 0;
}

export function sys_bind(task: Task, fd: number, uaddr: number, len: number): Promise<number> {
  return with_sock(task, fd, (s) => do_bind(task, s, uaddr, len));
}

async function do_bind(task: Task, s: Socket, uaddr: number, len: number): Promise<number> {
  const a = addr_from_user(task, uaddr, len);
  if (typeof a === 'number') return a;
  return s.ops!.bind(s, a, task);
}

export function sys_getsockname(task: Task, fd: number, uaddr: number, ulen: number): number {
  const s = sockfd_lookup(task, fd);
  if (typeof s === 'number') return s;
  const a = s.ops!.getname(s);
  if (typeof a === 'number') return a;
  return addr_to_user(task, a, uaddr, ulen);
}

export function sys_sendto(task: Task, fd: number, buf: number, len: number, flags: number, uaddr: number,
  alen: number): Promise<number> {
  return with_sock(task, fd, (s) => do_sendto(task, s, buf, len, flags, uaddr, alen));
}

async function do_sendto(task: Task, s: Socket, buf: number, len: number, flags: number, uaddr: number,
  alen: number): Promise<number> {
  if (len < 0) return -EINVAL;
  if (len > max_send(s)) return -EMSGSIZE;
  const data = new Uint8Array(len);
  if (len && copy_from_user(data, new UserPtr(task.mm, buf), len)) return -EFAULT;
  let name: Uint8Array | null = null;
  if (uaddr) {
    const a = addr_from_user(task, uaddr, alen);
    if (typeof a === 'number') return a;
    name = a;
  }
  return s.ops!.sendmsg(s, data, name, flags, task);
}

export function sys_recvfrom(task: Task, fd: number, buf: number, len: number, flags: number, uaddr: number,
  ulen: number): Promise<number> {
  return with_sock(task, fd, (s) => do_recvfrom(task, s, buf, len, flags, uaddr, ulen));
}

async function do_recvfrom(task: Task, s: Socket, buf: number, len: number, flags: number, uaddr: number,
  ulen: number): Promise<number> {
  if (len < 0) return -EINVAL;
  const r = await s.ops!.recvmsg(s, flags, task, len);
  if (typeof r === 'number') return r;
  await drop_scm(task, r);
  const n = Math.min(len, r.data.length);
  if (copy_to_user(new UserPtr(task.mm, buf), r.data.subarray(0, n))) return -EFAULT;
  const e = addr_to_user(task, r.name, uaddr, ulen);
  if (e) return e;
  return flags & MSG_TRUNC ? r.full ?? r.data.length : n;
}

interface UserMsghdr {
  name: number;
  namelen: number;
  iov: { base: number; len: number }[];
  control: number;
  controllen: number;
}
function msghdr_from_user(task: Task, umsg: number): UserMsghdr | number {
  const b = new Uint8Array(MSGHDR_SIZE);
  if (copy_from_user(b, new UserPtr(task.mm, umsg), MSGHDR_SIZE)) return -EFAULT;
  const v = new DataView(b.buffer);
  const iovlen = Number(v.getBigUint64(MSGHDR_IOVLEN, true));
  if (iovlen > UIO_MAXIOV) return -EMSGSIZE;
  const ib = new Uint8Array(iovlen * IOVEC_SIZE);
  if (iovlen && copy_from_user(ib, new UserPtr(task.mm, Number(v.getBigUint64(MSGHDR_IOV, true))), ib.length)) return -EFAULT;
  const iv = new DataView(ib.buffer);
  const iov = [];
  for (let i = 0; i < iovlen; i++) {
    const len = Number(iv.getBigUint64(i * IOVEC_SIZE + 8, true));
    if (len > 0x7fffffff) return -EINVAL;
    iov.push({ base: Number(iv.getBigUint64(i * IOVEC_SIZE, true)), len });
  }
  const controllen = Number(v.getBigUint64(MSGHDR_CONTROLLEN, true));
  if (controllen > 0x7fffffff) return -EINVAL;
  return { name: Number(v.getBigUint64(MSGHDR_NAME, true)), namelen: v.getInt32(MSGHDR_NAMELEN, true), iov,
    control: Number(v.getBigUint64(MSGHDR_CONTROL, true)), controllen };
}

export function sys_sendmsg(task: Task, fd: number, umsg: number, flags: number): Promise<number> {
  return with_sock(task, fd, (s) => do_sendmsg(task, s, umsg, flags));
}

async function do_sendmsg(task: Task, s: Socket, umsg: number, flags: number): Promise<number> {
  const m = msghdr_from_user(task, umsg);
  if (typeof m === 'number') return m;
  const total = m.iov.reduce((a, v) => a + v.len, 0);
  if (total > max_send(s)) return -EMSGSIZE;
  const data = new Uint8Array(total);
  let off = 0;
  for (const v of m.iov) {
    if (v.len && copy_from_user(data.subarray(off, off + v.len), new UserPtr(task.mm, v.base), v.len)) return -EFAULT;
    off += v.len;
  }
  let name: Uint8Array | null = null;
  if (m.name) {
    const a = addr_from_user(task, m.name, m.namelen);
    if (typeof a === 'number') return a;
    name = a;
  }
  const scm = await scm_send(task, m.control, m.controllen);
  if (typeof scm === 'number') return scm;
  try {
    return await s.ops!.sendmsg(s, data, name, flags, task, scm);
  } finally {
    await scm_destroy(task, scm);
  }
}

export function sys_recvmsg(task: Task, fd: number, umsg: number, flags: number): Promise<number> {
  return with_sock(task, fd, (s) => do_recvmsg(task, s, umsg, flags));
}

async function do_recvmsg(task: Task, s: Socket, umsg: number, flags: number): Promise<number> {
  const m = msghdr_from_user(task, umsg);
  if (typeof m === 'number') return m;
  const r = await s.ops!.recvmsg(s, flags, task, m.iov.reduce((a, v) => a + v.len, 0));
  if (typeof r === 'number') return r;
  const ctl = await scm_recv(task, m.control, m.controllen, r, flags);
  if (typeof ctl === 'number') return ctl;
  const lb = new Uint8Array(8);
  new DataView(lb.buffer).setBigUint64(0, BigInt(ctl.used), true);
  if (copy_to_user(new UserPtr(task.mm, umsg + MSGHDR_CONTROLLEN), lb)) return -EFAULT;
  let off = 0;
  for (const v of m.iov) {
    const n = Math.min(v.len, r.data.length - off);
    if (n <= 0) break;
    if (copy_to_user(new UserPtr(task.mm, v.base), r.data.subarray(off, off + n))) return -EFAULT;
    off += n;
  }
  let mflags = (r.flags ?? 0) | ctl.flags;
  if (off < r.data.length || (r.full ?? 0) > r.data.length) mflags |= MSG_TRUNC;
  const hb = new Uint8Array(4);
  const hv = new DataView(hb.buffer);
  if (m.name) {
    const a = r.name ?? new Uint8Array(0);
    const n = Math.min(Math.max(m.namelen, 0), a.length);
    if (copy_to_user(new UserPtr(task.mm, m.name), a.subarray(0, n))) return -EFAULT;
    hv.setInt32(0, a.length, true);
    if (copy_to_user(new UserPtr(task.mm, umsg + MSGHDR_NAMELEN), hb)) return -EFAULT;
  }
  hv.setInt32(0, mflags, true);
  if (copy_to_user(new UserPtr(task.mm, umsg + MSGHDR_FLAGS), hb)) return -EFAULT;
  return flags & MSG_TRUNC ? r.full ?? r.data.length : off;
}

