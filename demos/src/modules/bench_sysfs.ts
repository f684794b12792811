// bench_sysfs: the sysfs test of the benchmark (thesis ch. 4). A sysfs file holds at most PAGE_SIZE, so the
// 2 MiB kernel buffer is mapped onto one file per page: /sys/bench_sysfs/datapages/N is page N. Writing
// `datasize` (re)creates the page files for that many bytes; `pagesize` shows PAGE_SIZE. Reads: the
// module copies its page into sysfs's page, sysfs copies it to the user; writes: sysfs copies the user's
// bytes in, the module copies them into its buffer (two copies each way).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { kobject_create_and_add, kobject_init_and_add, kobject_put, __ATTR, Kobject, type KobjType, type Attribute,
  type KobjAttribute } from '@urfs/emu-kernel/lib/kobject';
import { sysfs_create_file, sysfs_remove_file } from '@urfs/emu-kernel/fs/sysfs/sysfs';
import { EINVAL, ENOMEM } from '@urfs/emu-kernel/uapi/errno';
import { PAGE_SIZE } from '@urfs/emu-kernel/uapi/mman';
import { BENCH_MAX, BENCH_SYSFS_NAME } from '../bench/bench_abi.js';

export default function bench_sysfs(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);
  let datasize = 0;
  let top: Kobject | null = null;
  let pages: Kobject | null = null;
  let files: Attribute[] = [];

  /** Bytes of page `i` that the buffer exposes. */
  const pageLen = (i: number): number => Math.max(0, Math.min(PAGE_SIZE, datasize - i * PAGE_SIZE));

  const pages_ktype: KobjType = {
    sysfs_ops: {
      show(_k, attr, buf) {
        const i = Number(attr.name), n = pageLen(i);
        buf.set(kbuf.subarray(i * PAGE_SIZE, i * PAGE_SIZE + n));
        return n;
      },
      store(_k, attr, _s, count, bytes) {
        const i = Number(attr.name), n = Math.min(count, pageLen(i));
        kbuf.set(bytes.subarray(0, n), i * PAGE_SIZE);
        return count;
      },
    },
  };

  function set_datasize(size: number): number {
    if (!pages) return -ENOMEM;
    for (const a of files) sysfs_remove_file(pages, a);
    files = [];
    datasize = size;
    for (let i = 0; i * PAGE_SIZE < size; i++) {
      const a: Attribute = { name: String(i), mode: 0o666 };
      const r = sysfs_create_file(pages, a);
      if (r) return r;
      files.push(a);
    }
    return 0;
  }

  const attrs: KobjAttribute[] = [
    __ATTR('datasize', 0o666, () => `${datasize}\n`, (_k, _a, s, count) => {
      const v = Number(s.trim());
      if (!Number.isInteger(v) || v < 0 || v > BENCH_MAX) return -EINVAL;
      const r = set_datasize(v);
      return r < 0 ? r : count;
    }),
    __ATTR('pagesize', 0o444, () => `${PAGE_SIZE}\n`),
  ];

  function cleanup(): void {
    if (pages) for (const a of files) sysfs_remove_file(pages, a);
    files = [];
    kobject_put(pages);
    pages = null;
    kobject_put(top);
    top = null;
  }

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark sysfs: datasize, pagesize, the buffer as one file per page',
    init(): number {
      top = kobject_create_and_add(BENCH_SYSFS_NAME, null);
      if (!top) return -ENOMEM;
      for (const a of attrs) {
        const r = sysfs_create_file(top, a);
        if (r) return cleanup(), r;
      }
      pages = new Kobject();
      const r = kobject_init_and_add(pages, pages_ktype, top, 'datapages');
      if (r) return cleanup(), r;
      return 0;
    },
    exit(): void {
      cleanup();
    },
  };
}
