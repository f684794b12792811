// A kernel module around a filter written once against the RFS API (scramble_filter.ts, empty_filter.ts):
// the parameters path= and priority=, start on insmod, stop on rmmod. The module is the filter's only
// kernel-specific part; its user-space twin is a program around the same start and stop.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_err, pr_info } from '@urfs/emu-kernel/kernel/printk';
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import * as api from './kernel_api.js';

export interface filter_module_def {
  name: string;
  description: string;
  version: string;
  priority: number;
  /** What path= covers, for modinfo. */
  path_help: string;
  /** Without a path the module refuses to load (otherwise the filter waits for redirctl setpath). */
  path_required: boolean;
  start(opts: { name: string; priority: number; path?: string }): Promise<{ err: number; filter: api.rfs_filter | null }>;
  stop(f: api.rfs_filter): void;
}

export function filter_module(d: filter_module_def): ModuleDef {
  const params = {
    path: module_param('charp', '', 0o444, d.path_help),
    priority: module_param('int', d.priority, 0o444, 'RedirFS priority'),
  };
  let flt: api.rfs_filter | null = null;
  return {
    license: 'GPL',
    author: 'urfs',
    description: d.description,
    version: d.version,
    depends: ['redirfs'],
    params,
    async init(): Promise<number> {
      const path = String(params.path.value ?? '');
      if (!path && d.path_required) {
        pr_err(`${d.name}: path= is required`);
        return -EINVAL;
      }
      const r = await d.start({ name: d.name, priority: Number(params.priority.value), path: path || undefined });
      if (r.err) return r.err;
      flt = r.filter;
      pr_info(`${d.name}: active${path ? ` on ${path}` : ''}`);
      return 0;
    },
    exit(): void {
      if (flt) d.stop(flt);
      flt = null;
    },
  };
}
