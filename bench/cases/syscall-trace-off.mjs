// The cost of the tracing hooks while tracing is off: the null system call (nullsys, emu_nop) in a loop
// that tests task.syscall_work on every call, as every loop does, against the same call in a loop built
// with the hooks compiled out (syscall_set_work_hooks(false), a benchmark-only switch that a loop reads
// when its process starts). Both run in the same machine, in pairs taken back to back in alternating
// order, so that drift in the host's speed falls on both. A run's figure is its fastest batch.
// A call costs some hundred ns while the process's thread and the kernel's each have a core, and tens of
// µs while other work holds one of the two (see "Shared cores" in the README): a pair only counts when
// both of its runs had free cores (within 1.5x of the fastest run seen). The result is the median of the
// counted pairs' ratios; pairs are taken until enough count, or the cap.
import { runProgram, batchValues } from '../lib/machine.mjs';
import { median, spread } from '../lib/stats.mjs';
import { syscall_set_work_hooks } from '../../packages/emu-kernel/dist/kernel/syscall.js';

const FREE_CORES = 1.5;

async function nullsys(hooks, ms, batches) {
  syscall_set_work_hooks(hooks);
  try {
    return Math.min(...batchValues(await runProgram(['nullsys', `t${ms}`, String(batches)])));
  } finally {
    syscall_set_work_hooks(true);
  }
}

export default {
  name: 'syscall-trace-off',
  description: 'null system call with tracing off vs the syscall-work hooks compiled out',
  async run({ quick, progress }) {
    const ms = quick ? 20 : 30;
    const batches = quick ? 5 : 8;
    const want = quick ? 6 : 15;
    const cap = quick ? 20 : 60;
    const pairs = [];
    const counted = () => {
      const best = Math.min(...pairs.flat());
      return pairs.filter(([h, b]) => h <= best * FREE_CORES && b <= best * FREE_CORES);
    };
    while (pairs.length < cap && counted().length < want) {
      progress(`pair ${pairs.length + 1} (${counted().length}/${want} on free cores)`);
      let h, b;
      if (pairs.length % 2) {
        h = await nullsys(true, ms, batches);
        b = await nullsys(false, ms, batches);
      } else {
        b = await nullsys(false, ms, batches);
        h = await nullsys(true, ms, batches);
      }
      pairs.push([h, b]);
    }
    const free = counted();
    const on = free.map(([h]) => h), off = free.map(([, b]) => b);
    const base = { mechanism: 'syscall', bytes: 0, mb_per_s: null, samples: pairs.length, free_core_pairs: free.length };
    return [
      { ...base, test: 'null round trip, hooks compiled out', ns_per_op: median(off), spread: spread(off) },
      { ...base, test: 'null round trip, tracing off', ns_per_op: median(on), spread: spread(on),
        baseline: 'syscall/null round trip, hooks compiled out',
        paired_ratio: free.length ? median(free.map(([h, b]) => h / b)) : null, target: { max_ratio: 1.02 } },
    ];
  },
};
