// (b) The null system call from a process: emu_nop (1001) through libc's syscall(), the control block,
// syscall_loop and the table. Compared with (a): the kernel's own cost on top of the raw round trip.
// Cross-thread wake-up latency depends on how busy the host is (an idle virtual CPU wakes slowly), so the
// ratio is also measured in pairs: a raw batch right before each nullsys run, under the same conditions.
import { runProgram, batchValues } from '../lib/machine.mjs';
import { median, untilStable } from '../lib/stats.mjs';
import { openPingPong, RAW_TEST } from './atomics-roundtrip.mjs';

export default {
  name: 'syscall-null',
  description: 'null system call round trip from a process (nullsys)',
  async run({ quick, progress }) {
    const ms = quick ? 100 : 250;
    const pp = openPingPong();
    const ratios = [];
    try {
      const r = await untilStable(async () => {
        const raw = await pp.batch(ms);
        const sys = batchValues(await runProgram(['nullsys', `t${ms}`, '3']));
        ratios.push(median(sys) / raw);
        return sys;
      }, { min: quick ? 3 : 9, max: quick ? 9 : 30, onBatch: (n) => progress(`batch ${n}`) });
      return [{ mechanism: 'syscall', test: 'null round trip (emu_nop)', bytes: 0, ns_per_op: r.median, mb_per_s: null,
        spread: r.spread, samples: r.samples, baseline: `atomics/${RAW_TEST}`, paired_ratio: median(ratios),
        target: { max_ratio: 1.5 } }];
    } finally {
      await pp.close();
    }
  },
};
