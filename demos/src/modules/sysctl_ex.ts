// sysctl_ex: two tunables, net.test.value1 and net.test.value2 (/proc/sys/net/test/), each an int in
// 10..20 handled by proc_dointvec_minmax: root writes (0644), everyone reads, out-of-range values are
// refused with EINVAL and the old value kept. Registered as an old-style tree (register_sysctl_table).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { register_sysctl_table, unregister_sysctl_table, proc_dointvec_minmax, type CtlTable, type CtlTableHeader }
  from '@urfs/emu-kernel/kernel/sysctl';
import { ENOMEM } from '@urfs/emu-kernel/uapi/errno';

export default function sysctl_ex(): ModuleDef {
  const value1 = { value: 10 }, value2 = { value: 20 };
  const min = { value: 10 }, max = { value: 20 };
  let header: CtlTableHeader | null = null;

  const test_table: CtlTable[] = [
    { procname: 'value1', data: value1, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec_minmax, extra1: min, extra2: max },
    { procname: 'value2', data: value2, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec_minmax, extra1: min, extra2: max },
  ];
  const net_table: CtlTable[] = [{ procname: 'test', mode: 0o555, child: test_table }];
  const root_table: CtlTable[] = [{ procname: 'net', mode: 0o555, child: net_table }];

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'sysctl example: net.test.value1 and value2, integers in 10..20',
    version: '0.1',
    init(): number {
      header = register_sysctl_table(root_table);
      if (!header) return -ENOMEM;
      pr_info(`sysctl_ex: registered net.test.value1=${value1.value} net.test.value2=${value2.value}`);
      return 0;
    },
    exit(): void {
      unregister_sysctl_table(header);
      header = null;
      pr_info(`sysctl_ex: unregistered (value1=${value1.value}, value2=${value2.value})`);
    },
  };
}
