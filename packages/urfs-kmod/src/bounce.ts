// One kernel buffer, reused, for data passing between an application's memory and a filter's when no
// shared page is in between (each use copies in and straight out again, with nothing in between that
// could sleep): a 64 KiB read through a ufilter then allocates nothing.
let bounce = new Uint8Array(0);
const BOUNCE_MAX = 1 << 20;

export function bounce_buffer(n: number): Uint8Array {
  if (n > BOUNCE_MAX) return new Uint8Array(n); // not kept: rare, and the kernel should not hold that much
  if (bounce.length < n) bounce = new Uint8Array(Math.min(BOUNCE_MAX, Math.max(n, 2 * bounce.length, 4096)));
  return bounce;
}
