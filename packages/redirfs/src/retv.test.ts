// The results a filter may give an operation: errnos Linux defines, counts no larger than asked for, and
// never a successful open that the file system did not make.
import { describe, it, expect } from 'vitest';
import { rfs_retv_valid } from './retv.js';
import type { rfs_op_args } from './rfs.js';
import type { VfsOp } from '@urfs/emu-kernel/fs/vfs_hook';

/** Only the fields the checks read. */
function args<K extends VfsOp>(op: K, retv: number, count = 16): rfs_op_args<K> {
  return { op, retv, args: { count }, type: { id: 0, call: 'post' } } as unknown as rfs_op_args<K>;
}

describe('rfs_retv_valid', () => {
  it('failures are errnos Linux defines', () => {
    expect(rfs_retv_valid(args('unlink', 0), -13, true)).toBe(true);
    expect(rfs_retv_valid(args('unlink', 0), -133, true)).toBe(true);
    expect(rfs_retv_valid(args('unlink', 0), -41, true)).toBe(false); // a hole in the table
    expect(rfs_retv_valid(args('unlink', 0), -99999, true)).toBe(false);
    expect(rfs_retv_valid(args('unlink', 0), -512, true)).toBe(false); // kernel-internal
    expect(rfs_retv_valid(args('unlink', 0), 0.5, true)).toBe(false);
    expect(rfs_retv_valid(args('unlink', 0), Number.NaN, true)).toBe(false);
  });

  it('read and write succeed with at most the count asked for', () => {
    expect(rfs_retv_valid(args('read', 16), 16, false)).toBe(true);
    expect(rfs_retv_valid(args('read', 16), 0, false)).toBe(true);
    expect(rfs_retv_valid(args('read', 16), 17, false)).toBe(false);
    expect(rfs_retv_valid(args('write', 16), 1_000_000, true)).toBe(false);
    expect(rfs_retv_valid(args('write', 16), 2 ** 40, false)).toBe(false);
  });

  it('an open only fails in a pre-callback, and a post-callback never makes a failed open succeed', () => {
    expect(rfs_retv_valid(args('open', 0), 7, true)).toBe(false);
    expect(rfs_retv_valid(args('open', 0), 0, true)).toBe(false);
    expect(rfs_retv_valid(args('open', 0), -13, true)).toBe(true);
    expect(rfs_retv_valid(args('open', 0), 0, false)).toBe(true);
    expect(rfs_retv_valid(args('open', -2), 0, false)).toBe(false);
    expect(rfs_retv_valid(args('open', 0), -5, false)).toBe(true);
  });

  it('other operations succeed with 0; llseek with a position, ioctl with an int, poll with a mask', () => {
    expect(rfs_retv_valid(args('mkdir', 0), 0, true)).toBe(true);
    expect(rfs_retv_valid(args('mkdir', 0), 1, true)).toBe(false);
    expect(rfs_retv_valid(args('llseek', 0), 2 ** 40, false)).toBe(true);
    expect(rfs_retv_valid(args('ioctl', 0), 2 ** 31, false)).toBe(false);
    expect(rfs_retv_valid(args('poll', 0), 0x10000, false)).toBe(false);
  });
});
