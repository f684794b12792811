// bench_io MECH MS SIZE[,SIZE...]: the measuring program of the benchmark's mechanism cases (thesis ch. 4).
// For each size it times write (user -> kernel) then read (kernel -> user) for MS ms each, then the null
// round trip, and prints "write.SIZE=", "read.SIZE=" and "latency=" lines in ns per operation.
// MECH: chr (/dev/bench_chr, module bench_chr), debugfs (/sys/kernel/debug/bench_debugfs, module bench_debugfs), syscall (the bench system call, 549), proc (/proc/bench_proc,
// module bench_proc), sysfs (/sys/bench_sysfs, module bench_sysfs),
// netlink (unit 30, module bench_netlink), relay (module bench_relay; read only: no write or latency lines). The modules must be loaded first.
import { open, close, read, write, lseek, ioctl, syscall, malloc, clock_ms, writeAll, readFile, errno, strerror, HEAP, HEAPV,
  socket, bind, getsockname, getpid, calloc }
  from '@urfs/emu-kernel/user/libc';
import { O_RDONLY, O_RDWR, O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import {
  BENCH_CHR_NAME, BENCH_CHR_NULL, BENCH_MAX, BENCH_PROC_NAME, BENCH_SYSFS_NAME, BENCH_SYS_NULL, BENCH_SYS_READ, BENCH_SYS_WRITE,
  __NR_bench, NETLINK_BENCH, BENCH_NL_BLOCK, BENCH_NL_WRITE, BENCH_NL_READ, BENCH_NL_LATENCY, BENCH_NL_ACCEPT,
  BENCH_RELAY_NAME, BENCH_RELAY_FILL, BENCH_DEBUGFS_NAME,
} from '../bench/bench_abi.js';
import { AF_NETLINK, SOCK_RAW } from '@urfs/emu-kernel/uapi/socket';
import { NLMSG_DONE, NLMSG_HDRLEN, NLMSG_MIN_TYPE, sockaddr_nl, sockaddr_nl_read } from '@urfs/emu-kernel/uapi/netlink';
import * as NR from '@urfs/emu-kernel/uapi/unistd';

const SEEK_SET = 0;

interface Ops {
  /** Absent for a mechanism that only goes from the kernel to user space (relay). */
  write?(buf: number, n: number): number;
  read(buf: number, n: number): number;
  latency?(buf: number): number;
  close(): void;
  /** Readies the mechanism for transfers of `size` bytes; an error message on failure. */
  prepare?(size: number): string | null;
}

/** Reads until `n` bytes came or the file ended (a legacy proc read may stop short). */
function readFull(fd: number, buf: number, n: number): number {
  let got = 0;
  while (got < n) {
    const r = read(fd, buf + got, n - got);
    if (r < 0) return r;
    if (r === 0) break;
    got += r;
  }
  return got;
}

function openOps(mech: string): Ops | string {
  if (mech === 'syscall') {
    return {
      write: (b, n) => syscall(__NR_bench, BENCH_SYS_WRITE, b, n),
      read: (b, n) => syscall(__NR_bench, BENCH_SYS_READ, b, n),
      latency: () => syscall(__NR_bench, BENCH_SYS_NULL, 0, 0),
      close: () => {},
    };
  }
  if (mech === 'sysfs') return sysfsOps();
  if (mech === 'netlink') return netlinkOps();
  if (mech === 'relay') return relayOps();
  const path = mech === 'chr' ? `/dev/${BENCH_CHR_NAME}` : mech === 'proc' ? `/proc/${BENCH_PROC_NAME}`
    : mech === 'debugfs' ? `/sys/kernel/debug/${BENCH_DEBUGFS_NAME}` : null;
  if (!path) return `unknown mechanism ${mech}`;
  const fd = open(path, O_RDWR, 0);
  if (fd < 0) return `${path}: ${strerror(errno)}`;
  if (mech === 'chr' || mech === 'debugfs') {
    return {
      write: (b, n) => write(fd, b, n),
      read: (b, n) => read(fd, b, n),
      latency: () => ioctl(fd, BENCH_CHR_NULL, 0),
      close: () => void close(fd),
    };
  }
  // procfs: rewind before each call; the latency is a 1-byte write then a 1-byte read.
  return {
    write: (b, n) => (lseek(fd, 0, SEEK_SET) < 0 ? -1 : write(fd, b, n)),
    read: (b, n) => (lseek(fd, 0, SEEK_SET) < 0 ? -1 : readFull(fd, b, n)),
    latency: (b) => (lseek(fd, 0, SEEK_SET) < 0 || write(fd, b, 1) < 0 || lseek(fd, 0, SEEK_SET) < 0 ? -1 : read(fd, b, 1)),
    close: () => void close(fd),
  };
}

/** Writes a short text to a file (an attribute). */
function setAttr(path: string, text: string): string | null {
  const fd = open(path, O_WRONLY, 0);
  if (fd < 0) return `${path}: ${strerror(errno)}`;
  const r = writeAll(fd, text);
  close(fd);
  return r < 0 ? `${path}: ${strerror(errno)}` : null;
}

/**
 * sysfs: set datasize, read pagesize, open every page file before measuring; a transfer is one
 * lseek + write (or read) per page. The latency is a 1-byte write then read of page 0.
 */
function sysfsOps(): Ops | string {
  const dir = `/sys/${BENCH_SYSFS_NAME}`;
  let fds: number[] = [];
  let pagesize = 0;
  const closeAll = (): void => {
    for (const fd of fds) close(fd);
    fds = [];
  };
  const each = (buf: number, n: number, io: (fd: number, p: number, len: number) => number): number => {
    for (let i = 0, off = 0; off < n; i++, off += pagesize) {
      const len = Math.min(pagesize, n - off);
      if (lseek(fds[i], 0, SEEK_SET) < 0) return -1;
      const r = io(fds[i], buf + off, len);
      if (r < 0) return r;
      if (r !== len) return -1;
    }
    return n;
  };
  const ps = readFile(`${dir}/pagesize`);
  if (ps === null) return `${dir}/pagesize: ${strerror(errno)}`;
  pagesize = Number(new TextDecoder().decode(ps).trim());
  return {
    prepare(size) {
      closeAll();
      const e = setAttr(`${dir}/datasize`, `${Math.max(size, 1)}\n`);
      if (e) return e;
      for (let i = 0; i * pagesize < Math.max(size, 1); i++) {
        const fd = open(`${dir}/datapages/${i}`, O_RDWR, 0);
        if (fd < 0) return `${dir}/datapages/${i}: ${strerror(errno)}`;
        fds.push(fd);
      }
      return null;
    },
    write: (b, n) => each(b, n, write),
    read: (b, n) => each(b, n, read),
    latency: (b) => (lseek(fds[0], 0, SEEK_SET) < 0 || write(fds[0], b, 1) < 0 || lseek(fds[0], 0, SEEK_SET) < 0
      ? -1 : read(fds[0], b, 1)),
    close: closeAll,
  };
}

/**
 * netlink: data in messages of at most 128 KiB (command byte first), built in one send buffer and passed
 * to sendmsg/recvmsg by pointer as a C program would. A write sends its blocks, then an NLMSG_DONE that
 * the kernel answers; a read asks for each block with an NLMSG_DONE 'R' request and copies the reply's
 * payload out; the latency is an 'L' message and its reply.
 */
function netlinkOps(): Ops | string {
  const fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_BENCH);
  if (fd < 0) return `socket(AF_NETLINK, ${NETLINK_BENCH}): ${strerror(errno)}`;
  if (bind(fd, sockaddr_nl(getpid(), 0)) < 0) return `bind: ${strerror(errno)}`;
  const me = sockaddr_nl_read(getsockname(fd) ?? new Uint8Array(12)).pid;
  const MSG = 128 * 1024;
  const sbuf = malloc(MSG), rbuf = malloc(MSG);
  // msghdr (56 bytes) + one iovec (16) + sockaddr_nl (12) for each direction.
  const shdr = calloc(96), rhdr = calloc(96 + 128);
  const kaddr = sockaddr_nl(0, 0);
  HEAP.set(kaddr, shdr + 72);
  const msghdr = (m: number, base: number, name: number, namelen: number): void => {
    HEAPV.setBigUint64(m, BigInt(name), true);
    HEAPV.setInt32(m + 8, namelen, true);
    HEAPV.setBigUint64(m + 16, BigInt(m + 56), true);
    HEAPV.setBigUint64(m + 24, 1n, true);
    HEAPV.setBigUint64(m + 56, BigInt(base), true);
  };
  msghdr(shdr, sbuf, shdr + 72, kaddr.length);
  msghdr(rhdr, rbuf, rhdr + 96, 128);
  let seq = 0;
  /** One message: header, command byte, then `n` bytes from `src` (the program's copy into the message). */
  const send = (type: number, cmd: number, src: number, n: number): number => {
    const len = NLMSG_HDRLEN + 1 + n;
    HEAPV.setUint32(sbuf, len, true);
    HEAPV.setUint16(sbuf + 4, type, true);
    HEAPV.setUint16(sbuf + 6, 1, true); // NLM_F_REQUEST
    HEAPV.setUint32(sbuf + 8, ++seq, true);
    HEAPV.setUint32(sbuf + 12, me, true);
    HEAP[sbuf + NLMSG_HDRLEN] = cmd;
    if (n) HEAP.copyWithin(sbuf + NLMSG_HDRLEN + 1, src, src + n);
    HEAPV.setBigUint64(shdr + 64, BigInt(len), true);
    return syscall(NR.__NR_sendmsg, fd, shdr, 0);
  };
  /** Receives one reply; returns its payload length, or -1. */
  const recv = (): number => {
    HEAPV.setBigUint64(rhdr + 64, BigInt(MSG), true);
    HEAPV.setInt32(rhdr + 8, 128, true);
    const r = syscall(NR.__NR_recvmsg, fd, rhdr, 0);
    if (r < NLMSG_HDRLEN) return -1;
    return HEAPV.getUint32(rbuf, true) - NLMSG_HDRLEN;
  };
  const accepted = (): number => (recv() === 1 && HEAP[rbuf + NLMSG_HDRLEN] === BENCH_NL_ACCEPT ? 0 : -1);
  const args = malloc(8);
  return {
    write(b, n) {
      for (let off = 0; off < n; off += BENCH_NL_BLOCK) {
        if (send(NLMSG_MIN_TYPE, BENCH_NL_WRITE, b + off, Math.min(BENCH_NL_BLOCK, n - off)) < 0) return -1;
      }
      if (send(NLMSG_DONE, BENCH_NL_WRITE, 0, 0) < 0) return -1;
      return accepted() < 0 ? -1 : n;
    },
    read(b, n) {
      for (let off = 0; off < n; off += BENCH_NL_BLOCK) {
        const len = Math.min(BENCH_NL_BLOCK, n - off);
        HEAPV.setUint32(args, off, true);
        HEAPV.setUint32(args + 4, len, true);
        if (send(NLMSG_DONE, BENCH_NL_READ, args, 8) < 0) return -1;
        if (recv() !== len) return -1;
        HEAP.copyWithin(b + off, rbuf + NLMSG_HDRLEN, rbuf + NLMSG_HDRLEN + len);
      }
      return n;
    },
    latency: () => (send(NLMSG_DONE, BENCH_NL_LATENCY, 0, 0) < 0 ? -1 : accepted()),
    close: () => void close(fd),
  };
}

/** relay: an ioctl makes the module fill the sub-buffer, then the relay file is read. Read only. */
function relayOps(): Ops | string {
  const dev = `/dev/${BENCH_RELAY_NAME}`, rel = `/sys/kernel/debug/${BENCH_RELAY_NAME}/cpu0`;
  const cfd = open(dev, O_RDWR, 0);
  if (cfd < 0) return `${dev}: ${strerror(errno)}`;
  const rfd = open(rel, O_RDONLY, 0);
  if (rfd < 0) return close(cfd), `${rel}: ${strerror(errno)}`;
  return {
    read: (b, n) => (ioctl(cfd, BENCH_RELAY_FILL, n) < 0 ? -1 : readFull(rfd, b, n)),
    close: () => {
      close(rfd);
      close(cfd);
    },
  };
}

/** ns per call of `op`, run for at least `ms` ms (at least 4 calls). */
function timed(ms: number, op: () => number): number {
  let n = 0;
  const t0 = clock_ms();
  let el = 0;
  do {
    for (let i = 0; i < 4; i++) if (op() < 0) throw new Error(strerror(errno));
    n += 4;
    el = clock_ms() - t0;
  } while (el < ms);
  return (el * 1e6) / n;
}

export default function main(argv: string[]): number {
  const [, mech = '', msArg = '100', sizesArg = '64,4096'] = argv;
  const ms = Number(msArg);
  const sizes = sizesArg.split(',').map(Number);
  if (!Number.isFinite(ms) || sizes.some((s) => !(s > 0 && s <= BENCH_MAX))) {
    writeAll(2, 'usage: bench_io chr|debugfs|syscall|proc|sysfs|netlink|relay MS SIZE[,SIZE...]\n');
    return 2;
  }
  const ops = openOps(mech);
  if (typeof ops === 'string') return writeAll(2, `bench_io: ${ops}\n`), 1;
  const buf = malloc(BENCH_MAX);
  if (!buf) return writeAll(2, 'bench_io: out of memory\n'), 1;
  HEAP.fill(0x5a, buf, buf + BENCH_MAX);
  try {
    // Warm up the whole path (JIT, both threads awake) before the first point.
    const ready = (size: number): void => {
      const e = ops.prepare?.(size);
      if (e) throw new Error(e);
    };
    const { write: w, latency: lat } = ops;
    if (w) {
      // What was written comes back (over a page boundary and a netlink block), before anything is timed.
      const n = 140000, other = malloc(n);
      for (let i = 0; i < n; i++) HEAP[buf + i] = (i * 7 + 3) & 0xff;
      HEAP.fill(0, other, other + n);
      ready(n);
      if (w(buf, n) !== n || ops.read(other, n) !== n) throw new Error(`verify: ${strerror(errno)}`);
      for (let i = 0; i < n; i++) if (HEAP[other + i] !== HEAP[buf + i]) throw new Error(`verify: byte ${i} differs`);
      writeAll(1, 'verify=ok\n');
    }
    ready(64);
    timed(Math.max(ms, 50), () => (w && w(buf, 64) < 0) || ops.read(buf, 64) < 0 ? -1 : lat ? lat(buf) : 0);
    for (const size of sizes) {
      const expect = (r: number): number => {
        if (r >= 0 && r !== size) throw new Error(`short transfer: ${r} of ${size} bytes`);
        return r;
      };
      ready(size);
      if (w) {
        timed(Math.min(ms, 10), () => expect(w(buf, size)));
        writeAll(1, `write.${size}=${timed(ms, () => expect(w(buf, size))).toFixed(1)}\n`);
      }
      timed(Math.min(ms, 10), () => expect(ops.read(buf, size)));
      writeAll(1, `read.${size}=${timed(ms, () => expect(ops.read(buf, size))).toFixed(1)}\n`);
    }
    if (lat) {
      ready(64);
      timed(Math.min(ms, 10), () => lat(buf));
      writeAll(1, `latency=${timed(ms, () => lat(buf)).toFixed(1)}\n`);
    }
  } catch (e) {
    writeAll(2, `bench_io: ${mech}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    ops.close();
  }
  return 0;
}
