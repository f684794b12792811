// insmod kupperflt [path=DIR] [priority=N]: the upper-casing filter (upper_filter.ts) in the kernel, the
// very definition upperflt runs in user space.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { rfs_def_module } from '@urfs/redirfs/filter_def_module';
import { upper_filter } from '../upper_filter.js';

export default function kupperflt(): ModuleDef {
  return rfs_def_module({ ...upper_filter, name: 'kupperflt', priority: 701 });
}
