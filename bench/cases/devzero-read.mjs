// (c) Read bandwidth of /dev/zero from a process at 4 KiB and 1 MiB buffers (zeroread): the character
// device read path (sys_read -> vfs_read -> vfs_dispatch -> the driver -> copy_to_user), compared with
// the in-process copy of the same size.
import { runProgram, batchValues } from '../lib/machine.mjs';
import { untilStable } from '../lib/stats.mjs';
import { SIZES } from './memcpy.mjs';

export default {
  name: 'devzero-read',
  description: '/dev/zero read bandwidth from a process (zeroread)',
  async run({ quick, progress }) {
    const out = [];
    for (const size of SIZES) {
      const r = await untilStable(async () => {
        const rep = await runProgram(['zeroread', String(size), quick ? 't100' : 't250', '3']);
        if (rep.zeros !== '1') throw new Error('/dev/zero returned non-zero bytes');
        return batchValues(rep);
      }, { min: quick ? 3 : 9, max: quick ? 9 : 30, onBatch: (n) => progress(`${size} B batch ${n}`) });
      out.push({ mechanism: 'chardev', test: '/dev/zero read', bytes: size, ns_per_op: (size / r.median) * 1e3,
        mb_per_s: r.median, spread: r.spread, samples: r.samples, baseline: `memcpy/in-process copy/${size}` });
    }
    return out;
  },
};
