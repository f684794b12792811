// bench_debugfs: the debugfs variant of the character device test: a debugfs file
// /sys/kernel/debug/bench_debugfs with custom file operations. write/read copy between the user and the
// module's 2 MiB buffer (one copy each way), ioctl BENCH_CHR_NULL is the null round trip.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { debugfs_create_file, debugfs_remove } from '@urfs/emu-kernel/fs/debugfs/inode';
import type { Dentry } from '@urfs/emu-kernel/fs/fs';
import { ENOMEM } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_DEBUGFS_NAME, BENCH_MAX } from '../bench/bench_abi.js';
import { bench_rw_fops } from '../bench/bench_fops.js';

export default function bench_debugfs(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);
  let d: Dentry | null = null;
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark debugfs file: read/write bandwidth, ioctl null round trip',
    init(THIS_MODULE: Module): number {
      const fops = bench_rw_fops(THIS_MODULE, kbuf);
      d = debugfs_create_file(BENCH_DEBUGFS_NAME, 0o600, null, null, fops);
      return d ? 0 : -ENOMEM;
    },
    exit(): void {
      debugfs_remove(d);
      d = null;
    },
  };
}
