// insmod kscrambleflt [path=DIR] [priority=N]: the scramble filter (scramble_filter.ts) in the kernel, the
// very definition scrambleflt runs in user space.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { rfs_def_module } from '@urfs/redirfs/filter_def_module';
import { scramble_filter } from '../scramble_filter.js';

export default function kscrambleflt(): ModuleDef {
  return rfs_def_module({ ...scramble_filter, name: 'kscrambleflt', priority: 501 });
}
