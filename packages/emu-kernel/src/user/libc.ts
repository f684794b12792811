// The C library of this machine's processes: the syscall instruction, errno, and the usual wrappers.
// Like C, the wrappers return -1 and set errno on failure; pointers are addresses in this process's
// address space (see HEAP, malloc). Convenience forms taking strings and Uint8Arrays copy through it.
import { STATFS_SIZE, decodeStatfs, type Statfs } from '../uapi/statfs.js';
import * as NR from '../uapi/unistd.js';
import {
  CTRL_ARG0, CTRL_NR, CTRL_RET, CTRL_SIGPENDING, CTRL_STATE, STATE_DEAD, STATE_REQUEST,
} from '../uapi/syscall_abi.js';
import { strerror as kstrerror, EINTR, ERESTARTSYS } from '../uapi/errno.js';
import { decodeStat, STAT_SIZE, type Stat } from '../uapi/stat.js';
import { SIG_DFL, SIG_IGN, SA_SIGINFO } from '../uapi/signal.js';
import { O_RDONLY, O_DIRECTORY, AT_FDCWD } from '../uapi/fcntl.js';
import { TCGETS } from '../uapi/ioctl.js';
import { Heap } from './malloc.js';

let i32: Int32Array;
let f64: Float64Array;
let heap: Heap;
/** This process's memory, byte by byte. */
export let HEAP: Uint8Array;
/** The same memory through a little-endian DataView. */
export let HEAPV: DataView;
export let errno = 0;
export function set_errno(e: number): void {
  errno = e;
}

/** Called once by the runtime before main. */
export function __libc_init(ctrl: SharedArrayBuffer, mem: SharedArrayBuffer): void {
  i32 = new Int32Array(ctrl);
  f64 = new Float64Array(ctrl);
  heap = new Heap(mem, (addr) => raw(NR.__NR_brk, addr));
  HEAP = heap.u8;
  HEAPV = heap.dv;
}

export interface SigInfoT {
  si_signo: number;
  si_code: number;
  si_pid: number;
  si_uid: number;
  si_int: number;
  si_value: number;
}
export type SigHandler = (sig: number, info: SigInfoT) => void;
const handlers = new Map<number, SigHandler>();
let next_handler_id = 2;
let delivering = false;

/** Runs the handlers of pending signals (the kernel flags them in the control block). */
export function __deliver_signals(): void {
  if (delivering) return;
  delivering = true;
  try {
    const p = malloc(40);
    for (;;) {
      const sig = raw(NR.__NR_emu_sigfetch, p);
      if (sig <= 0) break;
      const v = HEAPV;
      const info: SigInfoT = { si_signo: v.getInt32(p, true), si_code: v.getInt32(p + 8, true),
        si_pid: v.getInt32(p + 16, true), si_uid: v.getInt32(p + 20, true), si_int: v.getInt32(p + 24, true),
        si_value: v.getInt32(p + 24, true) };
      const h = handlers.get(Number(v.getBigUint64(p + 32, true)));
      h?.(sig, info);
    }
    free(p);
  } finally {
    delivering = false;
  }
}

/** Reply checks before sleeping: a few microseconds of looking. */
const SYSCALL_SPIN = 2000;

function raw(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number {
  f64[CTRL_NR] = nr;
  f64[CTRL_ARG0] = a0;
  f64[CTRL_ARG0 + 1] = a1;
  f64[CTRL_ARG0 + 2] = a2;
  f64[CTRL_ARG0 + 3] = a3;
  f64[CTRL_ARG0 + 4] = a4;
  f64[CTRL_ARG0 + 5] = a5;
  Atomics.store(i32, CTRL_STATE, STATE_REQUEST);
  Atomics.notify(i32, CTRL_STATE);
  // Most calls are answered within microseconds, while waking a sleeping thread costs tens of them on an
  // idle host: look for the reply for a short while before sleeping on it.
  let s = Atomics.load(i32, CTRL_STATE);
  for (let spin = 0; s === STATE_REQUEST && spin < SYSCALL_SPIN; spin++) s = Atomics.load(i32, CTRL_STATE);
  while (s === STATE_REQUEST) {
    Atomics.wait(i32, CTRL_STATE, STATE_REQUEST);
    s = Atomics.load(i32, CTRL_STATE);
  }
  if (s === STATE_DEAD) for (;;) Atomics.wait(i32, CTRL_STATE, STATE_DEAD);
  return f64[CTRL_RET];
}

/**
 * syscall(2): the raw call. Returns the kernel's result; on failure -1 with errno set. A call a signal
 * interrupted whose handler asked for SA_RESTART comes back as -ERESTARTSYS: it is made again once the
 * handlers ran, as the kernel's restart does.
 */
export function syscall(nr: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0): number {
  let r = raw(nr, a0, a1, a2, a3, a4, a5);
  if (Atomics.load(i32, CTRL_SIGPENDING)) __deliver_signals();
  while (r === -ERESTARTSYS) {
    r = raw(nr, a0, a1, a2, a3, a4, a5);
    if (Atomics.load(i32, CTRL_SIGPENDING)) __deliver_signals();
  }
  if (r < 0 && r > -4096) {
    errno = -r;
    return -1;
  }
  return r;
}

// ---- memory ----
export function malloc(n: number): number {
  return heap.malloc(n);
}
export function free(p: number): void {
  heap.free_(p);
}
export function calloc(n: number): number {
  const p = heap.malloc(n);
  if (p) memset(p, 0, n);
  return p;
}
/** A private page of one byte value, copied in repeatedly: fill() on shared memory is ~15x slower. */
const memset_page = new Uint8Array(16384);
let memset_byte = 0;
/** memset(3): sets `n` bytes at `p` to `c` (its low 8 bits). Returns p. */
export function memset(p: number, c: number, n: number): number {
  const b = c & 0xff;
  if (b !== memset_byte) {
    memset_page.fill(b);
    memset_byte = b;
  }
  for (let off = 0; off < n; off += memset_page.length) {
    const len = Math.min(memset_page.length, n - off);
    HEAP.set(len === memset_page.length ? memset_page : memset_page.subarray(0, len), p + off);
  }
  return p;
}
/**
 * mmap(2): maps `len` bytes (anonymous, or a driver's pages through `fd`); returns the address or -1
 * (MAP_FAILED) with errno. The memory is HEAP[addr .. addr+len).
 */
export function mmap(addr: number, len: number, prot: number, flags: number, fd = -1, offset = 0): number {
  const r = syscall(NR.__NR_mmap, addr, len, prot, flags, fd, offset);
  if (r >= 0) __heap_limit(r);
  return r;
}
export const munmap = (addr: number, len: number): number => syscall(NR.__NR_munmap, addr, len);

/** Lowers the allocator's ceiling (mmap regions live above it). */
export function __heap_limit(addr: number): void {
  heap.limit = Math.min(heap.limit, addr);
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Copies a JS string into fresh memory as a NUL-terminated C string. */
export function strdup(s: string): number {
  const b = enc.encode(s);
  const p = malloc(b.length + 1);
  HEAP.set(b, p);
  HEAP[p + b.length] = 0;
  return p;
}
/** Reads a C string. */
export function cstr(p: number, max = 1 << 20): string {
  const end = HEAP.indexOf(0, p);
  return dec.decode(HEAP.subarray(p, end < 0 ? Math.min(HEAP.length, p + max) : Math.min(end, p + max)));
}
export function memcpy_to(p: number, src: Uint8Array): void {
  HEAP.set(src, p);
}
export function memcpy_from(p: number, n: number): Uint8Array {
  return HEAP.slice(p, p + n);
}

/** Runs fn with strings copied into user memory, then frees them. */
function withStr<T>(strs: string[], fn: (...ptrs: number[]) => T): T {
  const ptrs = strs.map(strdup);
  try {
    return fn(...ptrs);
  } finally {
    ptrs.forEach(free);
  }
}

/** A NULL-terminated array of C strings (argv, envp); free with freeStrv. */
function strv(list: string[]): number {
  const arr = malloc((list.length + 1) * 8);
  list.forEach((s, i) => HEAPV.setBigUint64(arr + i * 8, BigInt(strdup(s)), true));
  HEAPV.setBigUint64(arr + list.length * 8, 0n, true);
  return arr;
}
function freeStrv(arr: number, n: number): void {
  for (let i = 0; i < n; i++) free(Number(HEAPV.getBigUint64(arr + i * 8, true)));
  free(arr);
}

export function strerror(e: number): string {
  return kstrerror(e);
}
/** perror(3): "prefix: message" on stderr. */
export function perror(prefix: string): void {
  dprintf(2, `${prefix ? prefix + ': ' : ''}${strerror(errno)}\n`);
}

// ---- files ----
/** open(3) is openat(AT_FDCWD, ...), as glibc makes it (a tracer sees the same call as on Linux). */
export const open = (path: string, flags: number, mode = 0o666): number =>
  withStr([path], (p) => syscall(NR.__NR_openat, AT_FDCWD, p, flags, mode));
export const close = (fd: number): number => syscall(NR.__NR_close, fd);
export const read = (fd: number, buf: number, count: number): number => syscall(NR.__NR_read, fd, buf, count);
export const write = (fd: number, buf: number, count: number): number => syscall(NR.__NR_write, fd, buf, count);
export const pread = (fd: number, buf: number, count: number, off: number): number =>
  syscall(NR.__NR_pread64, fd, buf, count, off);
export const pwrite = (fd: number, buf: number, count: number, off: number): number =>
  syscall(NR.__NR_pwrite64, fd, buf, count, off);
export const lseek = (fd: number, off: number, whence: number): number => syscall(NR.__NR_lseek, fd, off, whence);
export const ioctl = (fd: number, cmd: number, arg = 0): number => syscall(NR.__NR_ioctl, fd, cmd, arg);
export const dup = (fd: number): number => syscall(NR.__NR_dup, fd);
export const dup2 = (a: number, b: number): number => syscall(NR.__NR_dup2, a, b);
export const fcntl = (fd: number, cmd: number, arg = 0): number => syscall(NR.__NR_fcntl, fd, cmd, arg);
export const mkdir = (path: string, mode = 0o777): number => withStr([path], (p) => syscall(NR.__NR_mkdir, p, mode));
export const rmdir = (path: string): number => withStr([path], (p) => syscall(NR.__NR_rmdir, p));
export const unlink = (path: string): number => withStr([path], (p) => syscall(NR.__NR_unlink, p));
export const rename = (a: string, b: string): number => withStr([a, b], (p, q) => syscall(NR.__NR_rename, p, q));
export const link = (a: string, b: string): number => withStr([a, b], (p, q) => syscall(NR.__NR_link, p, q));
export const symlink = (target: string, path: string): number =>
  withStr([target, path], (p, q) => syscall(NR.__NR_symlink, p, q));
export const chmod = (path: string, mode: number): number => withStr([path], (p) => syscall(NR.__NR_chmod, p, mode));
/** struct timespec: seconds and nanoseconds (tv_nsec may be UTIME_NOW or UTIME_OMIT for utimensat). */
export interface Timespec {
  /** time_t: a bigint carries the 64-bit values a number cannot. */
  tv_sec: number | bigint;
  tv_nsec: number;
}
/**
 * utimensat(2): sets `path`'s access and modification times (null: both to now); a null path means
 * `dirfd` itself (futimens). 0, or -1 with errno.
 */
export function utimensat(dirfd: number, path: string | null, times: [Timespec, Timespec] | null, flags = 0): number {
  let tp = 0;
  if (times) {
    tp = malloc(32);
    times.forEach((t, i) => {
      HEAPV.setBigInt64(tp + 16 * i, typeof t.tv_sec === 'bigint' ? t.tv_sec : BigInt(Math.trunc(t.tv_sec)), true);
      HEAPV.setBigInt64(tp + 16 * i + 8, BigInt(Math.trunc(t.tv_nsec)), true);
    });
  }
  try {
    return path === null ? syscall(NR.__NR_utimensat, dirfd, 0, tp, flags)
      : withStr([path], (p) => syscall(NR.__NR_utimensat, dirfd, p, tp, flags));
  } finally {
    if (tp) free(tp);
  }
}
export const chown = (path: string, uid: number, gid: number): number =>
  withStr([path], (p) => syscall(NR.__NR_chown, p, uid, gid));
export const mknod = (path: string, mode: number, dev: number): number =>
  withStr([path], (p) => syscall(NR.__NR_mknod, p, mode, dev));
export const access = (path: string, mode: number): number => withStr([path], (p) => syscall(NR.__NR_access, p, mode));
export const truncate = (path: string, len: number): number => withStr([path], (p) => syscall(NR.__NR_truncate, p, len));
export const ftruncate = (fd: number, len: number): number => syscall(NR.__NR_ftruncate, fd, len);
export const chdir = (path: string): number => withStr([path], (p) => syscall(NR.__NR_chdir, p));
export const umask = (mask: number): number => syscall(NR.__NR_umask, mask);

export function readlink(path: string): string | null {
  const buf = malloc(4096);
  try {
    const n = withStr([path], (p) => syscall(NR.__NR_readlink, p, buf, 4096));
    return n < 0 ? null : dec.decode(HEAP.subarray(buf, buf + n));
  } finally {
    free(buf);
  }
}

export function getcwd(): string | null {
  const buf = malloc(4096);
  try {
    return syscall(NR.__NR_getcwd, buf, 4096) < 0 ? null : cstr(buf);
  } finally {
    free(buf);
  }
}

function statCall(nr: number, arg: number): Stat | null {
  const buf = malloc(STAT_SIZE);
  try {
    return syscall(nr, arg, buf) < 0 ? null : decodeStat(HEAP.slice(buf, buf + STAT_SIZE));
  } finally {
    free(buf);
  }
}
export const stat = (path: string): Stat | null => withStr([path], (p) => statCall(NR.__NR_stat, p));
export const lstat = (path: string): Stat | null => withStr([path], (p) => statCall(NR.__NR_lstat, p));
export const fstat = (fd: number): Stat | null => statCall(NR.__NR_fstat, fd);

// ---- the *at calls: a relative path starts at the directory open as dirfd (AT_FDCWD: the working one) ----
export const openat = (dirfd: number, path: string, flags: number, mode = 0o666): number =>
  withStr([path], (p) => syscall(NR.__NR_openat, dirfd, p, flags, mode));
export const mkdirat = (dirfd: number, path: string, mode = 0o777): number =>
  withStr([path], (p) => syscall(NR.__NR_mkdirat, dirfd, p, mode));
export const mknodat = (dirfd: number, path: string, mode: number, dev: number): number =>
  withStr([path], (p) => syscall(NR.__NR_mknodat, dirfd, p, mode, dev));
/** flags: AT_REMOVEDIR to remove a directory. */
export const unlinkat = (dirfd: number, path: string, flags = 0): number =>
  withStr([path], (p) => syscall(NR.__NR_unlinkat, dirfd, p, flags));
export const symlinkat = (target: string, dirfd: number, path: string): number =>
  withStr([target, path], (t, p) => syscall(NR.__NR_symlinkat, t, dirfd, p));
/** flags: AT_SYMLINK_FOLLOW, AT_EMPTY_PATH. */
export const linkat = (olddirfd: number, oldpath: string, newdirfd: number, newpath: string, flags = 0): number =>
  withStr([oldpath, newpath], (a, b) => syscall(NR.__NR_linkat, olddirfd, a, newdirfd, b, flags));
/** flags: RENAME_NOREPLACE (renameat2). */
export const renameat = (olddirfd: number, oldpath: string, newdirfd: number, newpath: string, flags = 0): number =>
  withStr([oldpath, newpath], (a, b) => syscall(NR.__NR_renameat2, olddirfd, a, newdirfd, b, flags));
export const fchmodat = (dirfd: number, path: string, mode: number): number =>
  withStr([path], (p) => syscall(NR.__NR_fchmodat, dirfd, p, mode));
/** flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
export const fchownat = (dirfd: number, path: string, uid: number, gid: number, flags = 0): number =>
  withStr([path], (p) => syscall(NR.__NR_fchownat, dirfd, p, uid, gid, flags));
export const fchown = (fd: number, uid: number, gid: number): number => syscall(NR.__NR_fchown, fd, uid, gid);
/** flags: AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
export const faccessat = (dirfd: number, path: string, mode: number, flags = 0): number =>
  withStr([path], (p) => syscall(NR.__NR_faccessat2, dirfd, p, mode, flags));
/** flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH (with "": the descriptor's own file). */
export function fstatat(dirfd: number, path: string, flags = 0): Stat | null {
  const buf = malloc(STAT_SIZE);
  try {
    const r = withStr([path], (p) => syscall(NR.__NR_newfstatat, dirfd, p, buf, flags));
    return r < 0 ? null : decodeStat(HEAP.slice(buf, buf + STAT_SIZE));
  } finally {
    free(buf);
  }
}
export function readlinkat(dirfd: number, path: string): string | null {
  const buf = malloc(4096);
  try {
    const n = withStr([path], (p) => syscall(NR.__NR_readlinkat, dirfd, p, buf, 4096));
    return n < 0 ? null : dec.decode(HEAP.subarray(buf, buf + n));
  } finally {
    free(buf);
  }
}
/** fallocate(2): mode 0 or FALLOC_FL_* bits. */
export const fallocate = (fd: number, mode: number, offset: number, len: number): number =>
  syscall(NR.__NR_fallocate, fd, mode, offset, len);

function statfsCall(nr: number, arg: number): Statfs | null {
  const buf = malloc(STATFS_SIZE);
  try {
    return syscall(nr, arg, buf) < 0 ? null : decodeStatfs(HEAP.slice(buf, buf + STATFS_SIZE));
  } finally {
    free(buf);
  }
}
export const statfs = (path: string): Statfs | null => withStr([path], (p) => statfsCall(NR.__NR_statfs, p));
export const fstatfs = (fd: number): Statfs | null => statfsCall(NR.__NR_fstatfs, fd);

/** Reads up to `max` bytes; returns them (empty at end of file) or null with errno set. */
export function readBytes(fd: number, max = 65536): Uint8Array | null {
  const buf = malloc(max);
  try {
    const n = read(fd, buf, max);
    return n < 0 ? null : HEAP.slice(buf, buf + n);
  } finally {
    free(buf);
  }
}

/** Writes all of `data`, looping over short writes; returns bytes written or -1 with errno. */
export function writeAll(fd: number, data: Uint8Array | string): number {
  const bytes = typeof data === 'string' ? enc.encode(data) : data;
  if (!bytes.length) return 0;
  const buf = malloc(bytes.length);
  HEAP.set(bytes, buf);
  try {
    let done = 0;
    while (done < bytes.length) {
      const n = write(fd, buf + done, bytes.length - done);
      if (n < 0) {
        if (errno === EINTR) continue;
        return done ? done : -1;
      }
      done += n;
    }
    return done;
  } finally {
    free(buf);
  }
}

/** Reads a whole file (or stream) into memory; null with errno on failure. */
export function readFile(path: string): Uint8Array | null {
  const fd = open(path, O_RDONLY);
  if (fd < 0) return null;
  try {
    return readAll(fd);
  } finally {
    close(fd);
  }
}
export function readAll(fd: number): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const b = readBytes(fd, 65536);
    if (!b) {
      if (errno === EINTR) continue;
      return null;
    }
    if (!b.length) break;
    parts.push(b);
    total += b.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** printf to a descriptor (no formatting language: pass the finished string). */
export function dprintf(fd: number, s: string): number {
  return writeAll(fd, s);
}
export const printf = (s: string): number => dprintf(1, s);
export const puts = (s: string): number => dprintf(1, s + '\n');

export interface Dirent {
  d_ino: number;
  d_type: number;
  d_name: string;
}
/** All entries of a directory (opendir + readdir + closedir), or null with errno. */
export function readdir(path: string): Dirent[] | null {
  const fd = opendir(path);
  if (fd < 0) return null;
  try {
    return readdir_all(fd);
  } finally {
    closedir(fd);
  }
}

/** opendir(3), as a descriptor: the directory stays open (and listed in /proc/self/fd) until closedir. */
export function opendir(path: string): number {
  return open(path, O_RDONLY | O_DIRECTORY);
}
export const closedir = (fd: number): number => close(fd);

/** Every entry left in the open directory `fd` (getdents64 until it returns 0), or null with errno. */
export function readdir_all(fd: number): Dirent[] | null {
  const size = 32768;
  const buf = malloc(size);
  const out: Dirent[] = [];
  try {
    for (;;) {
      const n = syscall(NR.__NR_getdents64, fd, buf, size);
      if (n < 0) return null;
      if (n === 0) return out;
      let off = 0;
      while (off < n) {
        const p = buf + off;
        const reclen = HEAPV.getUint16(p + 16, true);
        out.push({ d_ino: Number(HEAPV.getBigUint64(p, true)), d_type: HEAP[p + 18], d_name: cstr(p + 19) });
        off += reclen;
      }
    }
  } finally {
    free(buf);
  }
}

export function pipe(): [number, number] | null {
  const p = malloc(8);
  try {
    return syscall(NR.__NR_pipe2, p, 0) < 0 ? null : [HEAPV.getInt32(p, true), HEAPV.getInt32(p + 4, true)];
  } finally {
    free(p);
  }
}

export interface PollFd {
  fd: number;
  events: number;
  revents?: number;
}
/** poll(2); fills each revents. Returns the ready count, 0 on timeout, -1 with errno. */
export function poll(fds: PollFd[], timeout_ms: number): number {
  const p = malloc(fds.length * 8 + 8);
  fds.forEach((f, i) => {
    HEAPV.setInt32(p + i * 8, f.fd, true);
    HEAPV.setInt16(p + i * 8 + 4, f.events, true);
    HEAPV.setInt16(p + i * 8 + 6, 0, true);
  });
  try {
    const r = syscall(NR.__NR_poll, p, fds.length, timeout_ms);
    if (r >= 0) fds.forEach((f, i) => (f.revents = HEAPV.getUint16(p + i * 8 + 6, true)));
    return r;
  } finally {
    free(p);
  }
}

// ---- processes ----
export const getpid = (): number => syscall(NR.__NR_getpid);
export const getppid = (): number => syscall(NR.__NR_getppid);
export const getuid = (): number => syscall(NR.__NR_getuid);
export const geteuid = (): number => syscall(NR.__NR_geteuid);
export const getgid = (): number => syscall(NR.__NR_getgid);
export const getegid = (): number => syscall(NR.__NR_getegid);
export const setuid = (uid: number): number => syscall(NR.__NR_setuid, uid);
export const setgid = (gid: number): number => syscall(NR.__NR_setgid, gid);
export const setresuid = (r: number, e: number, s: number): number => syscall(NR.__NR_setresuid, r, e, s);
export const setresgid = (r: number, e: number, s: number): number => syscall(NR.__NR_setresgid, r, e, s);
/** getgroups(2): the supplementary groups, or null with errno. */
export function getgroups(): number[] | null {
  const n = syscall(NR.__NR_getgroups, 0, 0);
  if (n < 0) return null;
  const p = malloc(Math.max(n, 1) * 4);
  try {
    const got = syscall(NR.__NR_getgroups, n, p);
    if (got < 0) return null;
    return Array.from({ length: got }, (_, i) => HEAPV.getUint32(p + i * 4, true));
  } finally {
    free(p);
  }
}
/** setgroups(2): 0, or -1 with errno. */
export function setgroups(groups: number[]): number {
  const p = malloc(Math.max(groups.length, 1) * 4);
  try {
    groups.forEach((g, i) => HEAPV.setUint32(p + i * 4, g >>> 0, true));
    return syscall(NR.__NR_setgroups, groups.length, p);
  } finally {
    free(p);
  }
}
export const kill = (pid: number, sig: number): number => syscall(NR.__NR_kill, pid, sig);

/** exit(3): ends the process; never returns. */
export function exit(code: number): never {
  raw(NR.__NR_exit_group, code);
  for (;;) Atomics.wait(i32, CTRL_STATE, STATE_DEAD);
}

/**
 * posix_spawn: runs `path` with `argv` in a new process whose descriptor i is our descriptor fdmap[i]
 * (-1 closed; default: 0, 1, 2 shared). Returns the pid or -1 with errno.
 */
export function spawn(path: string, argv: string[], envp: string[] = environ, fdmap: number[] = [0, 1, 2]): number {
  const a = strv(argv), e = strv(envp);
  const m = malloc(fdmap.length * 4 + 4);
  fdmap.forEach((fd, i) => HEAPV.setInt32(m + i * 4, fd, true));
  try {
    return withStr([path], (p) => syscall(NR.__NR_emu_spawn, p, a, e, m, fdmap.length));
  } finally {
    freeStrv(a, argv.length);
    freeStrv(e, envp.length);
    free(m);
  }
}

/** execve(2): returns only on failure (-1 with errno). */
export function execve(path: string, argv: string[], envp: string[] = environ): number {
  const a = strv(argv), e = strv(envp);
  try {
    return withStr([path], (p) => syscall(NR.__NR_execve, p, a, e));
  } finally {
    freeStrv(a, argv.length);
    freeStrv(e, envp.length);
  }
}

/** waitpid: returns [pid, status] (pid 0 with WNOHANG when none is ready) or null with errno. */
export function waitpid(pid: number, options = 0): [number, number] | null {
  const p = malloc(8);
  try {
    const r = syscall(NR.__NR_wait4, pid, p, options, 0);
    return r < 0 ? null : [r, HEAPV.getInt32(p, true)];
  } finally {
    free(p);
  }
}

/**
 * sigaction(2): installs `handler` (a function, SIG_DFL or SIG_IGN) for `sig`. Handlers run in this
 * thread when a system call returns, or when the thread is idle.
 */
export function sigaction(sig: number, handler: SigHandler | typeof SIG_DFL | typeof SIG_IGN, flags = SA_SIGINFO): number {
  let id: number = handler as number;
  if (typeof handler === 'function') {
    id = next_handler_id++;
    handlers.set(id, handler);
  }
  const p = calloc(32);
  HEAPV.setBigUint64(p, BigInt(id), true);
  HEAPV.setBigUint64(p + 8, BigInt(flags >>> 0), true);
  try {
    return syscall(NR.__NR_rt_sigaction, sig, p, 0, 8);
  } finally {
    free(p);
  }
}
export const signal = (sig: number, handler: SigHandler | typeof SIG_DFL | typeof SIG_IGN): number =>
  sigaction(sig, handler, 0);

/** sigqueue(3): a signal carrying an int. */
export function sigqueue(pid: number, sig: number, value: number): number {
  const p = calloc(128);
  HEAPV.setInt32(p, sig, true);
  HEAPV.setInt32(p + 8, -1, true); // SI_QUEUE
  HEAPV.setInt32(p + 24, value, true);
  try {
    return syscall(NR.__NR_rt_sigqueueinfo, pid, sig, p);
  } finally {
    free(p);
  }
}

/** Sleeps; returns 0, or -1 with EINTR when a signal came. */
export function nanosleep_ms(ms: number): number {
  const p = malloc(32);
  HEAPV.setBigInt64(p, BigInt(Math.floor(ms / 1000)), true);
  HEAPV.setBigInt64(p + 8, BigInt(Math.round((ms % 1000) * 1e6)), true);
  try {
    return syscall(NR.__NR_nanosleep, p, p + 16);
  } finally {
    free(p);
  }
}
export const sleep = (seconds: number): number => nanosleep_ms(seconds * 1000);

export function uname(): { sysname: string; nodename: string; release: string; version: string; machine: string } | null {
  const p = malloc(65 * 6);
  try {
    if (syscall(NR.__NR_uname, p) < 0) return null;
    const f = (i: number) => cstr(p + i * 65, 65);
    return { sysname: f(0), nodename: f(1), release: f(2), version: f(3), machine: f(4) };
  } finally {
    free(p);
  }
}

/** Monotonic clock in milliseconds (clock_gettime(CLOCK_MONOTONIC)). */
export function clock_ms(): number {
  const p = malloc(16);
  try {
    syscall(NR.__NR_clock_gettime, 1, p);
    return Number(HEAPV.getBigInt64(p, true)) * 1000 + Number(HEAPV.getBigInt64(p + 8, true)) / 1e6;
  } finally {
    free(p);
  }
}

// ---- modules and mounts ----
export const finit_module = (fd: number, params: string, flags = 0): number =>
  withStr([params], (p) => syscall(NR.__NR_finit_module, fd, p, flags));
export const delete_module = (name: string, flags = 0): number =>
  withStr([name], (p) => syscall(NR.__NR_delete_module, p, flags));
export const mount = (src: string, target: string, type: string, flags = 0, data = ''): number =>
  withStr([src, target, type, data], (a, b, c, d) => syscall(NR.__NR_mount, a, b, c, flags, d));
export const umount = (target: string, flags = 0): number => withStr([target], (p) => syscall(NR.__NR_umount2, p, flags));

// ---- kernel log ----
/** syslog(2) system call number (x86_64). */
const __NR_syslog = 103;
/** klogctl actions (SYSLOG_ACTION_*). */
export const SYSLOG_ACTION_READ_ALL = 3, SYSLOG_ACTION_READ_CLEAR = 4, SYSLOG_ACTION_CLEAR = 5,
  SYSLOG_ACTION_SIZE_BUFFER = 10;
/** klogctl(3): the syslog(2) call; `bufp` is an address in this process (0 when the action takes none). */
export const klogctl = (type: number, bufp = 0, len = 0): number => syscall(__NR_syslog, type, bufp, len);

/** isatty(3): whether the descriptor is a terminal (answers TCGETS). */
export function isatty(fd: number): boolean {
  const p = malloc(64);
  try {
    return syscall(NR.__NR_ioctl, fd, TCGETS, p) >= 0;
  } finally {
    free(p);
  }
}

// ---- environment ----
export let environ: string[] = [];
export let program_invocation_name = '';
export function __set_environ(argv0: string, env: string[]): void {
  environ = env;
  program_invocation_name = argv0;
}
export function getenv(name: string): string | undefined {
  const e = environ.find((x) => x.startsWith(name + '='));
  return e?.slice(name.length + 1);
}
export function setenv(name: string, value: string): void {
  environ = environ.filter((x) => !x.startsWith(name + '=')).concat(`${name}=${value}`);
}
export function unsetenv(name: string): void {
  environ = environ.filter((x) => !x.startsWith(name + '='));
}
export { SIG_DFL, SIG_IGN };

// ---- sockets ----
// C-shaped calls taking and giving bytes: addresses are the family's struct sockaddr as a Uint8Array.
export const socket = (domain: number, type: number, protocol: number): number =>
  syscall(NR.__NR_socket, domain, type, protocol);

function withBytes<T>(parts: (Uint8Array | null)[], fn: (ptrs: number[]) => T): T {
  const ptrs = parts.map((b) => {
    if (!b) return 0;
    const p = malloc(Math.max(1, b.length));
    HEAP.set(b, p);
    return p;
  });
  try {
    return fn(ptrs);
  } finally {
    for (const p of ptrs) if (p) free(p);
  }
}
export function bind(fd: number, addr: Uint8Array): number {
  return withBytes([addr], ([a]) => syscall(NR.__NR_bind, fd, a, addr.length));
}
/** An address a call stores with its length (getsockname, getpeername), or null with errno. */
function addr_call(nr: number, fd: number): Uint8Array | null {
  const p = calloc(128 + 4);
  try {
    HEAPV.setInt32(p + 128, 128, true);
    const r = syscall(nr, fd, p, p + 128);
    return r < 0 ? null : HEAP.slice(p, p + Math.min(128, HEAPV.getInt32(p + 128, true)));
  } finally {
    free(p);
  }
}
/** getsockname(2): the bound address, or null with errno. */
export const getsockname = (fd: number): Uint8Array | null => addr_call(NR.__NR_getsockname, fd);
/** sendto(2): one datagram, to `addr` when given. */
export function sendto(fd: number, data: Uint8Array, flags = 0, addr: Uint8Array | null = null): number {
  return withBytes([data, addr], ([d, a]) => syscall(NR.__NR_sendto, fd, d, data.length, flags, a, addr?.length ?? 0));
}
/** recvfrom(2): one datagram of at most `max` bytes and the sender's address, or null with errno. */
export function recvfrom(fd: number, max: number, flags = 0): { data: Uint8Array; addr: Uint8Array; n: number } | null {
  const p = malloc(Math.max(1, max)), a = calloc(128 + 4);
  try {
    HEAPV.setInt32(a + 128, 128, true);
    const r = syscall(NR.__NR_recvfrom, fd, p, max, flags, a, a + 128);
    if (r < 0) return null;
    return { data: HEAP.slice(p, p + Math.min(r, max)), addr: HEAP.slice(a, a + Math.min(128, HEAPV.getInt32(a + 128, true))), n: r };
  } finally {
    free(p);
    free(a);
  }
}
/** sendmsg(2) with the pieces of `iov` gathered into one datagram; `fds` go along as SCM_RIGHTS. */
export function sendmsg(fd: number, iov: Uint8Array[], flags = 0, name: Uint8Array | null = null, fds: number[] = []): number {
  return withBytes([name, ...iov], ([n, ...bufs]) => {
    const clen = fds.length ? 16 + ((fds.length * 4 + 7) & ~7) : 0;
    const m = calloc(56 + 16 * iov.length + clen);
    try {
      if (clen) {
        const c = m + 56 + 16 * iov.length;
        HEAPV.setBigUint64(c, BigInt(16 + fds.length * 4), true);
        HEAPV.setInt32(c + 8, 1, true); // SOL_SOCKET
        HEAPV.setInt32(c + 12, 1, true); // SCM_RIGHTS
        fds.forEach((d, i) => HEAPV.setInt32(c + 16 + i * 4, d, true));
        HEAPV.setBigUint64(m + 32, BigInt(c), true);
        HEAPV.setBigUint64(m + 40, BigInt(clen), true);
      }
      const v = m + 56;
      iov.forEach((b, i) => {
        HEAPV.setBigUint64(v + i * 16, BigInt(bufs[i]), true);
        HEAPV.setBigUint64(v + i * 16 + 8, BigInt(b.length), true);
      });
      HEAPV.setBigUint64(m, BigInt(n), true);
      HEAPV.setInt32(m + 8, name?.length ?? 0, true);
      HEAPV.setBigUint64(m + 16, BigInt(v), true);
      HEAPV.setBigUint64(m + 24, BigInt(iov.length), true);
      return syscall(NR.__NR_sendmsg, fd, m, flags);
    } finally {
      free(m);
    }
  });
}
/**
 * recvmsg(2) into one buffer of `max` bytes: the data, the sender, msg_flags (MSG_TRUNC, MSG_CTRUNC), the
 * return value, and up to `maxfds` descriptors passed with SCM_RIGHTS.
 */
export function recvmsg(fd: number, max: number, flags = 0, maxfds = 0):
  { data: Uint8Array; name: Uint8Array; msg_flags: number; n: number; fds: number[] } | null {
  const clen = maxfds > 0 ? 16 + ((maxfds * 4 + 7) & ~7) : 0;
  const m = calloc(56 + 16 + 128 + clen), buf = malloc(Math.max(1, max));
  try {
    const v = m + 56, name = m + 72, ctl = m + 200;
    if (clen) {
      HEAPV.setBigUint64(m + 32, BigInt(ctl), true);
      HEAPV.setBigUint64(m + 40, BigInt(clen), true);
    }
    HEAPV.setBigUint64(v, BigInt(buf), true);
    HEAPV.setBigUint64(v + 8, BigInt(max), true);
    HEAPV.setBigUint64(m, BigInt(name), true);
    HEAPV.setInt32(m + 8, 128, true);
    HEAPV.setBigUint64(m + 16, BigInt(v), true);
    HEAPV.setBigUint64(m + 24, 1n, true);
    const r = syscall(NR.__NR_recvmsg, fd, m, flags);
    if (r < 0) return null;
    const fds: number[] = [];
    const used = Number(HEAPV.getBigUint64(m + 40, true));
    for (let c = ctl; clen && c + 16 <= ctl + used; c += (Number(HEAPV.getBigUint64(c, true)) + 7) & ~7) {
      const len = Number(HEAPV.getBigUint64(c, true));
      if (len < 16) break;
      if (HEAPV.getInt32(c + 8, true) === 1 && HEAPV.getInt32(c + 12, true) === 1) {
        for (let i = 0; i < (len - 16) / 4; i++) fds.push(HEAPV.getInt32(c + 16 + i * 4, true));
      }
    }
    return { data: HEAP.slice(buf, buf + Math.min(r, max)), name: HEAP.slice(name, name + Math.min(128, HEAPV.getInt32(m + 8, true))),
      msg_flags: HEAPV.getInt32(m + 48, true), n: r, fds };
  } finally {
    free(m);
    free(buf);
  }
}
export function connect(fd: number, addr: Uint8Array): number {
  return withBytes([addr], ([a]) => syscall(NR.__NR_connect, fd, a, addr.length));
}
export const listen = (fd: number, backlog: number): number => syscall(NR.__NR_listen, fd, backlog);
/** accept4(2) (accept: flags 0): the new descriptor, or -1; the peer's address is not returned. */
export const accept4 = (fd: number, flags = 0): number => syscall(NR.__NR_accept4, fd, 0, 0, flags);
export const accept = (fd: number): number => syscall(NR.__NR_accept, fd, 0, 0);
export const shutdown = (fd: number, how: number): number => syscall(NR.__NR_shutdown, fd, how);
/** socketpair(2): two connected descriptors, or null with errno. */
export function socketpair(domain: number, type: number, protocol = 0): [number, number] | null {
  const p = calloc(8);
  try {
    return syscall(NR.__NR_socketpair, domain, type, protocol, p) < 0 ? null : [HEAPV.getInt32(p, true), HEAPV.getInt32(p + 4, true)];
  } finally {
    free(p);
  }
}
/** getpeername(2): the peer's address, or null with errno. */
export const getpeername = (fd: number): Uint8Array | null => addr_call(NR.__NR_getpeername, fd);
/** getsockopt(2): the option's bytes (at most `len`), or null with errno. */
export function getsockopt(fd: number, level: number, optname: number, len = 4): Uint8Array | null {
  const p = calloc(len + 4);
  try {
    HEAPV.setInt32(p + len, len, true);
    const r = syscall(NR.__NR_getsockopt, fd, level, optname, p, p + len);
    return r < 0 ? null : HEAP.slice(p, p + HEAPV.getInt32(p + len, true));
  } finally {
    free(p);
  }
}
/** An int option's value, or -1 with errno. */
export function getsockopt_int(fd: number, level: number, optname: number): number {
  const b = getsockopt(fd, level, optname, 4);
  return b && b.length === 4 ? new DataView(b.buffer).getInt32(0, true) : -1;
}
export function setsockopt_int(fd: number, level: number, optname: number, value: number): number {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, value, true);
  return withBytes([b], ([p]) => syscall(NR.__NR_setsockopt, fd, level, optname, p, 4));
}

// ---- tracing ----
/** ptrace(2), the raw call (uapi/ptrace): PEEK requests store the word at the address `data`. */
export const ptrace = (request: number, pid: number, addr = 0, data = 0): number =>
  syscall(NR.__NR_ptrace, request, pid, addr, data);

/** process_vm_readv(2) with one iovec each side: `len` bytes at `remote` in process `pid` to `local` here. */
export function process_vm_readv(pid: number, local: number, remote: number, len: number): number {
  const iov = malloc(32);
  HEAPV.setBigUint64(iov, BigInt(local), true);
  HEAPV.setBigUint64(iov + 8, BigInt(len), true);
  HEAPV.setBigUint64(iov + 16, BigInt(remote), true);
  HEAPV.setBigUint64(iov + 24, BigInt(len), true);
  try {
    return syscall(NR.__NR_process_vm_readv, pid, iov, 1, iov + 16, 1, 0);
  } finally {
    free(iov);
  }
}
