// 64-bit fields of urfs's messages, read and written as two 32-bit halves (little-endian). Going through
// BigInt costs more than the rest of an event. Values are integers within ±2^53 (what a Number holds
// exactly); a wider one written loses its low bits as a Number does, and a wider one read comes back as
// the nearest Number.
const TWO32 = 2 ** 32;

/** Writes the integer part of `n` as a signed 64-bit field (NaN writes 0). */
export function set64(v: DataView, off: number, n: number): void {
  const x = Math.trunc(n) || 0;
  const hi = Math.floor(x / TWO32);
  v.setUint32(off, x - hi * TWO32, true);
  v.setInt32(off + 4, hi, true);
}

export const s64 = (v: DataView, off: number): number => v.getInt32(off + 4, true) * TWO32 + v.getUint32(off, true);
export const u64 = (v: DataView, off: number): number => v.getUint32(off + 4, true) * TWO32 + v.getUint32(off, true);
