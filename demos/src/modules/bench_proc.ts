// bench_proc: the procfs test of the benchmark (thesis ch. 4), with the Linux 2.6 interface rather than
// seq_file: /proc/bench_proc (0666). read_proc hands out the 2 MiB kernel buffer a page per call (the
// module copies the page, procfs copies it to the user: two copies); write_proc copies the user's bytes
// into the buffer. Programs lseek to 0 between calls.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { create_proc_entry, remove_proc_entry } from '@urfs/emu-kernel/fs/proc/generic';
import { copy_from_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOMEM } from '@urfs/emu-kernel/uapi/errno';
import { PAGE_SIZE } from '@urfs/emu-kernel/uapi/mman';
import { BENCH_MAX, BENCH_PROC_NAME } from '../bench/bench_abi.js';

export default function bench_proc(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark procfs file: read_proc a page at a time, write_proc',
    init(THIS_MODULE: Module): number {
      const e = create_proc_entry(BENCH_PROC_NAME, 0o666, null);
      if (!e) return -ENOMEM;
      e.owner = THIS_MODULE;
      e.size = BENCH_MAX;
      e.read_proc = (page, start, off, count, eof) => {
        if (off >= BENCH_MAX) {
          eof.value = 1;
          return 0;
        }
        const n = Math.min(count, BENCH_MAX - off, PAGE_SIZE);
        page.set(kbuf.subarray(off, off + n));
        start.value = 0;
        if (off + n >= BENCH_MAX) eof.value = 1;
        return n;
      };
      e.write_proc = (_file, buffer, count) => {
        if (count > BENCH_MAX) return -EINVAL;
        return copy_from_user(kbuf, buffer, count) ? -EFAULT : count;
      };
      return 0;
    },
    exit(): void {
      remove_proc_entry(BENCH_PROC_NAME, null);
    },
  };
}
