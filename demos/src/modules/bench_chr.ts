// bench_chr: the character device of the benchmark (thesis ch. 4): write() copies the user buffer into a
// 2 MiB kernel buffer, read() copies it back out (one copy each way), ioctl BENCH_CHR_NULL does nothing
// (the null round trip). Node /dev/bench_chr, 0666.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { register_chrdev, unregister_chrdev } from '@urfs/emu-kernel/drivers/char/chrdev';
import { devtmpfs_create_node, devtmpfs_delete_node } from '@urfs/emu-kernel/fs/devtmpfs';
import { BENCH_CHR_NAME, BENCH_MAX } from '../bench/bench_abi.js';
import { bench_rw_fops } from '../bench/bench_fops.js';

export default function bench_chr(): ModuleDef {
  let major = 0;
  const kbuf = new Uint8Array(BENCH_MAX);
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark character device: read/write bandwidth, ioctl null round trip',
    init(THIS_MODULE: Module): number {
      const fops = bench_rw_fops(THIS_MODULE, kbuf);
      const r = register_chrdev(0, BENCH_CHR_NAME, fops);
      if (r < 0) return r;
      major = r;
      const d = devtmpfs_create_node(BENCH_CHR_NAME, major, 0, 0o666);
      if (typeof d === 'number') {
        unregister_chrdev(major, BENCH_CHR_NAME);
        return d;
      }
      return 0;
    },
    exit(): void {
      devtmpfs_delete_node(BENCH_CHR_NAME);
      unregister_chrdev(major, BENCH_CHR_NAME);
    },
  };
}
