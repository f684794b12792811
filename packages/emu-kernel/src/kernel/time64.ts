// time64_t as the kernel holds it (include/linux/time64.h). Inode times are seconds in a double, so the
// range is the part of s64 a double holds: stat writes them back as s64 and must never overflow.
export const NSEC_PER_SEC = 1_000_000_000;
export const MSEC_PER_SEC = 1000;

/** S64_MIN, exactly a double. */
export const TIME64_MIN = -(2 ** 63);
/** The largest double not above S64_MAX (2^63 - 1, which a double rounds up to 2^63). */
export const TIME64_MAX = 2 ** 63 - 1024;

/**
 * A timespec's seconds and nanoseconds (0..999,999,999) as one double. Far from 1970 a double cannot hold
 * every nanosecond, and a fraction near 1 would round up into the next second: the second wins, since it
 * is what stat reports.
 */
export function timespec64_to_seconds(sec: number, nsec: number): number {
  const t = sec + nsec / NSEC_PER_SEC;
  return Math.floor(t) === sec ? t : sec;
}

/**
 * The nanoseconds of a time held as seconds in a double (a timespec's tv_nsec), rounded to `gran`
 * nanoseconds (the super block's s_time_gran, which the time was already cut to): the rounding undoes
 * the double's error, exact while that error is below half the granularity (for 1 us, up to 2^32 s).
 */
export function seconds_to_nsec(t: number, gran = 1): number {
  if (!Number.isFinite(t)) return 0;
  const frac = t - Math.floor(t);
  const nsec = Math.round((frac * NSEC_PER_SEC) / gran) * gran;
  return Math.min(nsec, NSEC_PER_SEC - gran);
}
