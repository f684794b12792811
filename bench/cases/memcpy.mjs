// The in-process reference for bandwidth: Uint8Array.prototype.set of a buffer of the same size, in one
// thread, no kernel. What a read() could at best approach.
import { untilStable } from '../lib/stats.mjs';

export const SIZES = [4096, 1 << 20];
/** Also the largest size of the mechanism tests, their bandwidth reference. */
const COPY_SIZES = [...SIZES, 2 << 20];

function batch(size, ms) {
  const src = new Uint8Array(size).fill(1);
  const dst = new Uint8Array(size);
  let bytes = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 64; i++) dst.set(src);
    bytes += 64 * size;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  if (dst[size - 1] !== 1) throw new Error('copy did not happen');
  return bytes / 1e3 / elapsed;
}

export default {
  name: 'memcpy',
  description: 'in-process copy (Uint8Array.prototype.set) at the read sizes',
  async run({ quick, progress }) {
    const out = [];
    for (const size of COPY_SIZES) {
      batch(size, 20); // warm-up
      const r = await untilStable(() => batch(size, quick ? 50 : 150), {
        min: quick ? 3 : 7, max: quick ? 6 : 20, onBatch: (n) => progress(`${size} B batch ${n}`),
      });
      out.push({ mechanism: 'memcpy', test: 'in-process copy', bytes: size, ns_per_op: (size / r.median) * 1e3,
        mb_per_s: r.median, spread: r.spread, samples: r.samples });
    }
    return out;
  },
};
