// Argument makers for sysfuzz: each returns one register's value and, for pointers, fills the memory it
// points at. Most values are plausible (a descriptor of the pool, a path that exists, a buffer and its
// size); the rest are the edges (wild pointers, lengths past the buffer or the address space, numbers no
// call takes). Calls that could legitimately wait are given only inputs that bound the wait.
import { HEAP, HEAPV } from '../../../user/libc.js';
import { AT_FDCWD, O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOCTTY, O_NOFOLLOW, O_NONBLOCK,
  O_TRUNC } from '../../../uapi/fcntl.js';
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFREG, S_IFSOCK, makedev } from '../../../uapi/stat.js';
import { UTIME_NOW, UTIME_OMIT } from '../../../uapi/stat.js';
import { AF_INET, AF_NETLINK, AF_UNIX } from '../../../uapi/socket.js';
import { sockaddr_un } from '../../../uapi/un.js';
import { edge_int } from '../fuzz.js';
import type { FuzzMem } from '../fuzz_mem.js';
import type { Prng } from '../prng.js';
import type { Pool } from './pool.js';

const OPEN_BITS = [O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC];
const FILE_TYPES = [S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK, 0, 0o170000];
const RELATIVE = ['f0', '.', '..', '', 'd/g', '../../etc/hostname', 'no/such'];
/** Signals whose default action is to ignore them, and numbers that are no signal. */
export const HARMLESS_SIGNALS = [0, 17, 23, 28, 65, 64 + 1000, -1, 2 ** 31, 2 ** 32 + 17];
const OFFSETS = [0, 1, 2, 100, 4095, 4096, 4097, 65536, 2 ** 20, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 40, 2 ** 53 - 1, -1,
  -2, -4096, -(2 ** 31), -(2 ** 53 - 1)];
const SECONDS = [0, 1, -1, 1e9, 1.7e9, 4e9, 1e10, 1e11, 1e13, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 62, -(2 ** 62),
  2 ** 63 - 1, -(2 ** 63)];
const NSECS = [0, 1, 999_999_999, 1e9, -1, UTIME_NOW, UTIME_OMIT, 2 ** 31, 2 ** 62];

/** A number as the 64-bit word a structure field holds (what is no integer becomes 0). */
const i64 = (v: number): bigint => BigInt.asIntN(64, BigInt(Number.isFinite(v) ? Math.trunc(v) : 0));

export class Gen {
  /** Size of the buffer made last: the length argument after it is mostly about it. */
  size = 0;
  /** What the pointer arguments of this input point at, for the trace. */
  notes: string[] = [];

  constructor(readonly rng: Prng, readonly mem: FuzzMem, readonly pool: Pool, public tracing = false) {}

  private note(s: string | (() => string)): void {
    if (this.tracing) this.notes.push(typeof s === 'string' ? s : s());
  }

  int(): number {
    return edge_int(this.rng);
  }
  small(): number {
    return this.rng.chance(0.8) ? this.rng.below(8) : edge_int(this.rng);
  }
  fd(): number {
    return this.pool.fd(this.rng);
  }
  dirfd(): number {
    return this.rng.chance(0.5) ? AT_FDCWD : this.fd();
  }

  /**
   * A path: one of the pool's, relative (not for name operations: the working directory may be any),
   * overlong, unterminated at the end of memory, or a wild pointer.
   */
  path(wide = this.pool.paths): number {
    const r = this.rng.below(100);
    let s: string;
    if (r < 80) s = this.rng.pick(wide);
    else if (r < 85) s = wide === this.pool.paths ? this.rng.pick(RELATIVE) : this.rng.pick(wide);
    else if (r < 89) s = this.rng.chance(0.5) ? '/' + 'a/'.repeat(2100) : `/tmp/${'a'.repeat(300)}`;
    else if (r < 93) {
      const end = this.mem.end, n = this.rng.range(1, 8);
      HEAP.fill(0x61, end - n, end);
      this.note(`unterminated@${end - n}`);
      return end - n;
    } else {
      const p = this.mem.wild(this.rng);
      this.note(`wild@${p}`);
      return p;
    }
    this.note(() => `"${s.length > 60 ? s.slice(0, 30) + `...(${s.length})` : s}"`);
    return this.mem.cstr(s);
  }
  /** A path name operations may change: mostly the scratch tree, sometimes a pseudo file system's. */
  wpath(): number {
    return this.path(this.pool.wpaths);
  }

  private bufsize(): number {
    return this.rng.weighted<() => number>([
      [30, () => this.rng.below(65)], [30, () => this.rng.range(65, 4096)], [12, () => this.rng.range(4097, 65536)],
      [10, () => 4096], [8, () => 0], [10, () => this.rng.pick([8, 12, 16, 24, 32, 40, 56, 64, 128, 144])],
    ])();
  }

  /** A buffer the kernel reads: filled with bytes an input could hold. */
  ibuf(): number {
    this.size = this.bufsize();
    return this.bufptr(() => this.mem.fill(this.rng, this.size));
  }
  /** A buffer the kernel writes. */
  obuf(): number {
    this.size = this.bufsize();
    return this.bufptr(() => this.mem.alloc(this.size));
  }
  private bufptr(valid: () => number): number {
    const r = this.rng.below(100);
    if (r < 86) return valid();
    const p = r < 93 ? this.mem.wild(this.rng) : this.mem.edge(this.rng);
    this.note(`ptr@${p}`);
    return p;
  }

  /** A length: mostly the last buffer's size or a little off it, else an edge value. */
  len(): number {
    const r = this.rng.below(100), s = this.size;
    if (r < 40) return s;
    if (r < 50) return this.rng.below(s + 1);
    if (r < 56) return s + this.rng.range(1, 4096);
    if (r < 62) return this.rng.below(64);
    return this.int();
  }

  off(): number {
    const r = this.rng.below(100);
    if (r < 60) return this.rng.pick(OFFSETS);
    if (r < 90) return this.rng.below(10000);
    return this.int();
  }

  /** open(2) flags: any mix, always O_NONBLOCK (a fifo with no peer would wait for one). */
  oflags(): number {
    let f = this.rng.chance(0.05) ? this.rng.u32() : this.rng.below(4) & O_ACCMODE;
    for (const b of OPEN_BITS) if (this.rng.chance(0.15)) f |= b;
    return (f | O_NONBLOCK) >>> 0;
  }
  mode(): number {
    return this.rng.chance(0.9) ? this.rng.below(0o10000) : this.int();
  }
  /** mknod's mode: a file type (or none, or a wrong one) and permissions. */
  nodmode(): number {
    return (this.rng.pick(FILE_TYPES) | this.rng.below(0o10000)) >>> 0;
  }
  dev(): number {
    if (this.rng.chance(0.1)) return this.int();
    return makedev(this.rng.pick([0, 1, 4, 5, 10, 250, 251, 252, 253, 254, 255, 4095]), this.rng.pick([0, 1, 3, 5, 7, 64, 255, 2 ** 20 - 1]));
  }
  whence(): number {
    return this.rng.chance(0.85) ? this.rng.below(5) : this.int();
  }
  uid(): number {
    return this.rng.pick([0, 1000, 1001, 65534, -1, 2 ** 32 - 1, 2 ** 31, 2 ** 40]);
  }

  /** A timespec for nanosleep: at most a millisecond, or invalid, or a wild pointer. */
  shortsleep(): number {
    const r = this.rng.below(10);
    if (r === 0) return this.mem.wild(this.rng);
    const [sec, nsec] = r < 7 ? [0, this.rng.below(1_000_001)] : this.rng.pick([[-1, 0], [0, -1], [0, 1e9], [0, 2 ** 40]]);
    return this.words64([sec, nsec]);
  }
  /** A timeval for select: zero or under two milliseconds, or invalid; never NULL (that waits for ever). */
  shorttv(): number {
    const r = this.rng.below(10);
    if (r === 0) return this.mem.wild(this.rng) || 1;
    const [sec, usec] = r < 7 ? [0, this.rng.below(2000)] : this.rng.pick([[-1, 0], [0, -1], [-(2 ** 53 - 1), 0]]);
    return this.words64([sec, usec]);
  }
  /** Two timespecs for utimensat, with seconds far in the past and the future, and odd nanoseconds. */
  times(): number {
    const r = this.rng.below(10);
    if (r === 0) return 0;
    if (r === 1) return this.mem.wild(this.rng);
    const ts = () => [this.rng.chance(0.7) ? this.rng.pick(SECONDS) : this.int(), this.rng.pick(NSECS)];
    return this.words64([...ts(), ...ts()]);
  }
  /** pollfd entries for descriptors of the pool; the count comes next (nfds). */
  pollfds(): number {
    const n = this.rng.below(9);
    this.size = n;
    const p = this.mem.alloc(n * 8 + 8);
    for (let k = 0; k < n; k++) {
      HEAPV.setInt32(p + k * 8, this.rng.chance(0.9) ? this.fd() : -1, true);
      HEAPV.setInt16(p + k * 8 + 4, this.rng.u32() & 0xffff, true);
      HEAPV.setInt16(p + k * 8 + 6, this.rng.u32() & 0xffff, true);
    }
    return this.rng.chance(0.9) ? p : this.mem.wild(this.rng);
  }
  nfds(): number {
    return this.rng.chance(0.85) ? this.size : this.rng.pick([0, 1, 1024, 1025, -1, 2 ** 31, 2 ** 32]);
  }
  /** poll's timeout: 0 or 1 ms as the kernel reads it (-1, or any negative int, waits for ever). */
  polltimeout(): number {
    return this.rng.pick([0, 0, 1, 2 ** 32, 2 ** 32 + 1]);
  }
  /** An fd_set of up to 1024 bits, or NULL. */
  fdset(): number {
    const r = this.rng.below(10);
    if (r < 3) return 0;
    if (r === 3) return this.mem.wild(this.rng);
    return this.mem.fill(this.rng, 128);
  }

  /** A socket address: netlink, IPv4, or anything; its length comes next (addrlen). */
  sockaddr(): number {
    const r = this.rng.below(10);
    if (r === 0) {
      this.size = 0;
      return 0;
    }
    if (r === 1) return this.mem.wild(this.rng);
    if (r === 2) {
      // An AF_UNIX name: the pool's sockets, a path that is no socket, one that is missing, or unnamed.
      const b = sockaddr_un(this.rng.pick(['\0fz0', '\0fz1', '\0fz2', `${this.pool.dir}/s1`, `${this.pool.dir}/f0`,
        `${this.pool.dir}/s9`, '']));
      this.size = b.length;
      return this.mem.put(b);
    }
    const b = new Uint8Array(this.rng.pick([12, 16, 2, 128]));
    const v = new DataView(b.buffer);
    this.rng.fill(b);
    v.setUint16(0, this.rng.pick([AF_NETLINK, AF_INET, AF_UNIX, 0, 10, 46, 0xffff]), true);
    if (this.rng.chance(0.5) && b.length >= 12) v.setUint32(4, this.rng.pick([0, 0, 1, 2 ** 31, 2 ** 32 - 1]), true);
    this.size = b.length;
    return this.mem.put(b);
  }
  addrlen(): number {
    return this.rng.chance(0.8) ? this.size : this.rng.pick([0, 1, 2, 11, 12, 16, 127, 128, 129, 4096, -1, 2 ** 31]);
  }
  /** A pointer to an int holding a length (recvfrom, getsockname), or a wild one. */
  lenptr(): number {
    if (this.rng.chance(0.1)) return this.rng.chance(0.5) ? 0 : this.mem.wild(this.rng);
    const p = this.mem.alloc(8);
    HEAPV.setInt32(p, this.rng.pick([0, 1, 12, 16, 128, 129, -1, 2 ** 31 - 1]), true);
    return p;
  }

  /** A struct msghdr whose name, iovecs and control data are themselves plausible or wild. */
  msghdr(): number {
    if (this.rng.chance(0.05)) return this.mem.wild(this.rng);
    const iovlen = this.rng.weighted([[60, 1], [15, 2], [10, 0], [5, 3], [5, 1024], [5, 1025]] as const);
    const iov = this.mem.alloc(Math.min(iovlen, 8) * 16);
    for (let k = 0; k < Math.min(iovlen, 8); k++) {
      const base = this.rng.chance(0.5) ? this.ibuf() : this.obuf();
      HEAPV.setBigInt64(iov + k * 16, i64(base), true);
      HEAPV.setBigInt64(iov + k * 16 + 8, i64(this.len()), true);
    }
    const name = this.sockaddr(), namelen = this.addrlen();
    const m = this.mem.alloc(56);
    const set = (off: number, v: number) => HEAPV.setBigInt64(m + off, i64(v), true);
    set(0, name);
    HEAPV.setInt32(m + 8, namelen | 0, true);
    set(16, this.rng.chance(0.95) ? iov : this.mem.wild(this.rng));
    set(24, this.rng.chance(0.9) ? iovlen : this.rng.pick([2 ** 31, 2 ** 53 - 1, -1]));
    const ctl = this.rng.below(10);
    if (ctl < 2) {
      // SCM_RIGHTS with the pool's descriptors (a malformed length or level now and then).
      const n = 1 + this.rng.below(3);
      const b = new Uint8Array(16 + n * 4 + 4);
      const v = new DataView(b.buffer);
      v.setBigUint64(0, BigInt(this.rng.chance(0.9) ? 16 + n * 4 : this.rng.pick([0, 15, 17, 4096])), true);
      v.setInt32(8, this.rng.chance(0.9) ? 1 : this.rng.pick([0, 2, -1]), true);
      v.setInt32(12, this.rng.chance(0.9) ? 1 : this.rng.pick([2, 3, -1]), true);
      for (let k = 0; k < n; k++) v.setInt32(16 + k * 4, this.fd(), true);
      set(32, this.mem.put(b));
      set(40, this.rng.chance(0.9) ? b.length : this.len());
    } else {
      set(32, ctl < 8 ? 0 : this.ibuf());
      set(40, ctl < 8 ? 0 : this.len());
    }
    HEAPV.setInt32(m + 48, this.rng.u32() | 0, true);
    return m;
  }

  /** A NULL-terminated array of string pointers (argv, envp), with wild entries sometimes. */
  strv(): number {
    const r = this.rng.below(10);
    if (r === 0) return 0;
    if (r === 1) return this.mem.wild(this.rng);
    const n = this.rng.below(4);
    const ptrs = Array.from({ length: n }, () => (this.rng.chance(0.85) ? this.mem.cstr(this.rng.pick(['x', '', '-c', 'A=1'])) : this.mem.wild(this.rng)));
    if (this.rng.chance(0.9)) ptrs.push(0);
    return this.words64(ptrs);
  }
  /** A struct sigaction (handler, flags, restorer, mask): default, ignore, or a handler that is none. */
  sigaction(): number {
    if (this.rng.chance(0.3)) return this.rng.chance(0.5) ? 0 : this.mem.wild(this.rng);
    return this.words64([this.rng.pick([0, 1, 2, 12345, 2 ** 53 - 1]), this.rng.u32(), 0, this.rng.u32()]);
  }
  /** A module parameter string. */
  params(): number {
    return this.mem.cstr(this.rng.pick(['', 'x=1', 'path=/tmp/fz', 'a', '='.repeat(40), 'timeout=1', 'x'.repeat(5000)]));
  }
  modname(): number {
    return this.mem.cstr(this.rng.pick(['hello', 'ioctl_ex', 'relay_ex', 'bench_chr', 'urfs', 'redirfs', 'nosuch', '',
      'x'.repeat(100)]));
  }
  fstype(): number {
    return this.rng.chance(0.1) ? this.mem.wild(this.rng) :
      this.mem.cstr(this.rng.pick(['proc', 'sysfs', 'debugfs', 'configfs', 'devtmpfs', 'rootfs', 'tmpfs', 'nosuchfs', '']));
  }

  /** Words of 64 bits at a fresh place. */
  words64(ws: number[]): number {
    const p = this.mem.alloc(ws.length * 8);
    ws.forEach((w, k) => HEAPV.setBigInt64(p + k * 8, i64(w), true));
    this.note(() => `[${ws.join(',')}]@${p}`);
    return p;
  }
}
