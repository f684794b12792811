// Statistics for the benchmark: medians, spreads, and sampling until a point is stable.

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * (max - min) / |median|: 0.1 means the batches were within 10% of each other. The absolute value is for
 * differences of two batches (cases/fanotify.mjs), which a preempted batch can make negative: a negative
 * spread would pass any tolerance.
 */
export function spread(xs) {
  const m = Math.abs(median(xs));
  return m ? (Math.max(...xs) - Math.min(...xs)) / m : 0;
}

/**
 * Calls `sample()` (which returns one or more batch results) until the last `k` batches lie within `tol`
 * of each other (spread of the last k <= tol), after at least `min` batches; or until `max` batches or
 * `maxMs` milliseconds were spent. The result is the median and spread of those last k batches (the
 * stable window), `samples` all batches taken, `stable` whether the window met `tol`.
 */
export async function untilStable(sample, { k = 3, tol = 0.05, min = k, max = 25, maxMs = Infinity, onBatch = () => {} } = {}) {
  const values = [];
  const t0 = performance.now();
  for (;;) {
    const got = await sample();
    values.push(...(Array.isArray(got) ? got : [got]));
    onBatch(values.length);
    const last = values.slice(-k);
    const sp = spread(last);
    const stable = last.length >= k && sp <= tol;
    if ((stable && values.length >= min) || values.length >= max || performance.now() - t0 >= maxMs) {
      return { median: median(last), spread: sp, samples: values.length, stable, values };
    }
  }
}
