// Batch plans for the measuring programs: a fixed number of iterations ("100000"), or a time budget per
// batch ("t300": as many iterations as fit in 300 ms, checked every `chunk` iterations).

export interface BatchPlan {
  iters: number;
  /** Time budget per batch in ms; 0 means a fixed iteration count. */
  ms: number;
  /** Iterations between clock reads. */
  chunk: number;
  batches: number;
}

export function batchPlan(spec: string, batches: string, chunk = 64): BatchPlan {
  const b = Math.max(1, Math.floor(Number(batches)) || 1);
  if (spec.startsWith('t')) return { iters: 0, ms: Math.max(1, Number(spec.slice(1)) || 100), chunk, batches: b };
  const iters = Math.max(1, Math.floor(Number(spec)) || 1);
  return { iters, ms: 0, chunk: Math.min(chunk, iters), batches: b };
}

/** Median and relative spread ((max - min) / median) of batch results. */
export function summarize(xs: number[]): { median: number; spread: number } {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, spread: median ? (s[s.length - 1] - s[0]) / median : 0 };
}
