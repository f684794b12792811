// urfs_bench: measuring programs for bench/cases/urfs.mjs (installed in /usr/libexec/urfs-test).
//   read1 FILE MS BATCHES   pread of 1 byte at 0, as many as fit in MS ms per batch; prints batchN= ns/call
//   rw FILE SIZE MS         pwrite then pread of SIZE bytes at 0 for MS ms each; prints write= read= ns/op
//   sizes FILE MS SIZE...   the same for each SIZE; prints write.SIZE= read.SIZE= ns/op
//   openclose FILE MS       open and close of FILE (which exists) for MS ms; prints openclose= ns/op
//   chmodopen FILE MS       chmod of FILE (a change: no cached verdict holds), then its open and close, for MS
//                           ms; prints chmodopen= ns/op
//   fanout FILE...          one process per FILE, all started and waiting first; then each opens and closes
//                           its FILE at the same moment; prints fanout= ms until the last one is done
import {
  open, close, read, write, pread, pwrite, pipe, spawn, waitpid, malloc, free, clock_ms, writeAll, readAll, errno,
  strerror, HEAP, chmod,
} from '@urfs/emu-kernel/user/libc';
import { O_RDWR, O_CREAT, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';

const SELF = '/usr/libexec/urfs-test/urfs_bench';

/** A fanout child: says it is ready, waits for the go byte on fd 3, opens and closes FILE, prints when done. */
function fanout_child(file: string): number {
  writeAll(1, 'ready\n');
  const b = malloc(1);
  if (read(3, b, 1) !== 1) return 1;
  const fd = open(file, O_RDONLY);
  if (fd >= 0) close(fd);
  writeAll(1, `${fd < 0 ? 'error' : 'done'} ${clock_ms()}\n`);
  return fd < 0 ? 1 : 0;
}

function fanout(files: string[]): number {
  const go = pipe(), res = pipe();
  if (!go || !res) return writeAll(2, `urfs_bench: pipe: ${strerror(errno)}\n`), 1;
  const pids = files.map((f) => spawn(SELF, ['urfs_bench', 'fanout-child', f], undefined, [0, res[1], 2, go[0]]));
  close(go[0]);
  close(res[1]);
  if (pids.some((p) => p < 0)) return writeAll(2, `urfs_bench: spawn: ${strerror(errno)}\n`), 1;
  // Lines come in any order and any grouping: count them until every child said ready.
  let text = '';
  const buf = malloc(4096);
  const lines = () => text.split('\n').filter(Boolean);
  while (lines().filter((l) => l === 'ready').length < files.length) {
    const n = read(res[0], buf, 4096);
    if (n <= 0) return writeAll(2, 'urfs_bench: a fanout child died\n'), 1;
    text += new TextDecoder().decode(HEAP.subarray(buf, buf + n));
  }
  const t0 = clock_ms();
  const gob = malloc(files.length);
  write(go[1], gob, files.length);
  const rest = readAll(res[0]);
  text += rest ? new TextDecoder().decode(rest) : '';
  for (const p of pids) waitpid(p);
  const done = lines().filter((l) => l.startsWith('done ')).map((l) => Number(l.slice(5)));
  if (done.length !== files.length) return writeAll(2, 'urfs_bench: a fanout open failed\n'), 1;
  writeAll(1, `fanout=${(Math.max(...done) - t0).toFixed(2)}\n`);
  return 0;
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
  if (mode === 'fanout') return fanout(argv.slice(2));
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
