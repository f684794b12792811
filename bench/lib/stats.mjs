// Statistics for the benchmark: medians, spreads, and sampling until a point is stable.

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** (max - min) / median: 0.1 means the batches were within 10% of each other. */
export function spread(xs) {
  const m = median(xs);
  return m ? (Math.max(...xs) - Math.min(...xs)) / m : 0;
}

/**
 * Calls `sample()` (which returns one or more batch results) until the median of everything collected
 * moves less than `tol` between two calls, after at least `min` and at most `max` batches.
 */
export async function untilStable(sample, { min = 5, max = 25, tol = 0.03, onBatch = () => {} } = {}) {
  const values = [];
  let last = NaN;
  for (;;) {
    const got = await sample();
    values.push(...(Array.isArray(got) ? got : [got]));
    onBatch(values.length);
    const m = median(values);
    const stable = Number.isFinite(last) && Math.abs(m - last) / last < tol;
    last = m;
    if (values.length >= max || (values.length >= min && stable)) break;
  }
  return { median: median(values), spread: spread(values), samples: values.length, values };
}
