// insmod kscrambleflt [path=DIR] [priority=N]: the scramble filter (scramble_filter.ts) in the kernel,
// the very code scrambleflt runs in user space, with the kernel's RFS API.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import * as api from '../kernel_api.js';
import { scramble_start, scramble_stop } from '../scramble_filter.js';

export default function kscrambleflt(): ModuleDef {
  const params = {
    path: module_param('charp', '', 0o444, 'Directory whose subtree is scrambled (none: set one with redirctl)'),
    priority: module_param('int', 501, 0o444, 'RedirFS priority'),
  };
  let flt: api.rfs_filter | null = null;
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Scramble filter in the kernel: swaps the nibbles of every byte read and written under its path',
    version: '0.2',
    depends: ['redirfs'],
    params,
    async init(): Promise<number> {
      const path = String(params.path.value ?? '');
      const r = await scramble_start(api, { name: 'kscrambleflt', priority: Number(params.priority.value), path: path || undefined });
      if (r.err) return r.err;
      flt = r.filter;
      pr_info(`kscrambleflt: active${path ? ` on ${path}` : ''}`);
      return 0;
    },
    exit(): void {
      if (flt) scramble_stop(api, flt);
      flt = null;
    },
  };
}
