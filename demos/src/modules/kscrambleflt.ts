// insmod kscrambleflt [path=DIR] [priority=N]: the scramble filter (scramble_filter.ts) in the kernel,
// the very code scrambleflt runs in user space, with the kernel's RFS API.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import * as api from '../kernel_api.js';
import { scramble_start, scramble_stop } from '../scramble_filter.js';
import { filter_module } from '../filter_module.js';

export default function kscrambleflt(): ModuleDef {
  return filter_module({
    name: 'kscrambleflt',
    description: 'Scramble filter in the kernel: swaps the nibbles of every byte read and written under its path',
    version: '0.2',
    priority: 501,
    path_help: 'Directory whose subtree is scrambled (none: set one with redirctl)',
    path_required: false,
    start: (o) => scramble_start(api, o),
    stop: (f) => void scramble_stop(api, f),
  });
}
