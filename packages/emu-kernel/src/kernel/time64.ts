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
