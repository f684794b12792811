// Device numbers: the kernel's 12:20 split inside, glibc's encoding outside, and the conversion both ways
// (a 1,2 device made with makedev reads back as major 1, minor 2, and st_rdev holds glibc's number).
import { describe, it, expect } from 'vitest';
import { MKDEV, MAJOR, MINOR, new_encode_dev, new_decode_dev } from './kdev_t.js';
import { makedev, major, minor } from '../uapi/stat.js';

describe('dev_t', () => {
  it('user space encodes as glibc: low minor byte, major, then the upper minor bits', () => {
    expect(makedev(1, 2)).toBe(0x102);
    expect(makedev(8, 0x12345)).toBe(0x12300845);
    expect(makedev(4095, 0xfffff)).toBe(0xffffffff);
    expect(makedev(0x1000, 0)).toBe(2 ** 44);
    for (const [ma, mi] of [[0, 0], [1, 3], [254, 0], [4095, 0xfffff], [8, 0x12345], [5000, 7]]) {
      expect([major(makedev(ma, mi)), minor(makedev(ma, mi))]).toEqual([ma, mi]);
    }
  });
  it('the kernel converts its own numbers to the user encoding and back, for every 12:20 pair', () => {
    for (const [ma, mi] of [[0, 0], [1, 2], [10, 255], [10, 256], [4095, 0xfffff], [136, 0x80000]]) {
      const k = MKDEV(ma, mi);
      expect([MAJOR(k), MINOR(k)]).toEqual([ma, mi]);
      expect(new_encode_dev(k)).toBe(makedev(ma, mi));
      expect(new_decode_dev(makedev(ma, mi))).toBe(k);
    }
  });
});
