// urfs_bench: measuring programs for bench/cases/urfs.mjs (installed in /usr/libexec/urfs-test).
//   read1 FILE MS BATCHES   pread of 1 byte at 0, as many as fit in MS ms per batch; prints batchN= ns/call
//   rw FILE SIZE MS         pwrite then pread of SIZE bytes at 0 for MS ms each; prints write= read= ns/op
//   sizes FILE MS SIZE...   the same for each SIZE; prints write.SIZE= read.SIZE= ns/op
//   openclose FILE MS       open and close of FILE (which exists) for MS ms; prints openclose= ns/op
//   chmodopen FILE MS       chmod of FILE (a change: no cached verdict holds), then its open and close, for MS
//                           ms; prints chmodopen= ns/op
//   fanout ROUNDS FILE...   one process per FILE, all started and waiting first; then ROUNDS times each opens
//                           and closes its FILE at the same moment; prints batchK= ms until the last open of
//                           round K is done, and fanout= their median
import {
  open, close, read, write, pread, pwrite, pipe, spawn, waitpid, malloc, free, clock_ms, writeAll, errno,
  strerror, HEAP, chmod,
} from '@urfs/emu-kernel/user/libc';
import { O_RDWR, O_CREAT, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';

const SELF = '/usr/libexec/urfs-test/urfs_bench';

/**
 * A fanout child: says it is ready, then for each byte on fd 3 (its own go pipe) opens and closes FILE and
 * prints when it is done; ends when the parent closes the pipe.
 */
function fanout_child(file: string): number {
  writeAll(1, 'ready\n');
  const b = malloc(1);
  while (read(3, b, 1) === 1) {
    const fd = open(file, O_RDONLY);
    if (fd >= 0) close(fd);
    writeAll(1, `${fd < 0 ? 'error' : 'done'} ${clock_ms()}\n`);
  }
  return 0;
}

/** Reads lines from `fd` into `text` until `count(lines)` reaches `n`; false when the pipe ends first. */
function read_lines_until(fd: number, buf: number, text: { s: string }, n: number, count: (l: string) => boolean): boolean {
  while (text.s.split('\n').filter(count).length < n) {
    const got = read(fd, buf, 4096);
    if (got <= 0) return false;
    text.s += new TextDecoder().decode(HEAP.subarray(buf, buf + got));
  }
  return true;
}

/**
 * One process per FILE, started once and all waiting; then ROUNDS times each opens and closes its FILE at
 * the same moment. The processes live through every round, so a round times the opens, not the start-up
 * of sixteen processes. Prints batchK= ms until the last open of round K is done, and fanout= their median.
 */
function fanout(rounds: number, files: string[]): number {
  const res = pipe();
  const gos = files.map(() => pipe());
  if (!res || gos.some((g) => !g)) return writeAll(2, `urfs_bench: pipe: ${strerror(errno)}\n`), 1;
  const pids = files.map((f, i) => spawn(SELF, ['urfs_bench', 'fanout-child', f], undefined, [0, res[1], 2, gos[i]![0]]));
  for (const g of gos) close(g![0]);
  close(res[1]);
  const end = (status: number): number => {
    for (const g of gos) close(g![1]);
    close(res[0]);
    for (const p of pids) if (p >= 0) waitpid(p);
    return status;
  };
  if (pids.some((p) => p < 0)) return writeAll(2, `urfs_bench: spawn: ${strerror(errno)}\n`), end(1);
  const buf = malloc(4096), gob = malloc(1);
  // Lines come in any order and any grouping: count them until every child said ready.
  const text = { s: '' };
  if (!read_lines_until(res[0], buf, text, files.length, (l) => l === 'ready')) {
    return writeAll(2, 'urfs_bench: a fanout child died\n'), end(1);
  }
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    text.s = '';
    const t0 = clock_ms();
    for (const g of gos) write(g![1], gob, 1);
    const finished = (l: string) => l.startsWith('done ') || l.startsWith('error ');
    if (!read_lines_until(res[0], buf, text, files.length, finished)) {
      return writeAll(2, 'urfs_bench: a fanout child died\n'), end(1);
    }
    const lines = text.s.split('\n').filter(finished);
    if (lines.some((l) => l.startsWith('error '))) return writeAll(2, 'urfs_bench: a fanout open failed\n'), end(1);
    const t = Math.max(...lines.map((l) => Number(l.slice(5)))) - t0;
    times.push(t);
    writeAll(1, `batch${r}=${t.toFixed(2)}\n`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  writeAll(1, `fanout=${sorted[Math.floor(sorted.length / 2)].toFixed(2)}\n`);
  return end(0);
}

function timed(ms: number, op: () => number): number {
  let n = 0;
  const t0 = clock_ms();
  let el = 0;
  do {
    for (let i = 0; i < 8; i++) if (op() < 0) throw new Error(strerror(errno));
    n += 8;
    el = clock_ms() - t0;
  } while (el < ms);
  return (el * 1e6) / n;
}

export default function main(argv: string[]): number {
  const [, mode, file] = argv;
  if (mode === 'fanout') {
    const rounds = Number(argv[2]);
    if (!Number.isInteger(rounds) || rounds < 1) return writeAll(2, 'usage: urfs_bench fanout ROUNDS FILE...\n'), 2;
    return fanout(rounds, argv.slice(3));
  }
  if (mode === 'fanout-child') return fanout_child(file);
  // Timed against an object nobody else holds open for writing (a write open would bypass cached verdicts).
  if (mode === 'openclose') return openclose(file, Number(argv[3] ?? 250));
  if (mode === 'chmodopen') return chmodopen(file, Number(argv[3] ?? 250));
  const fd = open(file, O_RDWR | O_CREAT, 0o644);
  if (fd < 0) return writeAll(2, `urfs_bench: ${file}: ${strerror(errno)}\n`), 1;
  try {
    if (mode === 'read1') {
      const ms = Number(argv[3] ?? 250), batches = Number(argv[4] ?? 3);
      const buf = malloc(8);
      if (pwrite(fd, buf, 1, 0) < 0) return 1;
      timed(50, () => pread(fd, buf, 1, 0));
      for (let b = 0; b < batches; b++) writeAll(1, `batch${b}=${timed(ms, () => pread(fd, buf, 1, 0)).toFixed(1)}\n`);
    } else if (mode === 'sizes') {
      const ms = Number(argv[3] ?? 250);
      for (const size of argv.slice(4).map(Number)) {
        const buf = malloc(size);
        timed(Math.min(30, ms), () => pwrite(fd, buf, size, 0));
        writeAll(1, `write.${size}=${timed(ms, () => pwrite(fd, buf, size, 0)).toFixed(1)}\n`);
        writeAll(1, `read.${size}=${timed(ms, () => pread(fd, buf, size, 0)).toFixed(1)}\n`);
        free(buf);
      }
    } else {
      const size = Number(argv[3] ?? 65536), ms = Number(argv[4] ?? 250);
      const buf = malloc(size);
      timed(30, () => pwrite(fd, buf, size, 0));
      writeAll(1, `write=${timed(ms, () => pwrite(fd, buf, size, 0)).toFixed(1)}\n`);
      writeAll(1, `read=${timed(ms, () => pread(fd, buf, size, 0)).toFixed(1)}\n`);
    }
  } finally {
    close(fd);
  }
  return 0;
}

function chmodopen(file: string, ms: number): number {
  const co = () => {
    if (chmod(file, 0o644) < 0) return -1;
    const f = open(file, O_RDONLY);
    return f < 0 ? f : close(f);
  };
  timed(Math.min(30, ms), co);
  writeAll(1, `chmodopen=${timed(ms, co).toFixed(1)}\n`);
  return 0;
}

function openclose(file: string, ms: number): number {
  const oc = () => {
    const f = open(file, O_RDONLY);
    return f < 0 ? f : close(f);
  };
  timed(Math.min(30, ms), oc);
  writeAll(1, `openclose=${timed(ms, oc).toFixed(1)}\n`);
  return 0;
}
