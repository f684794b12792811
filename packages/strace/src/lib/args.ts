// One printer per argument kind of syscalls.ts: given the call's raw arguments, its result once it has
// returned, and the tracee's memory, each writes its argument as strace does.
import { O_ACCMODE, O_CREAT } from '@urfs/emu-kernel/uapi/fcntl';
import { AF_INET, AF_NETLINK, AF_UNIX, MSGHDR_SIZE } from '@urfs/emu-kernel/uapi/socket';
import { _IOC_DIR, _IOC_NR, _IOC_SIZE, _IOC_TYPE, TCGETS, TIOCGWINSZ, FIONREAD } from '@urfs/emu-kernel/uapi/ioctl';
import { major, minor, S_IFMT, S_ISCHR, S_ISBLK } from '@urfs/emu-kernel/uapi/stat';
import { SIG_DFL, SIG_IGN } from '@urfs/emu-kernel/uapi/signal';
import { EINTR } from '@urfs/emu-kernel/uapi/errno';
import {
  TMPFS_MAGIC, PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, CONFIGFS_MAGIC, PIPEFS_MAGIC, SOCKFS_MAGIC, TRACEFS_MAGIC,
  ST_RDONLY, ST_NOSUID, ST_NODEV, ST_NOEXEC, ST_VALID, ST_NOATIME, ST_NODIRATIME, ST_RELATIME,
} from '@urfs/emu-kernel/uapi/statfs';
import type { ArgKind } from '../syscalls.js';
import { flags, hex, octal, ptr, quote, sig_name, xlat, type Xlat } from './format.js';
import { read_cstring, s32, s64, u16, u32, u64, type TraceeMemory } from './memory.js';
import { format_netlink, type GenlFamilies } from './netlink.js';
import { device_ioctl_arg, device_ioctl_name, device_ioctl_update, is_urfs, urfs_read, urfs_write } from './devices.js';

/** What strace knows of a tracee's descriptor: the path it opened, or the netlink protocol of a socket. */
export interface FdInfo {
  path?: string;
  netlink?: number;
}

export interface DecodeCtx {
  mem: TraceeMemory;
  args: readonly number[];
  /** The result, once the call returned. */
  ret: number;
  exiting: boolean;
  strsize: number;
  fd(fd: number): FdInfo | undefined;
  families: GenlFamilies;
}

const OPEN_FLAGS: Xlat = [[0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'], [0o4000, 'O_NONBLOCK'], [0o10000, 'O_DSYNC'], [0o20000, 'O_ASYNC'], [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'], [0o200000, 'O_DIRECTORY'], [0o400000, 'O_NOFOLLOW'], [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'], [0o4000000, 'O_SYNC'], [0o10000000, 'O_PATH']];
const ACC_MODES: Xlat = [[0, 'O_RDONLY'], [1, 'O_WRONLY'], [2, 'O_RDWR'], [3, 'O_ACCMODE']];
const ACCESS_MODES: Xlat = [[4, 'R_OK'], [2, 'W_OK'], [1, 'X_OK']];
const AT_FLAGS: Xlat = [[0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_REMOVEDIR'], [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x1000, 'AT_EMPTY_PATH']];
const FS_MAGICS: Xlat = [[TMPFS_MAGIC, 'TMPFS_MAGIC'], [PROC_SUPER_MAGIC, 'PROC_SUPER_MAGIC'], [SYSFS_MAGIC, 'SYSFS_MAGIC'],
  [DEBUGFS_MAGIC, 'DEBUGFS_MAGIC'], [CONFIGFS_MAGIC, 'CONFIGFS_MAGIC'], [PIPEFS_MAGIC, 'PIPEFS_MAGIC'],
  [SOCKFS_MAGIC, 'SOCKFS_MAGIC'], [TRACEFS_MAGIC, 'TRACEFS_MAGIC']];
const ST_FLAGS: Xlat = [[ST_RDONLY, 'ST_RDONLY'], [ST_NOSUID, 'ST_NOSUID'], [ST_NODEV, 'ST_NODEV'], [ST_NOEXEC, 'ST_NOEXEC'], [ST_VALID, 'ST_VALID'],
  [ST_NOATIME, 'ST_NOATIME'], [ST_NODIRATIME, 'ST_NODIRATIME'], [ST_RELATIME, 'ST_RELATIME']];
const FALLOC_MODES: Xlat = [[0x01, 'FALLOC_FL_KEEP_SIZE'], [0x02, 'FALLOC_FL_PUNCH_HOLE'], [0x10, 'FALLOC_FL_ZERO_RANGE']];
const RENAME_FLAGS: Xlat = [[1, 'RENAME_NOREPLACE'], [2, 'RENAME_EXCHANGE'], [4, 'RENAME_WHITEOUT']];
const SHUT_HOW: Xlat = [[0, 'SHUT_RD'], [1, 'SHUT_WR'], [2, 'SHUT_RDWR']];
const WHENCE: Xlat = [[0, 'SEEK_SET'], [1, 'SEEK_CUR'], [2, 'SEEK_END'], [3, 'SEEK_DATA'], [4, 'SEEK_HOLE']];
const PROT: Xlat = [[1, 'PROT_READ'], [2, 'PROT_WRITE'], [4, 'PROT_EXEC']];
const MAP_FLAGS: Xlat = [[0x01, 'MAP_SHARED'], [0x02, 'MAP_PRIVATE'], [0x10, 'MAP_FIXED'], [0x20, 'MAP_ANONYMOUS']];
const FAMILIES: Xlat = [[0, 'AF_UNSPEC'], [AF_UNIX, 'AF_UNIX'], [AF_INET, 'AF_INET'], [AF_NETLINK, 'AF_NETLINK']];
const SOCK_TYPES: Xlat = [[1, 'SOCK_STREAM'], [2, 'SOCK_DGRAM'], [3, 'SOCK_RAW'], [5, 'SOCK_SEQPACKET']];
const SOCK_FLAGS: Xlat = [[0o4000, 'SOCK_NONBLOCK'], [0o2000000, 'SOCK_CLOEXEC']];
const NETLINK_PROTOS: Xlat = [[0, 'NETLINK_ROUTE'], [2, 'NETLINK_USERSOCK'], [16, 'NETLINK_GENERIC'], [31, 'NETLINK_USER']];
const MSG_FLAGS: Xlat = [[0x1, 'MSG_OOB'], [0x2, 'MSG_PEEK'], [0x20, 'MSG_TRUNC'], [0x40, 'MSG_DONTWAIT'], [0x100, 'MSG_WAITALL']];
const WAIT_OPTS: Xlat = [[1, 'WNOHANG'], [2, 'WUNTRACED'], [8, 'WCONTINUED'], [0x40000000, '__WALL']];
const SIG_HOW: Xlat = [[0, 'SIG_BLOCK'], [1, 'SIG_UNBLOCK'], [2, 'SIG_SETMASK']];
const SA_FLAGS: Xlat = [[0x4, 'SA_SIGINFO'], [0x08000000, 'SA_ONSTACK'], [0x10000000, 'SA_RESTART'],
  [0x40000000, 'SA_NODEFER'], [0x80000000, 'SA_RESETHAND'], [0x04000000, 'SA_RESTORER']];
const CLOCKS: Xlat = [[0, 'CLOCK_REALTIME'], [1, 'CLOCK_MONOTONIC'], [4, 'CLOCK_MONOTONIC_RAW'], [7, 'CLOCK_BOOTTIME']];
const FCNTL_CMDS: Xlat = [[0, 'F_DUPFD'], [1, 'F_GETFD'], [2, 'F_SETFD'], [3, 'F_GETFL'], [4, 'F_SETFL'], [1030, 'F_DUPFD_CLOEXEC']];
const TTY_IOCTLS: Xlat = [[TCGETS, 'TCGETS'], [TIOCGWINSZ, 'TIOCGWINSZ'], [FIONREAD, 'FIONREAD']];
const PTRACE_REQS: Xlat = [[0, 'PTRACE_TRACEME'], [1, 'PTRACE_PEEKTEXT'], [2, 'PTRACE_PEEKDATA'], [3, 'PTRACE_PEEKUSER'],
  [7, 'PTRACE_CONT'], [8, 'PTRACE_KILL'], [12, 'PTRACE_GETREGS'], [13, 'PTRACE_SETREGS'], [16, 'PTRACE_ATTACH'],
  [17, 'PTRACE_DETACH'], [24, 'PTRACE_SYSCALL'], [0x4200, 'PTRACE_SETOPTIONS'], [0x4201, 'PTRACE_GETEVENTMSG'],
  [0x4202, 'PTRACE_GETSIGINFO'], [0x4206, 'PTRACE_SEIZE'], [0x4207, 'PTRACE_INTERRUPT']];
const SYSLOG_TYPES: Xlat = [[0, 'SYSLOG_ACTION_CLOSE'], [1, 'SYSLOG_ACTION_OPEN'], [2, 'SYSLOG_ACTION_READ'],
  [3, 'SYSLOG_ACTION_READ_ALL'], [4, 'SYSLOG_ACTION_READ_CLEAR'], [5, 'SYSLOG_ACTION_CLEAR'],
  [6, 'SYSLOG_ACTION_CONSOLE_OFF'], [7, 'SYSLOG_ACTION_CONSOLE_ON'], [8, 'SYSLOG_ACTION_CONSOLE_LEVEL'],
  [9, 'SYSLOG_ACTION_SIZE_UNREAD'], [10, 'SYSLOG_ACTION_SIZE_BUFFER']];
const FILE_TYPES: Xlat = [[0o140000, 'S_IFSOCK'], [0o120000, 'S_IFLNK'], [0o100000, 'S_IFREG'], [0o060000, 'S_IFBLK'],
  [0o040000, 'S_IFDIR'], [0o020000, 'S_IFCHR'], [0o010000, 'S_IFIFO']];

export const AT_FDCWD = -100;

export function open_flags(v: number): string {
  const acc = xlat(ACC_MODES, v & O_ACCMODE);
  const rest = flags(OPEN_FLAGS, v & ~O_ACCMODE, '');
  return rest ? `${acc}|${rest}` : acc;
}

const MODE_BITS: Xlat = [[0o4000, 'S_ISUID'], [0o2000, 'S_ISGID'], [0o1000, 'S_ISVTX']];

/** A st_mode: `S_IFDIR|S_ISVTX|0777`. */
export function file_mode(m: number): string {
  const type = xlat(FILE_TYPES, m & S_IFMT, '');
  const special = flags(MODE_BITS, m & 0o7000, '');
  const perm = octal(m & 0o777).padStart(4, '0');
  return [type, special, perm].filter(Boolean).join('|');
}

/** A path or string argument, in full (strace does not cut paths). */
function path_arg(ctx: DecodeCtx, addr: number): string {
  if (!addr) return 'NULL';
  const b = read_cstring(ctx.mem, addr, 4096);
  return b ? quote(b, Infinity) : ptr(addr);
}

function buffer(ctx: DecodeCtx, addr: number, len: number): Uint8Array | null {
  if (!addr || len <= 0) return len === 0 ? new Uint8Array(0) : null;
  return ctx.mem.read(addr, Math.min(len, Math.max(ctx.strsize, 4096)));
}

/** A data buffer: decoded for devices and netlink sockets strace knows, else quoted and cut. */
function data_arg(ctx: DecodeCtx, fd: number, addr: number, len: number, outgoing: boolean): string {
  const info = ctx.fd(fd);
  if (!addr) return 'NULL';
  if (info?.netlink !== undefined) {
    const b = ctx.mem.read(addr, Math.min(len, 1 << 16));
    if (b) return format_netlink(b, info.netlink, ctx.families, ctx.strsize);
  }
  if (is_urfs(info?.path)) {
    const b = ctx.mem.read(addr, Math.min(len, 1 << 16));
    if (b) return outgoing ? urfs_write(b, ctx.mem, ctx.strsize) : urfs_read(b, ctx.strsize);
  }
  const b = buffer(ctx, addr, Math.min(len, ctx.strsize + 1));
  if (!b) return ptr(addr);
  return quote(b, ctx.strsize, len > ctx.strsize);
}

function string_array(ctx: DecodeCtx, addr: number): string {
  if (!addr) return 'NULL';
  const out: string[] = [];
  for (let i = 0; i < 4096; i++) {
    const p = ctx.mem.read(addr + i * 8, 8);
    if (!p || p.length < 8) return ptr(addr);
    const s = u64(p, 0);
    if (!s) break;
    if (out.length >= 32) {
      out.push('...');
      break;
    }
    const b = read_cstring(ctx.mem, s, ctx.strsize + 1);
    out.push(b ? quote(b, ctx.strsize) : ptr(s));
  }
  return `[${out.join(', ')}]`;
}

function count_strings(ctx: DecodeCtx, addr: number): number {
  let n = 0;
  for (; n < 4096; n++) {
    const p = ctx.mem.read(addr + n * 8, 8);
    if (!p || p.length < 8 || !u64(p, 0)) break;
  }
  return n;
}

function stat_struct(ctx: DecodeCtx, addr: number): string {
  const b = ctx.mem.read(addr, 144);
  if (!b || b.length < 144) return ptr(addr);
  const mode = u32(b, 24);
  if (S_ISCHR(mode) || S_ISBLK(mode)) {
    const rdev = u64(b, 40);
    return `{st_mode=${file_mode(mode)}, st_rdev=makedev(${hex(major(rdev))}, ${hex(minor(rdev))}), ...}`;
  }
  return `{st_mode=${file_mode(mode)}, st_size=${s64(b, 48)}, ...}`;
}

/** struct statfs as strace shows it, the magic number by its name where it has one. */
function statfs_struct(ctx: DecodeCtx, addr: number): string {
  const b = ctx.mem.read(addr, 120);
  if (!b || b.length < 120) return ptr(addr);
  const f_type = u64(b, 0);
  const n = (o: number) => String(u64(b, o));
  return `{f_type=${xlat(FS_MAGICS, f_type)}, f_bsize=${n(8)}, f_blocks=${n(16)}, f_bfree=${n(24)}, ` +
    `f_bavail=${n(32)}, f_files=${n(40)}, f_ffree=${n(48)}, f_fsid={val=[${hex(u32(b, 56))}, ${hex(u32(b, 60))}]}, ` +
    `f_namelen=${n(64)}, f_frsize=${n(72)}, f_flags=${flags(ST_FLAGS, u64(b, 80))}}`;
}

export function wait_status(s: number): string {
  if ((s & 0x7f) === 0) return `{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}`;
  if ((s & 0xff) === 0x7f) {
    const ev = (s >> 16) & 0xff;
    const base = `{WIFSTOPPED(s) && WSTOPSIG(s) == ${sig_name((s >> 8) & 0xff)}`;
    return ev ? `${base} && s >> 16 == ${ev}}` : `${base}}`;
  }
  return `{WIFSIGNALED(s) && WTERMSIG(s) == ${sig_name(s & 0x7f)}${s & 0x80 ? ' && WCOREDUMP(s)' : ''}}`;
}

export function sigset(mask: bigint): string {
  const names: string[] = [];
  for (let sig = 1; sig <= 64; sig++) if (mask & (1n << BigInt(sig - 1))) names.push(sig_name(sig).replace(/^SIG/, ''));
  return `[${names.join(' ')}]`;
}

function sigaction_struct(ctx: DecodeCtx, addr: number): string {
  if (!addr) return 'NULL';
  const b = ctx.mem.read(addr, 32);
  if (!b || b.length < 32) return ptr(addr);
  const h = u64(b, 0);
  const handler = h === SIG_DFL ? 'SIG_DFL' : h === SIG_IGN ? 'SIG_IGN' : hex(h);
  const mask = new DataView(b.buffer, b.byteOffset).getBigUint64(24, true);
  return `{sa_handler=${handler}, sa_mask=${sigset(mask)}, sa_flags=${flags(SA_FLAGS, u64(b, 8))}}`;
}

function timespec(ctx: DecodeCtx, addr: number): string {
  if (!addr) return 'NULL';
  const b = ctx.mem.read(addr, 16);
  return b && b.length === 16 ? `{tv_sec=${s64(b, 0)}, tv_nsec=${s64(b, 8)}}` : ptr(addr);
}

export function sockaddr(b: Uint8Array): string {
  if (b.length < 2) return '{}';
  const fam = u16(b, 0);
  const f = `sa_family=${xlat(FAMILIES, fam, String(fam))}`;
  if (fam === AF_NETLINK && b.length >= 12) return `{${f}, nl_pid=${u32(b, 4)}, nl_groups=${u32(b, 8).toString(16).padStart(8, '0')}}`;
  if (fam === AF_INET && b.length >= 8) {
    const port = (b[2] << 8) | b[3];
    return `{${f}, sin_port=htons(${port}), sin_addr=inet_addr("${b[4]}.${b[5]}.${b[6]}.${b[7]}")}`;
  }
  if (fam === AF_UNIX) {
    const path = b.subarray(2);
    const nul = path.indexOf(0);
    return `{${f}, sun_path=${quote(nul >= 0 ? path.subarray(0, nul) : path, Infinity)}}`;
  }
  return `{${f}, sa_data=${quote(b.subarray(2), 32)}}`;
}

function sockaddr_arg(ctx: DecodeCtx, addr: number, len: number): string {
  if (!addr) return 'NULL';
  const b = ctx.mem.read(addr, Math.min(Math.max(len, 0), 128));
  return b && b.length >= 2 ? sockaddr(b) : ptr(addr);
}

function iovecs(ctx: DecodeCtx, fd: number, addr: number, n: number, total: number, outgoing: boolean): string {
  const b = ctx.mem.read(addr, Math.min(n, 16) * 16);
  if (!b || b.length < Math.min(n, 16) * 16) return ptr(addr);
  const out: string[] = [];
  let left = total;
  for (let i = 0; i < Math.min(n, 16); i++) {
    const base = u64(b, i * 16), len = u64(b, i * 16 + 8);
    const shown = Math.max(0, Math.min(len, left));
    left -= shown;
    out.push(`{iov_base=${data_arg(ctx, fd, base, shown, outgoing)}, iov_len=${len}}`);
  }
  return `[${out.join(', ')}${n > 16 ? ', ...' : ''}]`;
}

function msghdr(ctx: DecodeCtx, fd: number, addr: number, total: number, outgoing: boolean): string {
  const b = ctx.mem.read(addr, MSGHDR_SIZE);
  if (!b || b.length < MSGHDR_SIZE) return ptr(addr);
  const name = u64(b, 0), namelen = u32(b, 8), iov = u64(b, 16), iovlen = u64(b, 24);
  const controllen = u64(b, 40), mflags = s32(b, 48);
  const name_s = name ? sockaddr_arg(ctx, name, namelen) : 'NULL';
  return `{msg_name=${name_s}, msg_namelen=${namelen}, msg_iov=${iovecs(ctx, fd, iov, iovlen, total, outgoing)}, ` +
    `msg_iovlen=${iovlen}, msg_controllen=${controllen}, msg_flags=${flags(MSG_FLAGS, mflags)}}`;
}

function ioctl_cmd(ctx: DecodeCtx, fd: number, cmd: number): string {
  const named = device_ioctl_name(ctx.fd(fd)?.path, cmd) ?? xlat(TTY_IOCTLS, cmd, '');
  if (named) return named;
  const dir = ['_IOC_NONE', '_IOC_WRITE', '_IOC_READ', '_IOC_READ|_IOC_WRITE'][_IOC_DIR(cmd)];
  return _IOC_TYPE(cmd) || _IOC_SIZE(cmd)
    ? `_IOC(${dir}, ${hex(_IOC_TYPE(cmd))}, ${hex(_IOC_NR(cmd))}, ${hex(_IOC_SIZE(cmd))})` : hex(cmd);
}

function pipefds(ctx: DecodeCtx, addr: number): string {
  const b = ctx.mem.read(addr, 8);
  return ctx.ret >= 0 && b && b.length === 8 ? `[${s32(b, 0)}, ${s32(b, 4)}]` : ptr(addr);
}

/** Argument `i` of the call, of kind `kind`. */
export function format_arg(kind: ArgKind, i: number, ctx: DecodeCtx): string {
  const a = ctx.args, v = a[i];
  const ok = ctx.exiting && ctx.ret >= 0;
  switch (kind) {
    case 'int': case 'fd': case 'off': return String(v);
    case 'uint': case 'size': return String(v < 0 ? 2 ** 64 + v : v);
    case 'hexint': return hex(v);
    case 'ptr': return ptr(v);
    case 'dirfd': return v === AT_FDCWD ? 'AT_FDCWD' : String(v);
    case 'path': return path_arg(ctx, v);
    case 'oflags': return open_flags(v);
    case 'open_mode': return octal(v).padStart(4, '0');
    case 'mode': return octal(v).padStart(4, '0');
    case 'access_mode': return v === 0 ? 'F_OK' : flags(ACCESS_MODES, v);
    case 'at_flags': return flags(AT_FLAGS, v);
    case 'whence': return xlat(WHENCE, v);
    case 'dev': return `makedev(${hex(major(v))}, ${hex(minor(v))})`;
    case 'buf_in': return data_arg(ctx, a[0], v, a[i + 1], true);
    case 'buf_out': return ok ? data_arg(ctx, a[0], v, ctx.ret, false) : ptr(v);
    case 'str_out': {
      if (!ok) return ptr(v);
      const b = ctx.mem.read(v, Math.min(ctx.ret, 4096));
      if (!b) return ptr(v);
      const nul = b.indexOf(0);
      return quote(nul >= 0 ? b.subarray(0, nul) : b, Infinity);
    }
    case 'stat_out': return ok ? stat_struct(ctx, v) : ptr(v);
    case 'statfs_out': return ok ? statfs_struct(ctx, v) : ptr(v);
    case 'falloc_mode': return v === 0 ? '0' : flags(FALLOC_MODES, v);
    case 'rename_flags': return v === 0 ? '0' : flags(RENAME_FLAGS, v);
    case 'shut_how': return xlat(SHUT_HOW, v);
    case 'sockopt_level': return v === 1 ? 'SOL_SOCKET' : String(v);
    case 'accept_flags': return v === 0 ? '0' : flags(SOCK_FLAGS, v);
    case 'pipefd_out': return pipefds(ctx, v);
    case 'dirents_out': return ok ? `${ptr(v)} /* ${count_dirents(ctx, v, ctx.ret)} entries */` : ptr(v);
    case 'argv': return string_array(ctx, v);
    case 'envp': return v ? `${ptr(v)} /* ${count_strings(ctx, v)} vars */` : 'NULL';
    case 'fdmap': {
      const n = Math.max(0, Math.min(a[i + 1], 64));
      const b = ctx.mem.read(v, n * 4);
      return b && b.length === n * 4 ? `[${Array.from({ length: n }, (_, k) => s32(b, k * 4)).join(', ')}]` : ptr(v);
    }
    case 'wstatus_out': {
      if (!v) return 'NULL';
      const b = ctx.mem.read(v, 4);
      return ctx.exiting && ctx.ret > 0 && b && b.length === 4 ? `[${wait_status(s32(b, 0))}]` : ptr(v);
    }
    case 'wait_options': return flags(WAIT_OPTS, v);
    case 'signal': return v === 0 ? '0' : sig_name(v);
    case 'sighow': return xlat(SIG_HOW, v);
    case 'sigset': {
      if (!v) return 'NULL';
      const b = ctx.mem.read(v, 8);
      return b && b.length === 8 ? sigset(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true)) : ptr(v);
    }
    case 'sigaction': return sigaction_struct(ctx, v);
    case 'sigaction_out': return ok ? sigaction_struct(ctx, v) : ptr(v);
    case 'siginfo': {
      const b = ctx.mem.read(v, 32);
      return b && b.length === 32
        ? `{si_signo=${sig_name(s32(b, 0))}, si_code=${s32(b, 8)}, si_pid=${s32(b, 16)}, si_uid=${s32(b, 20)}, si_int=${s32(b, 24)}}`
        : ptr(v);
    }
    case 'timespec': return timespec(ctx, v);
    case 'timespec_out': return ok ? timespec(ctx, v) : ptr(v);
    // The time left is written only when a signal cut the sleep short.
    case 'rem_out': return ctx.exiting && ctx.ret === -EINTR && v ? timespec(ctx, v) : ptr(v);
    case 'clockid': return xlat(CLOCKS, v);
    case 'ioctl_cmd': return ioctl_cmd(ctx, a[0], v);
    case 'ioctl_arg':
      return device_ioctl_arg(ctx.fd(a[0])?.path, a[1], v, ctx.mem, ctx.strsize) ?? ptr(v);
    case 'prot': return flags(PROT, v, 'PROT_NONE');
    case 'map_flags': return flags(MAP_FLAGS, v);
    case 'fcntl_cmd': return xlat(FCNTL_CMDS, v);
    case 'fcntl_arg':
      if (a[1] === 1 || a[1] === 3) return '';
      if (a[1] === 2) return v === 1 ? 'FD_CLOEXEC' : String(v);
      if (a[1] === 4) return open_flags(v);
      return String(v);
    case 'family': return xlat(FAMILIES, v);
    case 'socktype': {
      const t = xlat(SOCK_TYPES, v & 0xf);
      const f = flags(SOCK_FLAGS, v & ~0xf, '');
      return f ? `${t}|${f}` : t;
    }
    case 'sockproto': return a[0] === AF_NETLINK ? xlat(NETLINK_PROTOS, v) : a[0] === AF_INET && v === 0 ? 'IPPROTO_IP' : String(v);
    case 'sockaddr_in': return sockaddr_arg(ctx, v, a[i + 1]);
    case 'sockaddr_out': {
      if (!v) return 'NULL';
      if (!ok) return ptr(v);
      const lb = ctx.mem.read(a[i + 1], 4);
      return sockaddr_arg(ctx, v, lb && lb.length === 4 ? s32(lb, 0) : 128);
    }
    case 'socklen_out': {
      if (!v) return 'NULL';
      const b = ctx.mem.read(v, 4);
      return b && b.length === 4 ? `[${s32(b, 0)}]` : ptr(v);
    }
    case 'msghdr_in': return msghdr(ctx, a[0], v, Infinity, true);
    case 'msghdr_out': return ok ? msghdr(ctx, a[0], v, ctx.ret, false) : ptr(v);
    case 'msg_flags': return flags(MSG_FLAGS, v);
    case 'ptrace_req': return xlat(PTRACE_REQS, v);
    case 'iovec_in': case 'iovec_out': return ptr(v);
    case 'mount_flags': return hex(v);
    case 'utsname_out': {
      if (!ok) return ptr(v);
      const b = ctx.mem.read(v, 65);
      const nul = b ? b.indexOf(0) : -1;
      return b ? `{sysname=${quote(b.subarray(0, nul >= 0 ? nul : 65), Infinity)}, ...}` : ptr(v);
    }
    case 'ids_out': {
      const b = ctx.mem.read(v, 4);
      return ok && b && b.length === 4 ? `[${u32(b, 0)}]` : ptr(v);
    }
    case 'groups_in': case 'groups_out': {
      const n = kind === 'groups_in' ? a[0] : ctx.ret;
      if (kind === 'groups_out' && (!ok || a[0] === 0)) return ptr(v);
      const b = ctx.mem.read(v, Math.min(n, 64) * 4);
      return b && b.length === Math.min(n, 64) * 4 ? `[${Array.from({ length: Math.min(n, 64) }, (_, k) => u32(b, k * 4)).join(', ')}]` : ptr(v);
    }
    case 'pollfds': {
      const n = Math.max(0, Math.min(a[1], 16));
      const b = ctx.mem.read(v, n * 8);
      if (!b || b.length < n * 8) return ptr(v);
      return `[${Array.from({ length: n }, (_, k) => `{fd=${s32(b, k * 8)}, events=${hex(u16(b, k * 8 + 4))}}`).join(', ')}]`;
    }
    case 'syslog_type': return xlat(SYSLOG_TYPES, v);
    case 'module_params': return path_arg(ctx, v);
  }
}

/** What the call wrote into argument `i`, printed at exit after ` => ` (ioctl arguments), or null. */
export function format_arg_update(kind: ArgKind, i: number, ctx: DecodeCtx): string | null {
  if (kind !== 'ioctl_arg') return null;
  return device_ioctl_update(ctx.fd(ctx.args[0])?.path, ctx.args[1], ctx.args[i], ctx.mem, ctx.ret, ctx.strsize);
}

function count_dirents(ctx: DecodeCtx, addr: number, len: number): number {
  const b = ctx.mem.read(addr, len);
  if (!b) return 0;
  let n = 0;
  for (let off = 0; off + 19 <= b.length; n++) {
    const reclen = u16(b, off + 16);
    if (!reclen) break;
    off += reclen;
  }
  return n;
}

/** Where the arguments written by the call start: they are printed at exit (strace's split). */
export function first_out_arg(kinds: readonly ArgKind[]): number {
  const i = kinds.findIndex((k) => k.endsWith('_out'));
  return i < 0 ? kinds.length : i;
}

/** Whether an argument is shown at all (open's mode only with O_CREAT, fcntl's arg only with commands that take one). */
export function arg_shown(kind: ArgKind, i: number, kinds: readonly ArgKind[], args: readonly number[]): boolean {
  if (kind === 'open_mode') {
    const fl = args[kinds.indexOf('oflags')];
    return (fl & O_CREAT) !== 0 || (fl & 0o20200000) === 0o20200000;
  }
  if (kind === 'fcntl_arg') return args[1] !== 1 && args[1] !== 3;
  void i;
  return true;
}
