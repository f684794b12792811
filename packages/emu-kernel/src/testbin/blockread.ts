// blockread PATH [COUNT]: opens PATH read-only ("-" reads descriptor 0), prints "opened=1", then blocks
// in read until data, end of file, a signal or death. Prints "read=N" (or the errno) and the data.
import { O_RDONLY } from '../uapi/fcntl.js';
import { malloc, open, read, HEAP } from '../user/libc.js';
import { check, report } from './lib/report.js';

export default function main(argv: string[]): number {
  const path = argv[1] ?? '-';
  const count = Number(argv[2] ?? 4096);
  const fd = path === '-' ? 0 : open(path, O_RDONLY);
  if (fd < 0) {
    check('opened', fd);
    return 1;
  }
  report('opened', 1);
  const buf = malloc(count);
  const n = read(fd, buf, count);
  check('read', n);
  if (n > 0) report('data', new TextDecoder().decode(HEAP.subarray(buf, buf + n)).replace(/\n/g, '\\n'));
  return n < 0 ? 1 : 0;
}
