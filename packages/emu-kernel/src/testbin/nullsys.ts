// nullsys [ITERS | tMS] [BATCHES]: the null system call round trip. Runs BATCHES batches of emu_nop (1001,
// the cheapest call the kernel has), each ITERS calls or, with "t300", as many as fit in 300 ms, and
// prints each batch's ns per call, the spread and the median.
import { __NR_emu_nop } from '../uapi/unistd.js';
import { clock_ms, syscall } from '../user/libc.js';
import { report } from './lib/report.js';
import { batchPlan, summarize } from './lib/batches.js';

export default function main(argv: string[]): number {
  const plan = batchPlan(argv[1] ?? '100000', argv[2] ?? '5', 256); // the clock read is a call too: keep it rare
  for (let i = 0; i < 2000; i++) syscall(__NR_emu_nop); // warm up the JIT on both sides
  const results: number[] = [];
  let total = 0;
  for (let b = 0; b < plan.batches; b++) {
    let calls = 0;
    const t0 = clock_ms();
    let elapsed = 0;
    do {
      for (let i = 0; i < plan.chunk; i++) syscall(__NR_emu_nop);
      calls += plan.chunk;
      elapsed = clock_ms() - t0;
    } while (plan.ms > 0 ? elapsed < plan.ms : calls < plan.iters);
    const ns = (elapsed * 1e6) / calls;
    total += calls;
    results.push(ns);
    report(`batch${b}`, ns.toFixed(1));
  }
  report('iters', total);
  const s = summarize(results);
  report('spread', s.spread.toFixed(3));
  report('ns_per_op', s.median.toFixed(1));
  return 0;
}
