// copy_to_user and friends against one small address space: every access outside [PAGE_SIZE, size) is
// refused whole (nothing copied, EFAULT for the caller), never an exception.
import { describe, it, expect } from 'vitest';
import { MmStruct } from './mm.js';
import {
  UserPtr, clear_user, copy_from_user, copy_to_user, get_user, kernel_ptr, memdup_user, put_user, strncpy_from_user,
  strndup_user,
} from './uaccess.js';
import { EFAULT, ENAMETOOLONG } from '../uapi/errno.js';
import { PAGE_SIZE } from '../uapi/mman.js';

const SIZE = 4 * PAGE_SIZE;
const mm = () => new MmStruct(SIZE);
const enc = (s: string) => new TextEncoder().encode(s);

describe('access_ok', () => {
  it('accepts ranges inside the space, including the last byte and empty ranges', () => {
    const m = mm();
    expect(m.access_ok(PAGE_SIZE, 1)).toBe(true);
    expect(m.access_ok(SIZE - 1, 1)).toBe(true);
    expect(m.access_ok(PAGE_SIZE, SIZE - PAGE_SIZE)).toBe(true);
    expect(m.access_ok(SIZE, 0)).toBe(true);
  });

  it('refuses page 0, the end, negative, non-integer and NaN addresses or lengths', () => {
    const m = mm();
    for (const [a, n] of [[0, 1], [PAGE_SIZE - 1, 1], [PAGE_SIZE - 1, 2], [SIZE - 1, 2], [SIZE, 1], [-1, 1],
      [2 ** 53, 1], [PAGE_SIZE + 0.5, 1], [NaN, 1], [PAGE_SIZE, -1], [PAGE_SIZE, NaN], [PAGE_SIZE, 1.5],
      [PAGE_SIZE, Infinity]]) {
      expect(m.access_ok(a, n), `${a}+${n}`).toBe(false);
    }
  });
});

describe('copy_to_user / copy_from_user', () => {
  it('copies within bounds and returns 0', () => {
    const m = mm();
    expect(copy_to_user(new UserPtr(m, SIZE - 3), enc('abc'))).toBe(0);
    expect([...m.bytes.subarray(SIZE - 3)]).toEqual([...enc('abc')]);
    const back = new Uint8Array(3);
    expect(copy_from_user(back, new UserPtr(m, SIZE - 3))).toBe(0);
    expect(new TextDecoder().decode(back)).toBe('abc');
  });

  it('copies only the first n bytes when asked', () => {
    const m = mm();
    expect(copy_to_user(new UserPtr(m, PAGE_SIZE), enc('hello'), 2)).toBe(0);
    expect([...m.bytes.subarray(PAGE_SIZE, PAGE_SIZE + 3)]).toEqual([0x68, 0x65, 0]);
  });

  it('a range straddling the end copies nothing and reports every byte as not copied', () => {
    const m = mm();
    m.bytes.fill(7, SIZE - 2);
    expect(copy_to_user(new UserPtr(m, SIZE - 2), enc('abcd'))).toBe(4);
    expect([...m.bytes.subarray(SIZE - 2)]).toEqual([7, 7]);
    const to = new Uint8Array(4).fill(9);
    expect(copy_from_user(to, new UserPtr(m, SIZE - 2), 4)).toBe(4);
    expect([...to]).toEqual([9, 9, 9, 9]);
  });

  it('NULL, page 0 and wild addresses fail without throwing', () => {
    const m = mm();
    for (const a of [0, 16, PAGE_SIZE - 1, -4096, 2 ** 40, NaN, 1.5]) {
      expect(copy_to_user(new UserPtr(m, a), enc('x'))).toBe(1);
      expect(copy_from_user(new Uint8Array(1), new UserPtr(m, a))).toBe(1);
    }
  });

  it('asking for more than the kernel buffer holds is refused, not over-read', () => {
    const m = mm();
    expect(copy_to_user(new UserPtr(m, PAGE_SIZE), enc('ab'), 5)).toBe(5);
    expect(copy_from_user(new Uint8Array(2), new UserPtr(m, PAGE_SIZE), 5)).toBe(5);
  });

  it('zero-length copies succeed even at bad addresses', () => {
    const m = mm();
    expect(copy_to_user(new UserPtr(m, 0), new Uint8Array(0))).toBe(0);
    expect(copy_from_user(new Uint8Array(0), new UserPtr(m, 0))).toBe(0);
  });

  it('memdup_user copies into a fresh buffer or returns -EFAULT', () => {
    const m = mm();
    m.bytes.set(enc('xyz'), PAGE_SIZE);
    const r = memdup_user(new UserPtr(m, PAGE_SIZE), 3);
    expect(r).toBeInstanceOf(Uint8Array);
    m.bytes[PAGE_SIZE] = 0;
    expect(new TextDecoder().decode(r as Uint8Array)).toBe('xyz');
    expect(memdup_user(new UserPtr(m, SIZE - 1), 3)).toBe(-EFAULT);
    expect(memdup_user(new UserPtr(m, PAGE_SIZE), -1)).toBe(-EFAULT);
  });
});

describe('user strings', () => {
  it('strndup_user reads up to the NUL', () => {
    const m = mm();
    m.bytes.set(enc('/tmp/a\0junk'), PAGE_SIZE);
    expect(strndup_user(new UserPtr(m, PAGE_SIZE), 4096, ENAMETOOLONG)).toBe('/tmp/a');
  });

  it('strndup_user: no NUL within max is the caller\'s "too long" error', () => {
    const m = mm();
    m.bytes.fill(0x61, PAGE_SIZE, PAGE_SIZE + 100);
    expect(strndup_user(new UserPtr(m, PAGE_SIZE), 10, ENAMETOOLONG)).toBe(-ENAMETOOLONG);
  });

  it('strndup_user: a string running off the end of the space is EFAULT', () => {
    const m = mm();
    m.bytes.set(enc('abc'), SIZE - 3);
    expect(strndup_user(new UserPtr(m, SIZE - 3), 4096, ENAMETOOLONG)).toBe(-EFAULT);
    expect(strndup_user(new UserPtr(m, 0), 4096, ENAMETOOLONG)).toBe(-EFAULT);
    expect(strndup_user(new UserPtr(m, SIZE), 4096, ENAMETOOLONG)).toBe(-EFAULT);
  });

  it('strncpy_from_user copies with the NUL, or count bytes, or fails with EFAULT', () => {
    const m = mm();
    m.bytes.set(enc('hi\0'), PAGE_SIZE);
    const dst = new Uint8Array(8).fill(0xff);
    expect(strncpy_from_user(dst, new UserPtr(m, PAGE_SIZE), 8)).toBe(2);
    expect([...dst.subarray(0, 3)]).toEqual([0x68, 0x69, 0]);
    m.bytes.set(enc('abcdef'), PAGE_SIZE);
    expect(strncpy_from_user(dst, new UserPtr(m, PAGE_SIZE), 4)).toBe(4);
    m.bytes.set(enc('zz'), SIZE - 2);
    expect(strncpy_from_user(dst, new UserPtr(m, SIZE - 2), 8)).toBe(-EFAULT);
    expect(strncpy_from_user(dst, new UserPtr(m, 0), 8)).toBe(-EFAULT);
  });
});

describe('get_user / put_user', () => {
  it('round-trips little-endian integers of every size', () => {
    const m = mm();
    const p = new UserPtr(m, PAGE_SIZE);
    expect(put_user(-2, p, 4)).toBe(0);
    expect(get_user(p, 4)).toBe(-2);
    expect(put_user(0x1234, p, 2)).toBe(0);
    expect(get_user(p, 2)).toBe(0x1234);
    expect(put_user(2 ** 40 + 5, p, 8)).toBe(0);
    expect(get_user(p, 8)).toBe(2 ** 40 + 5);
    expect(put_user(0xab, p, 1)).toBe(0);
    expect(get_user(p, 1)).toBe(0xab);
  });

  it('fails with EFAULT at bad addresses', () => {
    const m = mm();
    expect(put_user(1, new UserPtr(m, SIZE - 2), 4)).toBe(-EFAULT);
    expect(get_user(new UserPtr(m, 0), 4)).toEqual({ err: -EFAULT });
  });
});

describe('kernel_ptr', () => {
  it('lets kernel code pass its own buffer where a user pointer is expected, bounds-checked', () => {
    const kbuf = new Uint8Array(4);
    const p = kernel_ptr(kbuf);
    expect(copy_to_user(p, enc('abcd'))).toBe(0);
    expect(new TextDecoder().decode(kbuf)).toBe('abcd');
    expect(copy_to_user(p.add(2), enc('xyz'))).toBe(3);
    expect(copy_to_user(p.add(-1), enc('x'))).toBe(1);
  });

  it('a process cannot reach another process\'s memory: addresses mean nothing across spaces', () => {
    const a = mm(), b = mm();
    expect(copy_to_user(new UserPtr(a, PAGE_SIZE), enc('secret'))).toBe(0);
    const got = new Uint8Array(6);
    expect(copy_from_user(got, new UserPtr(b, PAGE_SIZE))).toBe(0);
    expect([...got]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('clear_user', () => {
  it('zeroes exactly the range asked, across its zero pages, and refuses ranges outside the space', () => {
    const big = new MmStruct(32 * PAGE_SIZE);
    big.bytes.fill(7, PAGE_SIZE);
    const n = 20 * PAGE_SIZE + 5; // more than one of its zero chunks, not a whole number of pages
    expect(clear_user(new UserPtr(big, PAGE_SIZE + 1), n)).toBe(0);
    expect(big.bytes[PAGE_SIZE]).toBe(7);
    expect(big.bytes.subarray(PAGE_SIZE + 1, PAGE_SIZE + 1 + n).every((b) => b === 0)).toBe(true);
    expect(big.bytes[PAGE_SIZE + 1 + n]).toBe(7);
    expect(clear_user(new UserPtr(big, 32 * PAGE_SIZE - 2), 4)).toBe(4);
    expect(big.bytes[32 * PAGE_SIZE - 1]).toBe(7);
    expect(clear_user(new UserPtr(big, 0), 1)).toBe(1);
  });
});
