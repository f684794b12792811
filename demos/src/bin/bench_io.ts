// bench_io MECH MS SIZE[,SIZE...] [K [TOL [MAXN]]]: the measuring program of the benchmark's mechanism
// cases (thesis ch. 4). For each size it times write (user -> kernel) then read (kernel -> user), then the
// null round trip. A point is sampled in batches of MS ms until the last K batches (default 3) lie within
// TOL of each other ((max - min) / median, default 0.05) or MAXN batches (default 10) were taken; it prints
// "write.SIZE=", "read.SIZE=" and "latency=" (ns per operation, the median of the last K batches), each
// followed by ".min=" (the fastest batch), ".n=" (batches), ".spread=" and ".rt=" lines. ".rt" is the bare
// system call round trip (the bench system call's null type) probed for 2 ms after each batch: about a
// microsecond while this thread and the kernel's have cores of their own, tens of them while they share
// one. Batches taken on a shared core are set aside while the cores may still free up (see point()).
// MECH: chr (/dev/bench_chr), debugfs (/sys/kernel/debug/bench_debugfs), syscall (the bench system call,
// 549), proc (/proc/bench_proc), sysfs (/sys/bench_sysfs), netlink (unit 30), relay (read only: no write
// or latency lines), ioctl (/dev/bench_ioctl), mmap (/dev/bench_mmap), genl (family BENCH_GENL). The
// modules (bench_chr, bench_debugfs, ...) must be loaded first.
import { open, close, read, write, lseek, ioctl, syscall, malloc, clock_ms, writeAll, readFile, errno, strerror, HEAP, HEAPV,
  socket, bind, getsockname, getpid, calloc, mmap }
  from '@urfs/emu-kernel/user/libc';
import { O_RDONLY, O_RDWR, O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import {
  BENCH_CHR_NAME, BENCH_CHR_NULL, BENCH_MAX, BENCH_PROC_NAME, BENCH_SYSFS_NAME, BENCH_SYS_NULL, BENCH_SYS_READ, BENCH_SYS_WRITE,
  __NR_bench, NETLINK_BENCH, BENCH_NL_BLOCK, BENCH_NL_WRITE, BENCH_NL_READ, BENCH_NL_LATENCY, BENCH_NL_ACCEPT,
  BENCH_RELAY_NAME, BENCH_RELAY_FILL, BENCH_DEBUGFS_NAME, BENCH_IOCTL_NAME, BENCH_IOC_WRITE, BENCH_IOC_READ, BENCH_XFER_SIZE,
  BENCH_MMAP_NAME, BENCH_MMAP_TAKE, BENCH_MMAP_GIVE, BENCH_GENL_FAMILY, BENCH_GENL_VERSION, BENCH_GENL_C_WRITE,
  BENCH_GENL_C_READ, BENCH_GENL_C_NULL, BENCH_GENL_A_OFFSET, BENCH_GENL_A_LEN, BENCH_GENL_A_DATA, BENCH_GENL_ATTR,
  BENCH_GENL_BLOCK,
} from '../bench/bench_abi.js';
import { MAP_SHARED, PROT_READ, PROT_WRITE } from '@urfs/emu-kernel/uapi/mman';
import {
  GENL_HDRLEN, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_FAMILY_ID, NLA_HDRLEN, NLA_ALIGN,
  nla_split, nla_get_u16,
} from '@urfs/emu-kernel/uapi/genetlink';
import { AF_NETLINK, SOCK_RAW } from '@urfs/emu-kernel/uapi/socket';
import {
  NETLINK_GENERIC, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLM_F_ACK, sockaddr_nl, sockaddr_nl_read,
} from '@urfs/emu-kernel/uapi/netlink';
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
  if (mech === 'genl') return genlOps();
  if (mech === 'ioctl') return ioctlOps();
  if (mech === 'mmap') return mmapOps();
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
 * A netlink socket driven as a C program would: one send and one receive buffer of 128 KiB, passed to
 * sendmsg/recvmsg by pointer through prebuilt msghdrs. The caller builds each message in `sbuf`.
 */
interface NlChannel {
  sbuf: number;
  rbuf: number;
  /** The socket's port id (the header's nlmsg_pid). */
  me: number;
  /** Sends the `len` bytes built at sbuf. */
  send(len: number): number;
  /** Receives one datagram into rbuf; its length, or -1. */
  recv(): number;
  /** Writes a netlink header at sbuf with the next sequence number. */
  header(len: number, type: number, flags: number): void;
  close(): void;
}

const NL_MSG_MAX = 128 * 1024;

function nlChannel(protocol: number): NlChannel | string {
  const fd = socket(AF_NETLINK, SOCK_RAW, protocol);
  if (fd < 0) return `socket(AF_NETLINK, ${protocol}): ${strerror(errno)}`;
  if (bind(fd, sockaddr_nl(getpid(), 0)) < 0) return close(fd), `bind: ${strerror(errno)}`;
  const me = sockaddr_nl_read(getsockname(fd) ?? new Uint8Array(12)).pid;
  const sbuf = malloc(NL_MSG_MAX), rbuf = malloc(NL_MSG_MAX);
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
  return {
    sbuf, rbuf, me,
    send(len) {
      HEAPV.setBigUint64(shdr + 64, BigInt(len), true);
      return syscall(NR.__NR_sendmsg, fd, shdr, 0);
    },
    recv() {
      HEAPV.setBigUint64(rhdr + 64, BigInt(NL_MSG_MAX), true);
      HEAPV.setInt32(rhdr + 8, 128, true);
      const r = syscall(NR.__NR_recvmsg, fd, rhdr, 0);
      return r < NLMSG_HDRLEN ? -1 : r;
    },
    header(len, type, flags) {
      HEAPV.setUint32(sbuf, len, true);
      HEAPV.setUint16(sbuf + 4, type, true);
      HEAPV.setUint16(sbuf + 6, flags, true);
      HEAPV.setUint32(sbuf + 8, ++seq, true);
      HEAPV.setUint32(sbuf + 12, me, true);
    },
    close: () => void close(fd),
  };
}

/**
 * netlink: data in messages of at most 128 KiB (command byte first). A write sends its blocks, then an
 * NLMSG_DONE that the kernel answers; a read asks for each block with an NLMSG_DONE 'R' request and copies
 * the reply's payload out; the latency is an 'L' message and its reply.
 */
function netlinkOps(): Ops | string {
  const ch = nlChannel(NETLINK_BENCH);
  if (typeof ch === 'string') return ch;
  const { sbuf, rbuf } = ch;
  /** One message: header, command byte, then `n` bytes from `src` (the program's copy into the message). */
  const send = (type: number, cmd: number, src: number, n: number): number => {
    const len = NLMSG_HDRLEN + 1 + n;
    ch.header(len, type, 1); // NLM_F_REQUEST
    HEAP[sbuf + NLMSG_HDRLEN] = cmd;
    if (n) HEAP.copyWithin(sbuf + NLMSG_HDRLEN + 1, src, src + n);
    return ch.send(len);
  };
  /** Receives one reply; returns its payload length, or -1. */
  const recv = (): number => (ch.recv() < 0 ? -1 : HEAPV.getUint32(rbuf, true) - NLMSG_HDRLEN);
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
    close: ch.close,
  };
}

/**
 * Generic netlink: the family's id from nlctrl first (not timed). A write sends WRITE messages of at most
 * 128 KiB (OFFSET, then the data copied into DATA attributes), the last one with NLM_F_ACK, and waits for
 * the acknowledgement; a read sends READ(OFFSET, LEN) per block and copies the DATA attributes of each reply
 * out; the latency is NULL and its (empty) reply.
 */
function genlOps(): Ops | string {
  const ch = nlChannel(NETLINK_GENERIC);
  if (typeof ch === 'string') return ch;
  const { sbuf, rbuf } = ch;
  const REQ = 1; // NLM_F_REQUEST
  /** Puts an attribute header at `at`; returns where the next one goes. */
  const attr = (at: number, type: number, len: number): number => {
    HEAPV.setUint16(at, NLA_HDRLEN + len, true);
    HEAPV.setUint16(at + 2, type, true);
    return at + NLA_ALIGN(NLA_HDRLEN + len);
  };
  const genlhdr = (cmd: number, version: number): number => {
    HEAP[sbuf + NLMSG_HDRLEN] = cmd;
    HEAP[sbuf + NLMSG_HDRLEN + 1] = version;
    HEAPV.setUint16(sbuf + NLMSG_HDRLEN + 2, 0, true);
    return sbuf + NLMSG_HDRLEN + GENL_HDRLEN;
  };
  /** The attributes of the genl message received in rbuf (a view of the receive buffer). */
  const rattrs = () => {
    const len = HEAPV.getUint32(rbuf, true);
    return nla_split(HEAP.subarray(rbuf + NLMSG_HDRLEN + GENL_HDRLEN, rbuf + len)) ?? [];
  };
  /** The error code of an NLMSG_ERROR in rbuf (0: an ACK), or null for another message. */
  const nlerr = (): number | null => (HEAPV.getUint16(rbuf + 4, true) === NLMSG_ERROR ? HEAPV.getInt32(rbuf + NLMSG_HDRLEN, true) : null);

  // Resolve the family (CTRL_CMD_GETFAMILY with its name).
  const name = new TextEncoder().encode(BENCH_GENL_FAMILY + '\0');
  let end = genlhdr(CTRL_CMD_GETFAMILY, 1);
  HEAP.set(name, end + NLA_HDRLEN);
  end = attr(end, CTRL_ATTR_FAMILY_NAME, name.length);
  ch.header(end - sbuf, GENL_ID_CTRL, REQ);
  if (ch.send(end - sbuf) < 0 || ch.recv() < 0) return ch.close(), `nlctrl: ${strerror(errno)}`;
  const e = nlerr();
  if (e) return ch.close(), `family ${BENCH_GENL_FAMILY}: ${strerror(-e)}`;
  const ida = rattrs().find((a) => a.nla_type === CTRL_ATTR_FAMILY_ID);
  if (!ida) return ch.close(), `family ${BENCH_GENL_FAMILY}: no id in the reply`;
  const id = nla_get_u16(ida);

  const u32attr = (at: number, type: number, v: number): number => {
    HEAPV.setUint32(at + NLA_HDRLEN, v, true);
    return attr(at, type, 4);
  };
  return {
    write(b, n) {
      for (let off = 0; off < n; off += BENCH_GENL_BLOCK) {
        const last = off + BENCH_GENL_BLOCK >= n;
        let at = u32attr(genlhdr(BENCH_GENL_C_WRITE, BENCH_GENL_VERSION), BENCH_GENL_A_OFFSET, off);
        for (let k = off, stop = Math.min(n, off + BENCH_GENL_BLOCK); k < stop; k += BENCH_GENL_ATTR) {
          const len = Math.min(BENCH_GENL_ATTR, stop - k);
          HEAP.copyWithin(at + NLA_HDRLEN, b + k, b + k + len);
          at = attr(at, BENCH_GENL_A_DATA, len);
        }
        ch.header(at - sbuf, id, last ? REQ | NLM_F_ACK : REQ);
        if (ch.send(at - sbuf) < 0) return -1;
      }
      if (ch.recv() < 0) return -1;
      return nlerr() === 0 ? n : -1;
    },
    read(b, n) {
      for (let off = 0; off < n; off += BENCH_GENL_BLOCK) {
        const len = Math.min(BENCH_GENL_BLOCK, n - off);
        const at = u32attr(u32attr(genlhdr(BENCH_GENL_C_READ, BENCH_GENL_VERSION), BENCH_GENL_A_OFFSET, off), BENCH_GENL_A_LEN, len);
        ch.header(at - sbuf, id, REQ);
        if (ch.send(at - sbuf) < 0 || ch.recv() < 0 || nlerr() !== null) return -1;
        let got = 0;
        for (const a of rattrs()) {
          if (a.nla_type !== BENCH_GENL_A_DATA || got + a.data.length > len) continue;
          const src = a.data.byteOffset;
          HEAP.copyWithin(b + off + got, src, src + a.data.length);
          got += a.data.length;
        }
        if (got !== len) return -1;
      }
      return n;
    },
    latency() {
      const at = genlhdr(BENCH_GENL_C_NULL, BENCH_GENL_VERSION);
      ch.header(at - sbuf, id, REQ);
      if (ch.send(at - sbuf) < 0 || ch.recv() < 0) return -1;
      return HEAPV.getUint16(rbuf + 4, true) === id ? 0 : -1;
    },
    close: ch.close,
  };
}

/** ioctl: a struct bench_xfer {ptr, len} per call; the module copies the struct in, then the data. */
function ioctlOps(): Ops | string {
  const path = `/dev/${BENCH_IOCTL_NAME}`;
  const fd = open(path, O_RDWR, 0);
  if (fd < 0) return `${path}: ${strerror(errno)}`;
  const x = calloc(BENCH_XFER_SIZE);
  const xfer = (cmd: number, b: number, n: number): number => {
    HEAPV.setBigUint64(x, BigInt(b), true);
    HEAPV.setBigUint64(x + 8, BigInt(n), true);
    return ioctl(fd, cmd, x);
  };
  return {
    write: (b, n) => xfer(BENCH_IOC_WRITE, b, n),
    read: (b, n) => xfer(BENCH_IOC_READ, b, n),
    latency: (b) => xfer(BENCH_IOC_WRITE, b, 0),
    close: () => void close(fd),
  };
}

/**
 * mmap: the device's pages mapped once (2 MiB, shared). A write copies into the mapping, then ioctl TAKE
 * makes the module copy it into its buffer; a read is ioctl GIVE (the module fills the mapping), then a
 * copy out of it. The latency is the null ioctl.
 */
function mmapOps(): Ops | string {
  const path = `/dev/${BENCH_MMAP_NAME}`;
  const fd = open(path, O_RDWR, 0);
  if (fd < 0) return `${path}: ${strerror(errno)}`;
  const map = mmap(0, BENCH_MAX, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map < 0) return close(fd), `mmap ${path}: ${strerror(errno)}`;
  return {
    write(b, n) {
      HEAP.copyWithin(map, b, b + n);
      return ioctl(fd, BENCH_MMAP_TAKE, n);
    },
    read(b, n) {
      const r = ioctl(fd, BENCH_MMAP_GIVE, n);
      if (r >= 0) HEAP.copyWithin(b, map, map + n);
      return r;
    },
    latency: () => ioctl(fd, BENCH_CHR_NULL, 0),
    close: () => void close(fd), // the mapping goes at exit
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

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** (max - min) / median. */
const spread = (xs: number[]): number => (Math.max(...xs) - Math.min(...xs)) / median(xs);

interface Stability {
  /** Batches that must agree. */
  k: number;
  /** How closely: (max - min) / median of the last k batches. */
  tol: number;
  /** The most batches for one point. */
  max: number;
}

/** The bare system call: what one round trip between this thread and the kernel's costs right now. */
const nullcall = (): number => syscall(__NR_bench, BENCH_SYS_NULL, 0, 0);
/**
 * A bare round trip slower than this (ns) means this thread and the kernel's are sharing a core (other work
 * holds the other one): every system call then pays tens of microseconds (bench/lib/svg.mjs marks such
 * points with the same threshold).
 */
const SHARED_RT_NS = 5000;

/**
 * Samples `op` in batches of `ms` ms, each followed by a 2 ms probe of the bare round trip. Batches taken
 * while the probe shows a shared core are set aside as long as the cores may free up again: the point is
 * the median of the last k batches taken on free cores once they agree within tol (or max of them were
 * taken); after 2 x max batches in all it makes do with what it has. Prints KEY=ns per op, KEY.min (the
 * fastest batch), KEY.n (batches taken), KEY.spread (of the k used) and KEY.rt (their probes' median).
 */
function point(key: string, ms: number, st: Stability, op: () => number): void {
  timed(Math.min(ms, 10), op); // warm-up: JIT, both threads awake
  const all: [number, number][] = [], free: [number, number][] = [];
  for (;;) {
    const x = timed(ms, op), rt = timed(2, nullcall);
    all.push([x, rt]);
    if (rt <= SHARED_RT_NS) free.push([x, rt]);
    const pool = free.length >= st.k ? free : all.length >= 2 * st.max ? all : null;
    if (!pool) continue;
    const last = pool.slice(-st.k), xs = last.map((b) => b[0]), sp = spread(xs);
    if (sp <= st.tol || free.length >= st.max || all.length >= 2 * st.max) {
      writeAll(1, `${key}=${median(xs).toFixed(1)}\n${key}.min=${Math.min(...all.map((b) => b[0])).toFixed(1)}\n` +
        `${key}.n=${all.length}\n${key}.spread=${sp.toFixed(3)}\n${key}.rt=${median(last.map((b) => b[1])).toFixed(1)}\n`);
      return;
    }
  }
}

const USAGE = 'usage: bench_io chr|debugfs|syscall|proc|sysfs|netlink|relay|ioctl|mmap|genl MS SIZE[,SIZE...] [K [TOL [MAXN]]]\n';

export default function main(argv: string[]): number {
  const [, mech = '', msArg = '100', sizesArg = '64,4096', kArg = '3', tolArg = '0.05', maxArg = '10'] = argv;
  const ms = Number(msArg);
  const sizes = sizesArg.split(',').map(Number);
  const st: Stability = { k: Number(kArg), tol: Number(tolArg), max: Number(maxArg) };
  if (!(ms > 0) || sizes.some((s) => !(s > 0 && s <= BENCH_MAX)) || !(st.k >= 1 && st.tol >= 0 && st.max >= st.k)) {
    writeAll(2, USAGE);
    return 2;
  }
  const ops = openOps(mech);
  if (typeof ops === 'string') return writeAll(2, `bench_io: ${ops}\n`), 1;
  const buf = malloc(BENCH_MAX);
  if (!buf) return writeAll(2, 'bench_io: out of memory\n'), 1;
  HEAP.fill(0x5a, buf, buf + BENCH_MAX);
  try {
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
      // Every timed transfer moves the same bytes (content matters to one path: sysfs decodes writes as text).
      HEAP.fill(0x5a, buf, buf + BENCH_MAX);
    }
    // Warm up the whole path (JIT, both threads awake) before the first point.
    ready(64);
    timed(Math.max(ms, 50), () => (w && w(buf, 64) < 0) || ops.read(buf, 64) < 0 ? -1 : lat ? lat(buf) : 0);

    for (const size of sizes) {
      const expect = (r: number): number => {
        if (r >= 0 && r !== size) throw new Error(`short transfer: ${r} of ${size} bytes`);
        return r;
      };
      ready(size);
      if (w) point(`write.${size}`, ms, st, () => expect(w(buf, size)));
      point(`read.${size}`, ms, st, () => expect(ops.read(buf, size)));
    }
    if (lat) {
      ready(64);
      point('latency', ms, st, () => lat(buf));
    }
  } catch (e) {
    writeAll(2, `bench_io: ${mech}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    ops.close();
  }
  return 0;
}
