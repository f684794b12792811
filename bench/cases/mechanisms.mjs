// The thesis's chapter 4 tests: for each kernel <-> user mechanism, write (user -> kernel) and read
// (kernel -> user) bandwidth from 64 B to 2 MiB in powers of two, and the null round trip. Each mechanism
// has a test module (demos/src/modules/bench_*.ts) or built-in system call (demos/src/bench/bench_syscall.ts)
// and is driven by /usr/bin/bench_io inside the machine, which prints ns per operation. A point's value is
// the median of its rounds (one program run per round).
import { bootMachine, runProgram } from '../lib/machine.mjs';
import { median, spread } from '../lib/stats.mjs';
import { RAW_TEST } from './atomics-roundtrip.mjs';

/** Issue 7's targets: chardev at 2 MiB >= 50% of the in-process copy; its null round trip <= 1.5x the raw one. */
function target(mechanism, test, bytes) {
  if (mechanism !== 'chardev') return {};
  if (test === 'latency') return { baseline: `atomics/${RAW_TEST}`, target: { max_ratio: 1.5 } };
  if (bytes === 2 << 20) return { baseline: `memcpy/in-process copy/${bytes}`, target: { max_ratio: 2 } };
  return {};
}

export const ALL_SIZES = Array.from({ length: 16 }, (_, i) => 64 << i); // 64 B .. 2 MiB
export const QUICK_SIZES = [64, 4096, 65536, 2 << 20];

/** mechanism name in the records -> bench_io's name and the module it needs (null: built in). */
export const MECHANISMS = [
  { mechanism: 'chardev', io: 'chr', module: 'bench_chr' },
  { mechanism: 'syscall', io: 'syscall', module: null },
  { mechanism: 'procfs', io: 'proc', module: 'bench_proc' },
  { mechanism: 'sysfs', io: 'sysfs', module: 'bench_sysfs' },
  { mechanism: 'netlink', io: 'netlink', module: 'bench_netlink' },
  { mechanism: 'relay', io: 'relay', module: 'bench_relay' }, // read only
  { mechanism: 'debugfs', io: 'debugfs', module: 'bench_debugfs' },
];

export default {
  name: 'mechanisms',
  description: 'thesis ch. 4: read/write bandwidth 64 B - 2 MiB and null round trip per mechanism',
  async run({ quick, progress }) {
    const m = await bootMachine();
    const sizes = quick ? QUICK_SIZES : ALL_SIZES;
    const ms = quick ? 30 : 60;
    const rounds = 3;
    const out = [];
    for (const mech of MECHANISMS) {
      if (mech.module) {
        const code = await m.sh(`insmod ${mech.module}`);
        if (code !== 0) throw new Error(`insmod ${mech.module}: exit ${code}`);
      }
      const values = new Map(); // "test.size" -> ns per op of each round
      try {
        for (let r = 0; r < rounds; r++) {
          progress(`${mech.mechanism} round ${r + 1}/${rounds}`);
          const rep = await runProgram(['/usr/bin/bench_io', mech.io, String(ms), sizes.join(',')]);
          for (const [k, v] of Object.entries(rep)) {
            if (!/^(read|write)\.\d+$|^latency$/.test(k)) continue;
            if (!values.has(k)) values.set(k, []);
            values.get(k).push(Number(v));
          }
        }
      } finally {
        if (mech.module) await m.sh(`rmmod ${mech.module}`);
      }
      for (const test of ['write', 'read']) {
        for (const bytes of sizes) {
          const xs = values.get(`${test}.${bytes}`);
          if (!xs) continue; // relay has no write test
          const ns = median(xs);
          out.push({ mechanism: mech.mechanism, test, bytes, ns_per_op: ns, mb_per_s: (bytes / ns) * 1e3,
            spread: spread(xs), samples: xs.length, ...target(mech.mechanism, test, bytes) });
        }
      }
      const lat = values.get('latency');
      if (lat) out.push({ mechanism: mech.mechanism, test: 'latency', bytes: 0, ns_per_op: median(lat), mb_per_s: null,
        spread: spread(lat), samples: lat.length, ...target(mech.mechanism, 'latency', 0) });
    }
    return out;
  },
};
