import { describe, it, expect } from 'vitest';
import { VFS_OPS } from '@urfs/emu-kernel/fs/vfs_hook';
import {
  RFS_NONE, RFS_REG, RFS_DIR, RFS_CHR, RFS_BLK, RFS_FIFO, RFS_LNK, RFS_SOCK, RFS_OP_END, RFS_REG_FOP_READ,
  RFS_DIR_IOP_LOOKUP, RFS_CHR_FOP_WRITE, RFS_SOCK_IOP_PERMISSION, RFS_NONE_DOP_D_REVALIDATE, RFS_LNK_DOP_D_IPUT,
  RFS_DIR_FOP_READDIR, RFS_REG_FOP_FLUSH, rfs_op_id, rfs_op_name, rfs_op_by_name, rfs_op_vfs_op, rfs_obj_type,
  rfs_op_valid,
} from './ops.js';
import { S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK } from '@urfs/emu-kernel/uapi/stat';

const TYPES = [RFS_NONE, RFS_REG, RFS_DIR, RFS_CHR, RFS_BLK, RFS_FIFO, RFS_LNK, RFS_SOCK] as const;
const TYPE_NAMES = ['NONE', 'REG', 'DIR', 'CHR', 'BLK', 'FIFO', 'LNK', 'SOCK'];

describe('operation ids', () => {
  it('has one distinct RedirFS-style name per id', () => {
    const names = new Set<string>();
    for (let id = 0; id < RFS_OP_END; id++) {
      const n = rfs_op_name(id);
      expect(n).toMatch(/^RFS_(NONE|REG|DIR|CHR|BLK|FIFO|LNK|SOCK)_(DOP|IOP|FOP)_[A-Z_]+$/);
      expect(rfs_op_by_name(n)).toBe(id);
      names.add(n);
    }
    expect(names.size).toBe(RFS_OP_END);
    expect(RFS_OP_END).toBe(100);
    expect(rfs_op_name(RFS_REG_FOP_READ)).toBe('RFS_REG_FOP_READ');
    expect(rfs_op_name(RFS_OP_END)).toBe(`RFS_OP_${RFS_OP_END}`);
    expect(rfs_op_valid(RFS_OP_END)).toBe(false);
    expect(rfs_op_valid(-1)).toBe(false);
    expect(rfs_op_valid(1.5)).toBe(false);
  });

  it('maps every VFS dispatch op and object type to the id named after them', () => {
    let mapped = 0;
    for (const op of VFS_OPS) {
      for (const t of TYPES) {
        const id = rfs_op_id(op, t);
        if (id < 0) continue;
        mapped++;
        const n = rfs_op_name(id);
        expect(n.startsWith(`RFS_${TYPE_NAMES[t]}_`)).toBe(true);
        const opname = op === 'readdir' ? 'READDIR' : op.toUpperCase();
        expect(n.endsWith(`_${opname}`)).toBe(true);
        expect(rfs_op_vfs_op(id)).toBe(op);
      }
    }
    // Every id but the dentry operations (8 types x 6) has a VFS counterpart.
    expect(mapped).toBe(RFS_OP_END - 48);
    expect(rfs_op_id('lookup', RFS_DIR)).toBe(RFS_DIR_IOP_LOOKUP);
    expect(rfs_op_id('write', RFS_CHR)).toBe(RFS_CHR_FOP_WRITE);
    expect(rfs_op_id('permission', RFS_SOCK)).toBe(RFS_SOCK_IOP_PERMISSION);
    expect(rfs_op_id('readdir', RFS_DIR)).toBe(RFS_DIR_FOP_READDIR);
    expect(rfs_op_id('flush', RFS_REG)).toBe(RFS_REG_FOP_FLUSH);
  });

  it('gives no id where RedirFS has none', () => {
    expect(rfs_op_id('ioctl', RFS_REG)).toBe(-1);
    expect(rfs_op_id('poll', RFS_CHR)).toBe(-1);
    expect(rfs_op_id('mmap', RFS_REG)).toBe(-1);
    expect(rfs_op_id('read', RFS_DIR)).toBe(-1);
    expect(rfs_op_id('open', RFS_SOCK)).toBe(-1);
    expect(rfs_op_id('flush', RFS_CHR)).toBe(-1);
    expect(rfs_op_vfs_op(RFS_NONE_DOP_D_REVALIDATE)).toBeNull();
    expect(rfs_op_vfs_op(RFS_LNK_DOP_D_IPUT)).toBeNull();
  });

  it('types objects by their mode', () => {
    expect([S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK].map((m) => rfs_obj_type(m | 0o644)))
      .toEqual([RFS_REG, RFS_DIR, RFS_CHR, RFS_BLK, RFS_FIFO, RFS_LNK, RFS_SOCK]);
    expect(rfs_obj_type(undefined)).toBe(RFS_NONE);
    expect(rfs_obj_type(0)).toBe(RFS_NONE);
  });
});
