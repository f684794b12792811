// urfs_bench: measuring programs for bench/cases/urfs.mjs (installed in /usr/libexec/urfs-test).
//   read1 FILE MS BATCHES   pread of 1 byte at 0, as many as fit in MS ms per batch; prints batchN= ns/call
//   rw FILE SIZE MS         pwrite then pread of SIZE bytes at 0 for MS ms each; prints write= read= ns/op
//   sizes FILE MS SIZE...   the same for each SIZE; prints write.SIZE= read.SIZE= ns/op
//   openclose FILE MS       open and close of FILE (which exists) for MS ms; prints openclose= ns/op
import { open, close, pread, pwrite, malloc, free, clock_ms, writeAll, errno, strerror } from '@urfs/emu-kernel/user/libc';
import { O_RDWR, O_CREAT, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';

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
    } else if (mode === 'openclose') {
      const ms = Number(argv[3] ?? 250);
      const oc = () => {
        const f = open(file, O_RDONLY);
        return f < 0 ? f : close(f);
      };
      timed(Math.min(30, ms), oc);
      writeAll(1, `openclose=${timed(ms, oc).toFixed(1)}\n`);
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
