// insmod kemptyflt path=DIR [priority=N]: the empty filter (empty_filter.ts) in the kernel, the same code
// emptyflt runs in user space: the benchmark's measure of what a kernel filter costs by itself.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import * as api from '../kernel_api.js';
import { empty_start, empty_stop } from '../empty_filter.js';
import { filter_module } from '../filter_module.js';

export default function kemptyflt(): ModuleDef {
  return filter_module({
    name: 'kemptyflt',
    description: 'Empty filter in the kernel: empty callbacks on open, release, read and write',
    version: '0.1',
    priority: 601,
    path_help: 'Directory whose subtree the filter covers',
    path_required: true,
    start: (o) => empty_start(api, { ...o, path: o.path ?? '' }),
    stop: (f) => void empty_stop(api, f),
  });
}
