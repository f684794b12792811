// bench_debugfs: the debugfs variant of the character device test: a debugfs file
// /sys/kernel/debug/bench_debugfs with custom file operations. write/read copy between the user and the
// module's 2 MiB buffer (one copy each way), ioctl BENCH_CHR_NULL is the null round trip.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { debugfs_create_file, debugfs_remove } from '@urfs/emu-kernel/fs/debugfs/inode';
import type { Dentry, FileOperations } from '@urfs/emu-kernel/fs/fs';
import { copy_from_user, copy_to_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOMEM, ENOTTY } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_CHR_NULL, BENCH_DEBUGFS_NAME, BENCH_MAX } from '../bench/bench_abi.js';

export default function bench_debugfs(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);
  let d: Dentry | null = null;
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark debugfs file: read/write bandwidth, ioctl null round trip',
    init(THIS_MODULE: Module): number {
      const fops: FileOperations = {
        owner: THIS_MODULE,
        read(_file, buf, count) {
          if (count > BENCH_MAX) return -EINVAL;
          return copy_to_user(buf, kbuf, count) ? -EFAULT : count;
        },
        write(_file, buf, count) {
          if (count > BENCH_MAX) return -EINVAL;
          return copy_from_user(kbuf, buf, count) ? -EFAULT : count;
        },
        unlocked_ioctl(_file, cmd) {
          return cmd === BENCH_CHR_NULL ? 0 : -ENOTTY;
        },
      };
      d = debugfs_create_file(BENCH_DEBUGFS_NAME, 0o600, null, null, fops);
      return d ? 0 : -ENOMEM;
    },
    exit(): void {
      debugfs_remove(d);
      d = null;
    },
  };
}
