// insmod kemptyflt path=DIR [priority=N]: the empty filter (empty_filter.ts) in the kernel, the same
// definition emptyflt runs in user space: the benchmark's measure of what a kernel filter costs by itself.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { rfs_def_module } from '@urfs/redirfs/filter_def_module';
import { empty_filter } from '../empty_filter.js';

export default function kemptyflt(): ModuleDef {
  return rfs_def_module({ ...empty_filter, name: 'kemptyflt', priority: 601 });
}
