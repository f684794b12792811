// What sysfuzz knows of each system call: the kind of each argument (so that most inputs get past the
// first checks and reach the code behind them), how often to try it, and what to remember from its result
// (descriptors it made join the pool, mappings, closed descriptors). Calls that end the process or change
// its identity get only arguments they refuse; calls that may wait get only bounded waits.
import * as NR from '../../../uapi/unistd.js';
import { F_DUPFD, F_SETFL, O_CLOEXEC, O_NONBLOCK, O_TRUNC } from '../../../uapi/fcntl.js';
import { SIGKILL, SIGSTOP } from '../../../uapi/signal.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED } from '../../../uapi/mman.js';
import { AF_INET, AF_NETLINK, AF_UNIX, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM } from '../../../uapi/socket.js';
import { _IOC, TCGETS, TIOCGWINSZ, FIONREAD } from '../../../uapi/ioctl.js';
import { HEAPV, getpid } from '../../../user/libc.js';
import { Gen, HARMLESS_SIGNALS } from './args.js';
import { Pool } from './pool.js';

/** Numbers outside uapi/unistd: syslog(2) and the kernel configuration's mysyscall. */
const __NR_syslog = 103, __NR_mysyscall = 548;
const F_DUPFD_CLOEXEC = 1030;
const WNOHANG = 1;
const FIOCLEX = 0x5451, FIONCLEX = 0x5450;

export interface Call {
  nr: number;
  name: string;
  /** Relative frequency. */
  weight: number;
  args(g: Gen): number[];
  /** What to remember of a result; `skip` when the input would wait legitimately (not made, not counted). */
  after?(g: Gen, a: number[], r: number): void;
  skip?(g: Gen, a: number[]): boolean;
}

const ret_fd = (g: Gen, _a: number[], r: number) => g.pool.adopt(r);
/** Two descriptors written at a[0] (pipe, pipe2). */
function ret_pair(g: Gen, a: number[], r: number): void {
  if (r < 0) return;
  g.pool.adopt(HEAPV.getInt32(a[0], true));
  g.pool.adopt(HEAPV.getInt32(a[0] + 4, true));
}

/** ioctl numbers: the terminal's, fcntl-like ones, the demo drivers' (types 'k' and 'B'), redirctl's 0-6. */
function ioctl_cmd(g: Gen): number {
  const r = g.rng.below(100);
  if (r < 30) return g.rng.pick([TCGETS, TIOCGWINSZ, FIONREAD, FIOCLEX, FIONCLEX, 0, 1, 2, 3, 4, 5, 6, 7]);
  if (r < 80) return _IOC(g.rng.below(4), g.rng.pick([0x6b, 0x42, 0x54, 0x55, 0]), g.rng.below(8), g.rng.pick([0, 4, 8, 16, 200, 0x3fff]));
  return g.int();
}
function ioctl_arg(g: Gen): number {
  const r = g.rng.below(10);
  return r < 6 ? g.ibuf() : r < 8 ? g.int() : g.obuf();
}

function mmap_args(g: Gen): number[] {
  const rng = g.rng;
  const addr = rng.chance(0.8) ? 0 : rng.chance(0.5) && g.pool.maps.length ? rng.pick(g.pool.maps).addr : g.mem.wild(rng);
  const len = rng.pick([4096, 8192, 65536, 1, 0, -1, 2 ** 31, 2 ** 40, rng.below(300000), 4097]);
  let flags = rng.pick([MAP_PRIVATE | MAP_ANONYMOUS, MAP_SHARED | MAP_ANONYMOUS, MAP_SHARED, MAP_PRIVATE, 0, MAP_FIXED | MAP_PRIVATE]);
  if (rng.chance(0.05)) flags = g.int();
  return [addr, len, rng.chance(0.9) ? rng.below(8) : g.int(), flags, rng.chance(0.6) ? g.fd() : -1,
    rng.pick([0, 0, 4096, 1, -4096, 2 ** 40])];
}
function munmap_args(g: Gen): number[] {
  const m = g.pool.maps.length && g.rng.chance(0.8) ? g.rng.pick(g.pool.maps) : null;
  return m ? [m.addr, g.rng.chance(0.8) ? m.len : g.int()] : [g.mem.wild(g.rng), g.int()];
}

/** kill-like targets: ourselves, nobody, or everybody with a signal that does nothing. */
function kill_args(g: Gen): number[] {
  return [g.rng.pick([getpid(), 0, -1, 1, 99999, -99999, 2 ** 31]), g.rng.pick(HARMLESS_SIGNALS)];
}

/** brk(2) may only grow the break or be refused: a lower break would hand the heap to mmap. */
let brk0 = 0;
export function set_brk0(b: number): void {
  brk0 = b;
}

const c = (nr: number, name: string, weight: number, args: (g: Gen) => number[], more: Partial<Call> = {}): Call =>
  ({ nr, name, weight, args, ...more });

export const CALLS: readonly Call[] = [
  c(NR.__NR_read, 'read', 8, (g) => [g.fd(), g.obuf(), g.len()]),
  c(NR.__NR_write, 'write', 8, (g) => [g.fd(), g.ibuf(), g.len()]),
  c(NR.__NR_open, 'open', 5, (g) => [g.path(), g.oflags(), g.mode()], { after: ret_fd }),
  c(NR.__NR_close, 'close', 2, (g) => [g.fd()], { after: (g, a, r) => r === 0 && g.pool.closed(a[0]) }),
  c(NR.__NR_stat, 'stat', 3, (g) => [g.path(), g.obuf()]),
  c(NR.__NR_fstat, 'fstat', 3, (g) => [g.fd(), g.obuf()]),
  c(NR.__NR_lstat, 'lstat', 2, (g) => [g.path(), g.obuf()]),
  c(NR.__NR_poll, 'poll', 3, (g) => [g.pollfds(), g.nfds(), g.polltimeout()]),
  c(NR.__NR_lseek, 'lseek', 3, (g) => [g.fd(), g.off(), g.whence()]),
  c(NR.__NR_mmap, 'mmap', 3, mmap_args, { after: (g, a, r) => r > 0 && g.pool.mapped_add(r, a[1]) }),
  c(NR.__NR_munmap, 'munmap', 2, munmap_args, { after: (g, a, r) => r === 0 && g.pool.mapped_remove(a[0]) }),
  c(NR.__NR_brk, 'brk', 1, (g) => [g.rng.pick([0, brk0, brk0 + 4096, 2 ** 40, -1, 1, 4095, NaN])]),
  c(NR.__NR_rt_sigaction, 'rt_sigaction', 2, (g) => {
    const act = g.sigaction();
    const sig = act ? g.rng.pick([...HARMLESS_SIGNALS, SIGKILL, SIGSTOP]) : g.int();
    return [sig, act, g.rng.chance(0.5) ? 0 : g.obuf(), g.rng.pick([8, 0, 16, -1])];
  }),
  c(NR.__NR_rt_sigprocmask, 'rt_sigprocmask', 1, (g) => [g.rng.chance(0.8) ? g.rng.below(4) : g.int(),
    g.rng.chance(0.7) ? g.ibuf() : 0, g.rng.chance(0.5) ? g.obuf() : 0, g.rng.pick([8, 0, 16])]),
  c(NR.__NR_ioctl, 'ioctl', 10, (g) => [g.fd(), ioctl_cmd(g), ioctl_arg(g)]),
  c(NR.__NR_pread64, 'pread64', 4, (g) => [g.fd(), g.obuf(), g.len(), g.off()]),
  c(NR.__NR_pwrite64, 'pwrite64', 4, (g) => [g.fd(), g.ibuf(), g.len(), g.off()]),
  c(NR.__NR_access, 'access', 1, (g) => [g.path(), g.rng.chance(0.9) ? g.rng.below(8) : g.int()]),
  c(NR.__NR_pipe, 'pipe', 1, (g) => [g.rng.chance(0.9) ? g.mem.alloc(8) : g.mem.wild(g.rng)], { after: ret_pair }),
  c(NR.__NR_select, 'select', 2, (g) => [g.rng.pick([0, 1, 8, 64, 100, 1024, 1025, -1]), g.fdset(), g.fdset(), g.fdset(), g.shorttv()]),
  c(NR.__NR_sched_yield, 'sched_yield', 1, () => []),
  c(NR.__NR_dup, 'dup', 2, (g) => [g.fd()], { after: ret_fd }),
  c(NR.__NR_dup2, 'dup2', 2, (g) => [g.fd(), g.fd()], { after: ret_fd }),
  c(NR.__NR_nanosleep, 'nanosleep', 1, (g) => [g.shortsleep(), g.rng.chance(0.5) ? 0 : g.obuf()]),
  c(NR.__NR_getpid, 'getpid', 1, () => []),
  c(NR.__NR_socket, 'socket', 3, (g) => [g.rng.pick([AF_NETLINK, AF_INET, AF_UNIX, 0, 10, 46, 47, -1]),
    (g.rng.pick([SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, SOCK_SEQPACKET, 0, 15]) | SOCK_NONBLOCK | (g.rng.chance(0.2) ? O_CLOEXEC : 0)) >>> 0,
    g.rng.pick([0, 16, 31, 30, 17, 2, 32, -1, 255])], { after: ret_fd }),
  c(NR.__NR_sendto, 'sendto', 4, (g) => [g.fd(), g.ibuf(), g.len(), g.int(), g.sockaddr(), g.addrlen()]),
  c(NR.__NR_recvfrom, 'recvfrom', 3, (g) => [g.fd(), g.obuf(), g.len(), g.int(),
    g.rng.chance(0.7) ? g.mem.alloc(128) : 0, g.lenptr()]),
  c(NR.__NR_sendmsg, 'sendmsg', 4, (g) => [g.fd(), g.msghdr(), g.int()]),
  c(NR.__NR_recvmsg, 'recvmsg', 3, (g) => [g.fd(), g.msghdr(), g.int()]),
  c(NR.__NR_bind, 'bind', 2, (g) => [g.fd(), g.sockaddr(), g.addrlen()]),
  c(NR.__NR_getsockname, 'getsockname', 1, (g) => [g.fd(), g.obuf(), g.lenptr()]),
  c(NR.__NR_connect, 'connect', 2, (g) => [g.fd(), g.sockaddr(), g.addrlen()]),
  c(NR.__NR_listen, 'listen', 1, (g) => [g.fd(), g.rng.pick([0, 1, 5, -1, 2 ** 31 - 1, g.int()])]),
  c(NR.__NR_accept4, 'accept4', 1, (g) => [g.fd(), g.rng.chance(0.5) ? g.mem.alloc(128) : 0, g.lenptr(),
    g.rng.pick([0, SOCK_NONBLOCK, O_CLOEXEC, 1, g.int()])], { after: ret_fd }),
  c(NR.__NR_socketpair, 'socketpair', 1, (g) => [g.rng.pick([AF_UNIX, AF_UNIX, AF_INET, AF_NETLINK, -1]),
    (g.rng.pick([SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, 0, 15]) | SOCK_NONBLOCK) >>> 0, g.rng.pick([0, 1, 2]),
    g.rng.chance(0.9) ? g.mem.alloc(8) : g.mem.wild(g.rng)], { after: (g, a, r) => ret_pair(g, [a[3]], r) }),
  c(NR.__NR_shutdown, 'shutdown', 1, (g) => [g.fd(), g.rng.pick([0, 1, 2, 3, -1])]),
  c(NR.__NR_getpeername, 'getpeername', 1, (g) => [g.fd(), g.obuf(), g.lenptr()]),
  c(NR.__NR_getsockopt, 'getsockopt', 1, (g) => [g.fd(), g.rng.pick([1, 1, 0, 6, -1]), g.rng.pick([3, 4, 7, 8, 16, 17, 30, 38, 39, 0, 99]),
    g.obuf(), g.lenptr()]),
  c(NR.__NR_setsockopt, 'setsockopt', 1, (g) => [g.fd(), g.rng.pick([1, 1, 0, -1]), g.rng.pick([7, 8, 16, 2, 3, 99]),
    g.ibuf(), g.rng.pick([4, 0, 3, 8, -1, 4097])]),
  c(NR.__NR_execve, 'execve', 1, (g) => [g.path(), g.strv(), g.strv()]),
  c(NR.__NR_wait4, 'wait4', 1, (g) => [g.int(), g.rng.chance(0.5) ? g.obuf() : 0,
    (g.rng.pick([0, 2, 8, 10, 0x40000000]) | WNOHANG) >>> 0, 0]),
  c(NR.__NR_kill, 'kill', 1, kill_args),
  c(NR.__NR_uname, 'uname', 1, (g) => [g.obuf()]),
  c(NR.__NR_fcntl, 'fcntl', 3, (g) => {
    const cmd = g.rng.chance(0.9) ? g.rng.pick([0, 1, 2, 3, 4, F_DUPFD_CLOEXEC, 1024, 1025, 1031, 9, 99]) : g.int();
    const arg = cmd === F_SETFL ? (g.int() | O_NONBLOCK) >>> 0 : g.int();
    return [g.fd(), cmd, arg];
  }, { after: (g, a, r) => (a[1] === F_DUPFD || a[1] === F_DUPFD_CLOEXEC) && g.pool.adopt(r) }),
  c(NR.__NR_fsync, 'fsync', 1, (g) => [g.fd()]),
  c(NR.__NR_truncate, 'truncate', 2, (g) => [g.wpath(), g.off()]),
  c(NR.__NR_ftruncate, 'ftruncate', 2, (g) => [g.fd(), g.off()]),
  c(NR.__NR_getdents64, 'getdents64', 4, (g) => [g.fd(), g.obuf(), g.len()]),
  c(NR.__NR_getcwd, 'getcwd', 1, (g) => [g.obuf(), g.len()]),
  c(NR.__NR_chdir, 'chdir', 1, (g) => [g.path()]),
  c(NR.__NR_rename, 'rename', 2, (g) => [g.wpath(), g.wpath()]),
  c(NR.__NR_mkdir, 'mkdir', 2, (g) => [g.wpath(), g.mode()]),
  c(NR.__NR_rmdir, 'rmdir', 1, (g) => [g.wpath()]),
  c(NR.__NR_creat, 'creat', 1, (g) => [g.wpath(), g.mode()], {
    after: ret_fd,
    // creat opens for writing without O_NONBLOCK: on a fifo with no reader that waits for one.
    skip: (_g, a) => Pool.is_fifo_at(a[0]),
  }),
  c(NR.__NR_link, 'link', 1, (g) => [g.wpath(), g.wpath()]),
  c(NR.__NR_unlink, 'unlink', 2, (g) => [g.wpath()]),
  c(NR.__NR_symlink, 'symlink', 1, (g) => [g.path(), g.wpath()]),
  c(NR.__NR_readlink, 'readlink', 1, (g) => [g.path(), g.obuf(), g.len()]),
  c(NR.__NR_chmod, 'chmod', 1, (g) => [g.wpath(), g.mode()]),
  c(NR.__NR_fchmod, 'fchmod', 1, (g) => [g.fd(), g.mode()]),
  c(NR.__NR_utimensat, 'utimensat', 3, (g) => [g.dirfd(), g.rng.chance(0.85) ? g.wpath() : 0, g.times(),
    g.rng.pick([0, 0, 0x100, 0x200, g.int()])]),
  c(NR.__NR_chown, 'chown', 1, (g) => [g.wpath(), g.uid(), g.uid()]),
  c(NR.__NR_lchown, 'lchown', 1, (g) => [g.wpath(), g.uid(), g.uid()]),
  c(NR.__NR_umask, 'umask', 1, (g) => [g.mode()]),
  c(NR.__NR_getuid, 'getuid', 1, () => []),
  c(NR.__NR_getgid, 'getgid', 1, () => []),
  // Identity changes: only values that change nothing (we are root) or that are refused.
  c(NR.__NR_setuid, 'setuid', 1, (g) => [g.rng.pick([0, -2, 2 ** 32, 2 ** 40, NaN])]),
  c(NR.__NR_setgid, 'setgid', 1, (g) => [g.rng.pick([0, -2, 2 ** 32, 2 ** 40, NaN])]),
  c(NR.__NR_geteuid, 'geteuid', 1, () => []),
  c(NR.__NR_getegid, 'getegid', 1, () => []),
  c(NR.__NR_getppid, 'getppid', 1, () => []),
  c(NR.__NR_rt_sigqueueinfo, 'rt_sigqueueinfo', 1, (g) => [...kill_args(g), g.rng.chance(0.8) ? g.ibuf() : g.mem.wild(g.rng)]),
  c(NR.__NR_mknod, 'mknod', 2, (g) => [g.wpath(), g.nodmode(), g.dev()]),
  c(NR.__NR_mount, 'mount', 1, (g) => [g.path(), g.wpath(), g.fstype(), g.rng.chance(0.7) ? 0 : g.int(),
    g.rng.chance(0.7) ? 0 : g.ibuf()]),
  c(NR.__NR_umount2, 'umount2', 1, (g) => [g.wpath(), g.rng.chance(0.7) ? g.rng.below(16) : g.int()]),
  c(NR.__NR_clock_gettime, 'clock_gettime', 1, (g) => [g.rng.pick([0, 1, 2, 3, 4, 7, 11, -1, g.int()]), g.obuf()]),
  c(NR.__NR_exit, 'exit', 0, () => []),
  c(NR.__NR_exit_group, 'exit_group', 0, () => []),
  c(NR.__NR_openat, 'openat', 4, (g) => [g.dirfd(), g.path(), g.oflags(), g.mode()], { after: ret_fd }),
  c(NR.__NR_pipe2, 'pipe2', 1, (g) => [g.rng.chance(0.9) ? g.mem.alloc(8) : g.mem.wild(g.rng),
    (g.rng.pick([0, O_CLOEXEC, O_TRUNC, g.int()]) | O_NONBLOCK) >>> 0], { after: ret_pair }),
  c(__NR_syslog, 'syslog', 1, (g) => [g.rng.pick([0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1, 1000]), g.obuf(), g.len()]),
  c(NR.__NR_init_module, 'init_module', 1, (g) => [g.ibuf(), g.len(), g.params()]),
  c(NR.__NR_delete_module, 'delete_module', 1, (g) => [g.modname(), g.rng.pick([0, O_NONBLOCK, O_TRUNC, O_NONBLOCK | O_TRUNC, g.int()])]),
  c(NR.__NR_finit_module, 'finit_module', 1, (g) => [g.fd(), g.params(), g.small()]),
  c(NR.__NR_emu_spawn, 'emu_spawn', 1, (g) => [g.path(), g.strv(), g.strv(), g.ibuf(), g.rng.chance(0.8) ? g.rng.below(5) : g.int()]),
  c(NR.__NR_emu_nop, 'emu_nop', 1, () => []),
  c(NR.__NR_emu_sigfetch, 'emu_sigfetch', 1, (g) => [g.obuf()]),
  // The fuzzer traces nothing and names no process it could trace (itself, init, none): every request is
  // refused. PTRACE_TRACEME (0) is never made: it would hand the fuzzer to a parent that does not trace.
  c(NR.__NR_ptrace, 'ptrace', 1, (g) => [g.rng.pick([1, 2, 3, 7, 8, 12, 13, 16, 17, 24, 0x4200, 0x4201, 0x4202, 0x4206,
    0x4207, 9999, -1]), g.rng.pick([getpid(), 1, 99999, 0, -1]), g.mem.wild(g.rng), g.rng.chance(0.5) ? g.obuf() : g.mem.wild(g.rng)]),
  c(NR.__NR_process_vm_readv, 'process_vm_readv', 1, (g) => [g.rng.pick([1, 99999, 0, -1]), g.rng.chance(0.8) ? g.ibuf() : g.mem.wild(g.rng),
    g.rng.below(4), g.rng.chance(0.8) ? g.ibuf() : g.mem.wild(g.rng), g.rng.below(4), g.rng.chance(0.9) ? 0 : g.int()]),
  c(__NR_mysyscall, 'mysyscall', 1, (g) => [g.ibuf(), g.len()]),
  // The *at family, statfs, fchown and fallocate: directory descriptors, AT_* flags valid and not.
  c(NR.__NR_mkdirat, 'mkdirat', 1, (g) => [g.dirfd(), g.wpath(), g.mode()]),
  c(NR.__NR_mknodat, 'mknodat', 1, (g) => [g.dirfd(), g.wpath(), g.nodmode(), g.dev()]),
  c(NR.__NR_unlinkat, 'unlinkat', 1, (g) => [g.dirfd(), g.wpath(), g.rng.pick([0, 0x200, g.int()])]),
  c(NR.__NR_symlinkat, 'symlinkat', 1, (g) => [g.path(), g.dirfd(), g.wpath()]),
  c(NR.__NR_linkat, 'linkat', 1, (g) => [g.dirfd(), g.wpath(), g.dirfd(), g.wpath(), g.rng.pick([0, 0x400, 0x1000, g.int()])]),
  c(NR.__NR_renameat2, 'renameat2', 1, (g) => [g.dirfd(), g.wpath(), g.dirfd(), g.wpath(), g.rng.pick([0, 1, 2, 4, g.int()])]),
  c(NR.__NR_newfstatat, 'newfstatat', 2, (g) => [g.dirfd(), g.path(), g.obuf(), g.rng.pick([0, 0x100, 0x1000, 0x800, g.int()])]),
  c(NR.__NR_readlinkat, 'readlinkat', 1, (g) => [g.dirfd(), g.path(), g.obuf(), g.len()]),
  c(NR.__NR_fchmodat, 'fchmodat', 1, (g) => [g.dirfd(), g.wpath(), g.mode()]),
  c(NR.__NR_fchownat, 'fchownat', 1, (g) => [g.dirfd(), g.wpath(), g.uid(), g.uid(), g.rng.pick([0, 0x100, 0x1000, g.int()])]),
  c(NR.__NR_fchown, 'fchown', 1, (g) => [g.fd(), g.uid(), g.uid()]),
  c(NR.__NR_faccessat2, 'faccessat2', 1, (g) => [g.dirfd(), g.path(), g.rng.below(8), g.rng.pick([0, 0x200, 0x100, g.int()])]),
  c(NR.__NR_statfs, 'statfs', 1, (g) => [g.path(), g.obuf()]),
  c(NR.__NR_fstatfs, 'fstatfs', 1, (g) => [g.fd(), g.obuf()]),
  c(NR.__NR_fallocate, 'fallocate', 1, (g) => [g.fd(), g.rng.pick([0, 1, 2, 3, 0x10, 0x11, g.int()]), g.off(), g.off()]),
];

/** Numbers of the table that end the process: never made. */
export const NEVER = new Set([NR.__NR_exit, NR.__NR_exit_group]);

/** Numbers with no handler: inside the table's range, and far outside it or no number at all. */
export function hole_number(g: Gen, known: Set<number>): number {
  if (g.rng.chance(0.7)) {
    for (;;) {
      const nr = g.rng.below(NR.NR_syscalls);
      if (!known.has(nr)) return nr;
    }
  }
  return g.rng.pick([NR.NR_syscalls, NR.NR_syscalls + 1, 2000, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, -1, -(2 ** 31),
    NaN, 1.5, Infinity]);
}
