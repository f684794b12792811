// /proc/modules (kernel/module/procfs.c): "name size refcount holders, state address [taints]".
import { proc_create_seq } from '../fs/proc/generic.js';
import { seq_printf, type SeqFile } from '../fs/seq_file.js';
import { modules, type KernelModule } from './module.js';

const STATE = { coming: 'Loading', live: 'Live', going: 'Unloading' } as const;

function m_show(m: SeqFile<KernelModule>, mod: KernelModule): void {
  const holders = [...mod.holders].map((h) => h + ',').join('');
  seq_printf(m, '%s %u %u %s %s 0x%016x', mod.name, mod.size, mod.refcnt, holders || '-', STATE[mod.state], 0);
  if (mod.taints) seq_printf(m, ' (%s)', mod.taints);
  seq_printf(m, '\n');
}

/** Registers /proc/modules (newest module first, as Linux lists them). */
export function proc_modules_init(): void {
  proc_create_seq<KernelModule>('modules', 0o444, null, {
    start: (_m, pos) => [...modules()].reverse()[pos.pos] ?? null,
    next: (_m, _v, pos) => {
      pos.pos++;
      return [...modules()].reverse()[pos.pos] ?? null;
    },
    stop: () => {},
    show: m_show,
  });
}
