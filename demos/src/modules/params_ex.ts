// params_ex: module parameters of each kind, set at insmod and shown in /sys/module/params_ex/parameters/
// with their modes: irq (int, 0644), debug (bool, 0644), name (charp, 0444), ports (int array of at most
// 4, 0444), secret (int, 0: not in sysfs at all). A root write to a 0644 file changes the variable
// silently: nothing tells the module, which sees the new value the next time it looks —
// /proc/params_ex prints the values as the module sees them now.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { module_param, module_param_array } from '@urfs/emu-kernel/kernel/params';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { proc_create_single_data, remove_proc_entry } from '@urfs/emu-kernel/fs/proc/generic';
import { seq_printf } from '@urfs/emu-kernel/fs/seq_file';
import { EINVAL, ENOMEM } from '@urfs/emu-kernel/uapi/errno';

export default function params_ex(): ModuleDef {
  const params = {
    irq: module_param('int', 7, 0o644, 'Interrupt line (0..15)'),
    debug: module_param('bool', false, 0o644, 'Log more'),
    name: module_param('charp', 'params_ex', 0o444, 'Device name'),
    ports: module_param_array('int', [0x300], 0o444, 'I/O ports, at most 4, comma separated', 4),
    secret: module_param('int', 42, 0, 'Only settable at load time, not in sysfs'),
  };
  const now = () => `irq=${String(params.irq.value)} debug=${params.debug.value ? 'Y' : 'N'} name=${String(params.name.value)}`
    + ` ports=${(params.ports.value as number[]).map((p) => '0x' + p.toString(16)).join(',')} secret=${String(params.secret.value)}`;
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Module parameters: int, bool, charp, array; modes in sysfs',
    version: '0.1',
    params,
    init(THIS_MODULE: Module): number {
      const irq = Number(params.irq.value);
      if (irq < 0 || irq > 15) {
        pr_info(`params_ex: irq=${irq} out of range 0..15, refusing to load`);
        return -EINVAL;
      }
      pr_info(`params_ex: loaded with ${now()}`);
      const de = proc_create_single_data('params_ex', 0o444, null, (m) => seq_printf(m, '%s\n', now()));
      if (!de) return -ENOMEM;
      if (de.proc_ops) de.proc_ops.owner = THIS_MODULE;
      return 0;
    },
    exit(): void {
      remove_proc_entry('params_ex', null);
      pr_info(`params_ex: unloading with ${now()}`);
    },
  };
}
