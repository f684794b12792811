import { describe, it, expect } from 'vitest';
import { s64, set64, u64 } from './uapi_int64.js';

const field = () => new DataView(new ArrayBuffer(8));

describe('64-bit fields in two halves', () => {
  it('write the same bytes as a BigInt store, and read back what was written', () => {
    const values = [0, 1, -1, 255, 2 ** 31, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, -(2 ** 32) - 5, 2 ** 40 + 3,
      Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      values.push((seed % 2 ? -1 : 1) * Math.floor((seed / 2 ** 31) * Number.MAX_SAFE_INTEGER));
    }
    for (const n of values) {
      const ours = field(), big = field();
      set64(ours, 0, n);
      big.setBigInt64(0, BigInt(n), true);
      expect(new Uint8Array(ours.buffer), String(n)).toEqual(new Uint8Array(big.buffer));
      expect(s64(ours, 0)).toBe(n);
      if (n >= 0) expect(u64(ours, 0)).toBe(n);
    }
  });

  it('drop fractions as Math.trunc does, and write 0 for NaN', () => {
    const v = field();
    set64(v, 0, -7.9);
    expect(s64(v, 0)).toBe(-7);
    set64(v, 0, 7.9);
    expect(s64(v, 0)).toBe(7);
    set64(v, 0, NaN);
    expect(s64(v, 0)).toBe(0);
  });

  it('read an unsigned field above 2^53 as the nearest Number, as a BigInt read does', () => {
    const v = field();
    v.setBigUint64(0, 0xffffffffffffffffn, true);
    expect(u64(v, 0)).toBe(Number(0xffffffffffffffffn));
    expect(s64(v, 0)).toBe(-1);
  });
});
