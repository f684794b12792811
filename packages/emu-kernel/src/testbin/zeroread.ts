// zeroread [BUFSIZE] [ITERS | tMS] [BATCHES]: /dev/zero read bandwidth. Each batch reads BUFSIZE bytes
// into one buffer ITERS times (or for MS milliseconds with "t300"); prints each batch's MB/s (1 MB = 1e6
// bytes), the spread and the median, and checks that the buffer holds zeros.
import { O_RDONLY } from '../uapi/fcntl.js';
import { HEAP, clock_ms, malloc, open, read } from '../user/libc.js';
import { check, report } from './lib/report.js';
import { batchPlan, summarize } from './lib/batches.js';

export default function main(argv: string[]): number {
  const size = Math.max(1, Number(argv[1] ?? 4096));
  const plan = batchPlan(argv[2] ?? '1000', argv[3] ?? '5', size >= 1 << 20 ? 4 : 16);
  const fd = open('/dev/zero', O_RDONLY);
  if (fd < 0) {
    check('open', fd);
    return 1;
  }
  const buf = malloc(size);
  if (!buf) {
    report('malloc', 'ENOMEM');
    return 1;
  }
  HEAP.fill(1, buf, buf + size);
  for (let i = 0; i < 50; i++) read(fd, buf, size);
  const results: number[] = [];
  for (let b = 0; b < plan.batches; b++) {
    let bytes = 0, calls = 0;
    const t0 = clock_ms();
    let elapsed = 0;
    do {
      for (let i = 0; i < plan.chunk; i++) {
        const n = read(fd, buf, size);
        if (n !== size) {
          check('short_read', n);
          return 1;
        }
        bytes += n;
      }
      calls += plan.chunk;
      elapsed = clock_ms() - t0;
    } while (plan.ms > 0 ? elapsed < plan.ms : calls < plan.iters);
    const mbs = bytes / 1e3 / Math.max(elapsed, 1e-6);
    results.push(mbs);
    report(`batch${b}`, mbs.toFixed(1));
  }
  let zeros = true;
  for (let i = buf; i < buf + size; i++) if (HEAP[i] !== 0) zeros = false;
  report('zeros', zeros ? 1 : 0);
  report('bufsize', size);
  const s = summarize(results);
  report('spread', s.spread.toFixed(3));
  report('mb_per_s', s.median.toFixed(1));
  return 0;
}
