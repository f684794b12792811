// The descriptors and paths sysfuzz draws its arguments from: one open descriptor of every kind the
// machine has (regular files, directories, pipes, fifos, every character device in /dev, UDP and netlink
// sockets, files of procfs, sysfs, debugfs and configfs, a module file), descriptors that were closed, the
// paths of all of those, and mmap'd regions. Every descriptor is non-blocking, so no call on it can wait
// for ever; the ones fuzzed calls create join the pool (made non-blocking too).
import {
  HEAP, close, cstr, fcntl, mkdir, mknod, open, pipe, readdir, socket, symlink, writeAll, bind, listen, mmap, munmap, stat,
} from '../../../user/libc.js';
import {
  F_GETFL, F_SETFL, O_APPEND, O_CREAT, O_DIRECTORY, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY,
} from '../../../uapi/fcntl.js';
import { S_IFCHR, S_IFIFO, S_ISFIFO, makedev } from '../../../uapi/stat.js';
import { AF_INET, AF_NETLINK, AF_UNIX, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM } from '../../../uapi/socket.js';
import { sockaddr_un } from '../../../uapi/un.js';
import { NETLINK_GENERIC, NETLINK_ROUTE, NETLINK_USER, sockaddr_nl } from '../../../uapi/netlink.js';
import { INADDR_LOOPBACK, sockaddr_in } from '../../../uapi/in.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../../uapi/mman.js';
import type { Prng } from '../prng.js';

interface Entry {
  kind: string;
  /** Opens it again (after a fuzzed close); -1 when it cannot be. */
  reopen: () => number;
  fd: number;
}

export interface Mapping {
  addr: number;
  len: number;
}

/** Pseudo files looked at, at most; directories are walked this deep. */
const MAX_PSEUDO = 160, MAX_DEPTH = 5;
/** Descriptors fuzzed calls made that stay open (the oldest is closed beyond this). */
const MAX_EXTRA = 48;
/** Bytes the fuzzed mmaps may hold at once (the oldest go beyond this), so the heap never runs out. */
const MAX_MAPPED = 4 << 20;

const DT_DIR = 4, DT_LNK = 10;

export class Pool {
  private readonly entries: Entry[] = [];
  private readonly extra: number[] = [];
  /** Numbers of descriptors that were closed: a stale descriptor is the commonest bad one. */
  private readonly stale: number[] = [];
  /** Paths that exist, of every kind. */
  readonly paths: string[] = [];
  /** Paths that name operations may create, remove or change: the scratch tree and pseudo file systems. */
  readonly wpaths: string[] = [];
  /** Fuzzed and own mappings (addresses for munmap, mremap-like misuse, and buffers). */
  readonly maps: Mapping[] = [];
  private mapped = 0;

  constructor(readonly dir: string) {}

  /** Builds the scratch tree and opens one descriptor of every kind. */
  setup(rng: Prng): void {
    this.scratch();
    const d = this.dir;
    for (const f of ['f0', 'f1', 'f2', 'f3']) this.paths.push(`${d}/${f}`);
    this.add('file', () => open(`${d}/f0`, O_RDWR | O_CREAT | O_NONBLOCK, 0o644));
    this.add('file-ro', () => open(`${d}/f1`, O_RDONLY | O_NONBLOCK));
    this.add('file-wo', () => open(`${d}/f2`, O_WRONLY | O_APPEND | O_NONBLOCK));
    this.add('file-etc', () => open('/etc/hostname', O_RDONLY | O_NONBLOCK));
    this.add('module-file', () => open('/lib/modules/hello.ko', O_RDONLY | O_NONBLOCK));
    for (const p of [d, `${d}/d`, '/', '/proc', '/sys', '/dev']) this.add('dir', () => open(p, O_RDONLY | O_DIRECTORY | O_NONBLOCK));
    this.add('fifo-r', () => open(`${d}/fifo`, O_RDONLY | O_NONBLOCK));
    this.add('fifo-w', () => open(`${d}/fifo`, O_WRONLY | O_NONBLOCK));
    for (let k = 0; k < 2; k++) this.addPipe();
    this.add('udp', () => socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0));
    this.add('udp-bound', () => this.bound(socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0), sockaddr_in(INADDR_LOOPBACK, 0)));
    // AF_UNIX: a listener and a datagram socket at the names the fuzzer's addresses use, and unbound ones.
    this.add('unix-listen', () => this.listening(this.bound(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sockaddr_un('\0fz0'))));
    this.add('unix-seq-listen', () => this.listening(this.bound(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0), sockaddr_un(`${d}/s1`))));
    this.add('unix-dgram', () => this.bound(socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0), sockaddr_un('\0fz1')));
    for (const type of [SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET]) this.add(`unix-${type}`, () => socket(AF_UNIX, type | SOCK_NONBLOCK, 0));
    for (const proto of [NETLINK_ROUTE, NETLINK_GENERIC, NETLINK_USER, 30]) {
      this.add(`netlink-${proto}`, () => socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, proto));
      this.add(`netlink-${proto}-bound`, () => this.bound(socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, proto), sockaddr_nl(0, 1)));
    }
    const devs = (readdir('/dev') ?? []).filter((e) => e.d_name !== '.' && e.d_name !== '..').map((e) => `/dev/${e.d_name}`).sort();
    for (const p of devs) {
      this.paths.push(p);
      this.add(`dev:${p}`, () => open_any(p));
    }
    const pseudo: string[] = [];
    for (const root of ['/proc', '/sys', '/sys/kernel/debug', '/config']) walk(root, 0, pseudo);
    const picked = pseudo.length <= MAX_PSEUDO ? pseudo : pick_spread(rng, pseudo, MAX_PSEUDO);
    for (const p of picked) {
      this.paths.push(p);
      this.wpaths.push(p);
      this.add(`pseudo:${p}`, () => open_any(p));
    }
    // Names that do not exist yet, where pseudo file systems decide what a creation means.
    for (const p of ['/proc/fz', '/sys/fz', '/sys/kernel/debug/fz', '/config/configfs_ex/fz0', '/dev/fz']) this.wpaths.push(p);
    this.paths.push('/tmp', '/');
    for (let k = 0; k < 4; k++) {
      const fd = open('/dev/null', O_RDONLY);
      if (fd >= 0) this.stale.push(fd);
    }
    for (const fd of this.stale) close(fd);
    this.mapOwn(-1, 65536, MAP_PRIVATE | MAP_ANONYMOUS);
    for (const p of ['/dev/bench_mmap', '/sys/kernel/debug/mmap_ex/buf']) {
      const fd = open(p, O_RDWR);
      if (fd >= 0) {
        this.mapOwn(fd, 4096, MAP_SHARED);
        close(fd);
      }
    }
  }

  /** The scratch tree: files, a directory, a fifo, a device node and symbolic links (also after removals). */
  scratch(): void {
    const d = this.dir;
    mkdir(d, 0o777);
    mkdir(`${d}/d`, 0o755);
    mkdir(`${d}/d/g`, 0o700);
    for (const [f, text] of [['f0', 'zero\n'], ['f1', 'one\n'.repeat(100)], ['f2', ''], ['f3', 'x'.repeat(5000)]]) {
      const fd = open(`${d}/${f}`, O_WRONLY | O_CREAT | O_NONBLOCK, 0o644);
      if (fd >= 0) {
        if (text) writeAll(fd, text);
        close(fd);
      }
    }
    mknod(`${d}/fifo`, S_IFIFO | 0o666, 0);
    mknod(`${d}/null`, S_IFCHR | 0o666, makedev(1, 3));
    symlink('f0', `${d}/l`);
    symlink('loop', `${d}/loop`);
    symlink('/nowhere', `${d}/dangling`);
    if (this.wpaths.length === 0) {
      const names = ['', '/f0', '/f1', '/f2', '/f3', '/d', '/d/g', '/d/g/h', '/fifo', '/null', '/l', '/loop', '/dangling',
        '/new0', '/new1', '/d/new2', '/d/../f0', '/.', '/d/..', `/${'n'.repeat(255)}`, `/${'n'.repeat(256)}`];
      for (const n of names) {
        this.wpaths.push(d + n);
        this.paths.push(d + n);
      }
    }
  }

  /** Opens again what fuzzed calls closed, and rebuilds what they removed. */
  refresh(): void {
    this.scratch();
    for (const e of this.entries) {
      if (e.fd >= 0 && fcntl(e.fd, F_GETFL) !== -1) continue;
      e.fd = e.reopen();
    }
  }

  private add(kind: string, reopen: () => number): void {
    this.entries.push({ kind, reopen, fd: reopen() });
  }

  private addPipe(): void {
    let fds: [number, number] | null = null;
    const make = (end: 0 | 1) => () => {
      if (fds && fcntl(fds[end], F_GETFL) !== -1) return fds[end];
      fds = pipe();
      if (!fds) return -1;
      for (const fd of fds) fcntl(fd, F_SETFL, O_NONBLOCK);
      return fds[end];
    };
    this.add('pipe-r', make(0));
    this.add('pipe-w', make(1));
  }

  private bound(fd: number, addr: Uint8Array): number {
    if (fd >= 0) bind(fd, addr);
    return fd;
  }

  private listening(fd: number): number {
    if (fd >= 0) listen(fd, 2);
    return fd;
  }

  private mapOwn(fd: number, len: number, flags: number): void {
    const addr = mmap(0, len, PROT_READ | PROT_WRITE, flags, fd, 0);
    if (addr >= 0) this.maps.push({ addr, len });
  }

  /** A descriptor argument: mostly an open one of some kind, else a closed or impossible number. */
  fd(rng: Prng): number {
    const r = rng.below(100);
    if (r < 78) {
      const e = rng.pick(this.entries);
      if (e.fd >= 0) return e.fd;
    }
    if (r < 88 && this.extra.length) return rng.pick(this.extra);
    if (r < 94 && this.stale.length) return rng.pick(this.stale);
    return rng.pick([-1, -100, 3, 1023, 1024, 4096, 2 ** 31 - 1, 2 ** 31, 2 ** 32, -(2 ** 31), 2 ** 53 - 1]);
  }

  /** A descriptor some fuzzed call just made: it becomes non-blocking and may be drawn from now on. */
  adopt(fd: number): void {
    if (!Number.isInteger(fd) || fd < 3) return;
    const fl = fcntl(fd, F_GETFL);
    if (fl !== -1 && !(fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    if (this.entries.some((e) => e.fd === fd) || this.extra.includes(fd)) return;
    this.extra.push(fd);
    if (this.extra.length > MAX_EXTRA) this.closeExtra(this.extra[0]);
  }

  private closeExtra(fd: number): void {
    this.extra.splice(this.extra.indexOf(fd), 1);
    close(fd);
    this.closed(fd);
  }

  /** A fuzzed close (or dup2 onto it) ended `fd`. */
  closed(fd: number): void {
    for (const e of this.entries) if (e.fd === fd) e.fd = -1;
    const i = this.extra.indexOf(fd);
    if (i >= 0) this.extra.splice(i, 1);
    if (!this.stale.includes(fd)) this.stale.push(fd);
    if (this.stale.length > 16) this.stale.shift();
  }

  /** Whether fuzzed calls may end this descriptor (stdio stays, or nothing could be reported). */
  static closable(fd: number): boolean {
    return fd > 2;
  }

  /** A mapping a fuzzed mmap made. */
  mapped_add(addr: number, len: number): void {
    this.maps.push({ addr, len });
    this.mapped += len;
    while (this.mapped > MAX_MAPPED && this.maps.length > 4) {
      const old = this.maps.splice(3, 1)[0];
      munmap(old.addr, old.len);
      this.mapped -= old.len;
    }
  }

  /** A fuzzed munmap undid one (the first three are the pool's own, kept). */
  mapped_remove(addr: number): void {
    const i = this.maps.findIndex((m) => m.addr === addr);
    if (i >= 3) this.mapped -= this.maps.splice(i, 1)[0].len;
  }

  path(rng: Prng): string {
    return rng.pick(this.paths);
  }

  /** Whether the path at `p` names a fifo now: creat(2) on one with no reader waits for one, legitimately. */
  static is_fifo_at(p: number): boolean {
    if (!(Number.isInteger(p) && p >= 4096 && p < HEAP.length)) return false;
    const st = stat(cstr(p, 4096));
    return st !== null && S_ISFIFO(st.mode);
  }

  kinds(): string[] {
    return this.entries.filter((e) => e.fd >= 0).map((e) => e.kind);
  }

  /** "fd=kind ..." of the open descriptors, for a trace. */
  describe(): string {
    return this.entries.filter((e) => e.fd >= 0).map((e) => `${e.fd}=${e.kind}`).join(' ') +
      (this.extra.length ? ` extra=${this.extra.join(',')}` : '');
  }
}

function open_any(path: string): number {
  for (const fl of [O_RDWR, O_RDONLY, O_WRONLY]) {
    const fd = open(path, fl | O_NONBLOCK);
    if (fd >= 0) return fd;
  }
  return -1;
}

/** The files under `dir` (not into process directories other than self, not through links). */
function walk(dir: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || out.length > 4 * MAX_PSEUDO) return;
  const ents = readdir(dir);
  if (!ents) return;
  for (const e of ents.sort((a, b) => (a.d_name < b.d_name ? -1 : 1))) {
    if (e.d_name === '.' || e.d_name === '..') continue;
    if (dir === '/proc' && /^\d+$/.test(e.d_name)) continue;
    const p = `${dir === '/' ? '' : dir}/${e.d_name}`;
    if (p === '/sys/kernel/debug' && depth > 0) continue; // walked as its own root
    if (e.d_type === DT_LNK) {
      out.push(p);
      continue;
    }
    if (e.d_type === DT_DIR) {
      out.push(p);
      if (p !== '/proc/self/fd') walk(p, depth + 1, out);
    } else out.push(p);
  }
}

/** `n` of `xs`, spread over the whole list (so every subtree gets some), chosen by the seed. */
function pick_spread(rng: Prng, xs: string[], n: number): string[] {
  const step = xs.length / n;
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(xs[Math.min(xs.length - 1, Math.floor(k * step + rng.below(Math.max(1, Math.floor(step)))))]);
  return out;
}
