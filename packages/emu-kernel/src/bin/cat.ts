// cat [FILE...]: concatenates files (or standard input, also for "-") to standard output.
import { O_RDONLY } from '../uapi/fcntl.js';
import { open, close, read, write, malloc, free, errno, strerror, dprintf } from '../user/libc.js';
import { EINTR } from '../uapi/errno.js';
import { wantsHelp, help } from './lib/help.js';

const BUFSZ = 65536;

function copy(fd: number, buf: number): number {
  for (;;) {
    const n = read(fd, buf, BUFSZ);
    if (n === 0) return 0;
    if (n < 0) {
      if (errno === EINTR) continue;
      return -1;
    }
    let off = 0;
    while (off < n) {
      const w = write(1, buf + off, n - off);
      if (w < 0) return -2;
      off += w;
    }
  }
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('cat [FILE]...', 'Concatenates the FILEs (or standard input; - is standard input) to standard output.');
  const files = argv.slice(1).length ? argv.slice(1) : ['-'];
  const buf = malloc(BUFSZ);
  let status = 0;
  for (const f of files) {
    const fd = f === '-' ? 0 : open(f, O_RDONLY);
    if (fd < 0) {
      dprintf(2, `cat: ${f}: ${strerror(errno)}\n`);
      status = 1;
      continue;
    }
    const r = copy(fd, buf);
    if (r === -1) {
      dprintf(2, `cat: ${f}: ${strerror(errno)}\n`);
      status = 1;
    } else if (r === -2) {
      dprintf(2, `cat: write error: ${strerror(errno)}\n`);
      return 1;
    }
    if (fd !== 0) close(fd);
  }
  free(buf);
  return status;
}
