// bench_mmap: the mmap test of the benchmark. /dev/bench_mmap (0666) maps up to 2 MiB shared between the
// module and the program (MAP_SHARED, offset 0; the driver keeps the mapping's pages, vma.backing, as in
// mmap_ex). Writes: the program copies its data into the mapping (1), ioctl BENCH_MMAP_TAKE(count) makes
// the module copy it into its own buffer (2). Reads: ioctl BENCH_MMAP_GIVE(count) makes the module copy
// its buffer into the shared pages (1), the program copies them out (2). BENCH_CHR_NULL does nothing.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { misc_register, misc_deregister, MISC_DYNAMIC_MINOR, type MiscDevice } from '@urfs/emu-kernel/drivers/char/misc';
import type { FileOperations } from '@urfs/emu-kernel/fs/fs';
import type { VmArea } from '@urfs/emu-kernel/mm/mm';
import { MAP_SHARED } from '@urfs/emu-kernel/uapi/mman';
import { EINVAL, ENOTTY, ENXIO } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_CHR_NULL, BENCH_MAX, BENCH_MMAP_GIVE, BENCH_MMAP_NAME, BENCH_MMAP_TAKE } from '../bench/bench_abi.js';

export default function bench_mmap(): ModuleDef {
  let misc: MiscDevice | null = null;
  const kbuf = new Uint8Array(BENCH_MAX);
  /** The pages shared with the process that mapped the device last (null when unmapped). */
  let shared: Uint8Array | null = null;
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark mmap: shared pages, ioctl to take them in or fill them',
    init(THIS_MODULE: Module): number {
      const fops: FileOperations = {
        owner: THIS_MODULE,
        mmap(_file, vma: VmArea) {
          if (vma.vm_end - vma.vm_start > BENCH_MAX || vma.vm_pgoff !== 0) return -EINVAL;
          if (!(vma.vm_flags & MAP_SHARED)) return -EINVAL;
          if (!vma.backing) return -ENXIO;
          const pages = vma.backing;
          shared = pages;
          vma.vm_ops = { close: () => void (shared === pages && (shared = null)) };
          return 0;
        },
        unlocked_ioctl(_file, cmd, arg) {
          if (cmd === BENCH_CHR_NULL) return 0;
          if (cmd !== BENCH_MMAP_TAKE && cmd !== BENCH_MMAP_GIVE) return -ENOTTY;
          if (!shared) return -ENXIO;
          const n = arg.value;
          if (!(n >= 0 && n <= shared.length)) return -EINVAL;
          if (cmd === BENCH_MMAP_TAKE) kbuf.set(shared.subarray(0, n));
          else shared.set(kbuf.subarray(0, n));
          return n;
        },
      };
      misc = { minor: MISC_DYNAMIC_MINOR, name: BENCH_MMAP_NAME, fops, mode: 0o666 };
      return misc_register(misc);
    },
    exit(): void {
      if (misc) misc_deregister(misc);
      misc = null;
      shared = null;
    },
  };
}
