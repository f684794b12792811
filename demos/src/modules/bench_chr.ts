// bench_chr: the character device of the benchmark (thesis ch. 4): write() copies the user buffer into a
// 2 MiB kernel buffer, read() copies it back out (one copy each way), ioctl BENCH_CHR_NULL does nothing
// (the null round trip). Node /dev/bench_chr, 0666.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { misc_register, misc_deregister, MISC_DYNAMIC_MINOR, type MiscDevice } from '@urfs/emu-kernel/drivers/char/misc';
import { BENCH_CHR_NAME, BENCH_MAX } from '../bench/bench_abi.js';
import { bench_rw_fops } from '../bench/bench_fops.js';

export default function bench_chr(): ModuleDef {
  let misc: MiscDevice | null = null;
  const kbuf = new Uint8Array(BENCH_MAX);
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark character device: read/write bandwidth, ioctl null round trip',
    init(THIS_MODULE: Module): number {
      const fops = bench_rw_fops(THIS_MODULE, kbuf);
      misc = { minor: MISC_DYNAMIC_MINOR, name: BENCH_CHR_NAME, fops, mode: 0o666 };
      return misc_register(misc);
    },
    exit(): void {
      if (misc) misc_deregister(misc);
      misc = null;
    },
  };
}
