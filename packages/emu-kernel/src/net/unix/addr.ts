// AF_UNIX names (net/unix/af_unix.c unix_bind, unix_autobind, unix_find_other): a path name is a socket
// inode made by mknod, found again by a path walk that needs write permission on it; an abstract name
// (leading NUL) lives in a table of its own; autobind picks an abstract name of five hex digits.
import { EADDRINUSE, ECONNREFUSED, EEXIST, EINVAL, ENOENT, ENOSPC, EPROTOTYPE } from '../../uapi/errno.js';
import { AF_UNIX } from '../../uapi/socket.js';
import { S_IFMT, S_IFSOCK } from '../../uapi/stat.js';
import { SUN_PATH_OFFSET, SOCKADDR_UN_SIZE } from '../../uapi/un.js';
import type { Inode } from '../../fs/fs.js';
import { do_mknod, kern_path, inode_permission, MAY_WRITE, LOOKUP_FOLLOW } from '../../fs/namei.js';
import { nctx } from '../../fs/fs_struct.js';
import type { Task } from '../../kernel/task.js';
import type { UnixSock } from './sock.js';

let by_inode = new Map<Inode, UnixSock>();
let by_abstract = new Map<string, UnixSock>();
let next_auto = 1;

export function unix_addr_init(): void {
  by_inode = new Map();
  by_abstract = new Map();
  next_auto = 1;
}

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

/** A parsed sockaddr_un: a path, an abstract key, or neither (the family alone: autobind). */
type UnixName = { kind: 'path'; path: string } | { kind: 'abstract'; key: string; addr: Uint8Array } | { kind: 'none' };

export function unix_mkname(addr: Uint8Array): UnixName | number {
  if (addr.length < SUN_PATH_OFFSET || addr.length > SOCKADDR_UN_SIZE) return -EINVAL;
  if ((addr[0] | (addr[1] << 8)) !== AF_UNIX) return -EINVAL;
  if (addr.length === SUN_PATH_OFFSET) return { kind: 'none' };
  const p = addr.subarray(SUN_PATH_OFFSET);
  if (p[0] === 0) return { kind: 'abstract', key: latin1(p), addr: addr.slice() };
  const z = p.indexOf(0);
  return { kind: 'path', path: new TextDecoder().decode(z >= 0 ? p.subarray(0, z) : p) };
}

/** The address of an unnamed socket: the family alone. */
export function unnamed_addr(): Uint8Array {
  return Uint8Array.of(AF_UNIX, 0);
}

/** unix_autobind: an unused abstract name "\0XXXXX". */
export function unix_autobind(sk: UnixSock): number {
  if (sk.addr) return 0;
  for (let i = 0; i < 0x100000; i++) {
    const n = next_auto;
    next_auto = (next_auto + 1) & 0xfffff;
    const hex = n.toString(16).padStart(5, '0');
    const key = '\0' + hex;
    if (by_abstract.has(key)) continue;
    const a = new Uint8Array(SUN_PATH_OFFSET + 6);
    a[0] = AF_UNIX;
    a.set(new TextEncoder().encode(hex), SUN_PATH_OFFSET + 1);
    by_abstract.set(key, sk);
    sk.abstract = key;
    sk.addr = a;
    return 0;
  }
  return -ENOSPC;
}

export async function unix_bind_addr(sk: UnixSock, addr: Uint8Array, task: Task | null): Promise<number> {
  const n = unix_mkname(addr);
  if (typeof n === 'number') return n;
  if (sk.addr || sk.binding) return -EINVAL;
  if (n.kind === 'none') return unix_autobind(sk);
  if (n.kind === 'abstract') {
    if (by_abstract.has(n.key)) return -EADDRINUSE;
    by_abstract.set(n.key, sk);
    sk.abstract = n.key;
    sk.addr = n.addr;
    return 0;
  }
  if (!task) return -EINVAL;
  sk.binding = true;
  try {
    const ctx = nctx(task);
    const r = await do_mknod(ctx, n.path, S_IFSOCK | 0o777, 0);
    if (r === -EEXIST) return -EADDRINUSE;
    if (r < 0) return r;
    const p = await kern_path(ctx, n.path, 0);
    if (typeof p === 'number') return p;
    const inode = p.dentry.d_inode!;
    if (sk.dead) return -EINVAL;
    by_inode.set(inode, sk);
    sk.inode = inode;
    const bytes = new TextEncoder().encode(n.path);
    const a = new Uint8Array(SUN_PATH_OFFSET + bytes.length + 1);
    a[0] = AF_UNIX;
    a.set(bytes, SUN_PATH_OFFSET);
    sk.addr = a;
    return 0;
  } finally {
    sk.binding = false;
  }
}

/** Forgets the socket's name (its inode stays in the file system until unlinked, as in Linux). */
export function unix_unbind(sk: UnixSock): void {
  if (sk.abstract !== null && by_abstract.get(sk.abstract) === sk) by_abstract.delete(sk.abstract);
  if (sk.inode && by_inode.get(sk.inode) === sk) by_inode.delete(sk.inode);
}

/** unix_find_other: the socket bound at `addr`, of the caller's type. */
export async function unix_find_other(addr: Uint8Array, type: number, task: Task | null): Promise<UnixSock | number> {
  const n = unix_mkname(addr);
  if (typeof n === 'number') return n;
  let other: UnixSock | undefined;
  if (n.kind === 'none') return -EINVAL;
  if (n.kind === 'abstract') other = by_abstract.get(n.key);
  else {
    if (!task) return -ENOENT;
    const ctx = nctx(task);
    const p = await kern_path(ctx, n.path, LOOKUP_FOLLOW);
    if (typeof p === 'number') return p;
    const inode = p.dentry.d_inode!;
    const perm = await inode_permission(ctx, inode, p.dentry, MAY_WRITE, p);
    if (perm) return perm;
    if ((inode.i_mode & S_IFMT) !== S_IFSOCK) return -ECONNREFUSED;
    other = by_inode.get(inode);
  }
  if (!other || other.dead) return -ECONNREFUSED;
  if (other.type !== type) return -EPROTOTYPE;
  return other;
}
