// debugfs_ex: /sys/kernel/debug/debugfs_ex/ with one file of each helper kind and one with custom fops:
//   u8 u16 u32 u64 (0644, decimal), x32 (0644, hex), flag (bool, 0644, Y/N), blob (0444, bytes),
//   ro_u32 (0444), and `stats` (custom fops: read prints the other values and how often it was read,
//   write "reset" zeroes the numbers, anything else is EINVAL).
// Writing a value too big for its width is EINVAL and keeps the old value; debugfs is root-only by mount.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove } from '@urfs/emu-kernel/fs/debugfs/inode';
import {
  debugfs_create_u8, debugfs_create_u16, debugfs_create_u32, debugfs_create_u64, debugfs_create_x32, debugfs_create_bool,
  debugfs_create_blob,
} from '@urfs/emu-kernel/fs/debugfs/file';
import type { Dentry, FileOperations } from '@urfs/emu-kernel/fs/fs';
import { simple_read_from_buffer, default_llseek } from '@urfs/emu-kernel/fs/libfs';
import { copy_from_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOMEM } from '@urfs/emu-kernel/uapi/errno';

export default function debugfs_ex(): ModuleDef {
  const v = {
    u8: { value: 8 }, u16: { value: 16 }, u32: { value: 32 }, u64: { value: 64 }, x32: { value: 0xdeadbeef },
    flag: { value: true }, ro: { value: 1234 },
  };
  const blobText = new TextEncoder().encode('debugfs_ex blob: raw bytes, read-only\n');
  let reads = 0;
  let dir: Dentry | null = null;

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'debugfs example: a value file of each kind and custom fops',
    version: '0.1',
    init(THIS_MODULE: Module): number {
      dir = debugfs_create_dir('debugfs_ex', null);
      if (!dir) return -ENOMEM;
      const stats: FileOperations = {
        owner: THIS_MODULE,
        read(_f, buf, count, ppos) {
          if (ppos.pos === 0) reads++;
          const s = `u8=${v.u8.value} u16=${v.u16.value} u32=${v.u32.value} u64=${v.u64.value}`
            + ` x32=0x${v.x32.value.toString(16)} flag=${v.flag.value ? 'Y' : 'N'} reads=${reads}\n`;
          return simple_read_from_buffer(buf, count, ppos, new TextEncoder().encode(s));
        },
        write(_f, buf, count) {
          const b = new Uint8Array(Math.min(count, 16));
          if (copy_from_user(b, buf, b.length)) return -EFAULT;
          if (new TextDecoder().decode(b).trim() !== 'reset') return -EINVAL;
          v.u8.value = v.u16.value = v.u32.value = v.u64.value = v.x32.value = 0;
          pr_info('debugfs_ex: reset');
          return count;
        },
        llseek: default_llseek,
      };
      const made = [
        debugfs_create_u8('u8', 0o644, dir, v.u8),
        debugfs_create_u16('u16', 0o644, dir, v.u16),
        debugfs_create_u32('u32', 0o644, dir, v.u32),
        debugfs_create_u64('u64', 0o644, dir, v.u64),
        debugfs_create_x32('x32', 0o644, dir, v.x32),
        debugfs_create_bool('flag', 0o644, dir, v.flag),
        debugfs_create_u32('ro_u32', 0o444, dir, v.ro),
        debugfs_create_blob('blob', 0o444, dir, { data: blobText, size: blobText.length }),
        debugfs_create_file('stats', 0o644, dir, null, stats),
      ];
      if (made.some((d) => !d)) {
        debugfs_remove(dir);
        return -ENOMEM;
      }
      pr_info('debugfs_ex: /sys/kernel/debug/debugfs_ex ready');
      return 0;
    },
    exit(): void {
      debugfs_remove(dir);
      dir = null;
      pr_info('debugfs_ex: removed');
    },
  };
}
