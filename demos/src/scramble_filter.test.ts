import { describe, it, expect } from 'vitest';
import { nibble_swap, scramble_filter } from './scramble_filter.js';

const cx = { caller: { pid: 1, uid: 0, gid: 0, comm: 'cat' }, interrupted: false };

describe('scramble filter', () => {
  it('swaps nibbles: hello\\n -> 86 56 c6 c6 f6 a0, and back', () => {
    const d = new TextEncoder().encode('hello\n');
    nibble_swap(d);
    expect([...d]).toEqual([0x86, 0x56, 0xc6, 0xc6, 0xf6, 0xa0]);
    nibble_swap(d);
    expect(new TextDecoder().decode(d)).toBe('hello\n');
  });

  it('is a post-read and a pre-write of regular files that swap the data in place and let the operation go on', async () => {
    const { read, write, ...rest } = scramble_filter.ops;
    expect(rest).toEqual({});
    expect(read?.types).toEqual(['reg']);
    expect(read?.pre).toBeUndefined();
    expect(write?.post).toBeUndefined();
    const buf = new TextEncoder().encode('hi');
    const args = { path: '/tmp/s/a', f_flags: 0, mode: 0o100644, ino: 1, fd: -1, pos: 0, count: 2, buf };
    expect(await read!.post!(cx, { op: 'read', call: 'post', type: 'reg', id: 74, retv: 2, args })).toBeUndefined();
    expect([...buf]).toEqual([0x86, 0x96]);
    expect(await write!.pre!(cx, { op: 'write', call: 'pre', type: 'reg', id: 75, retv: 0, args })).toBeUndefined();
    expect(new TextDecoder().decode(buf)).toBe('hi');
  });
});
