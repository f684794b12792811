// insmod signal_ex: sends signals carrying values to a process from the kernel. The process writes its pid
// to /sys/kernel/debug/signal_ex/pid; the write sends SIGUSR1 three times (a standard signal: the copies
// coalesce while one is pending, so the handler sees only the first value) and SIGRTMIN+1 three times (a
// real-time signal: every copy queues, delivered in order with its own si_int).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { send_sig_info } from '@urfs/emu-kernel/kernel/signal';
import { find_task_by_vpid } from '@urfs/emu-kernel/kernel/task';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove_recursive } from '@urfs/emu-kernel/fs/debugfs/inode';
import { simple_read_from_buffer, default_llseek } from '@urfs/emu-kernel/fs/libfs';
import { copy_from_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOMEM, ESRCH } from '@urfs/emu-kernel/uapi/errno';
import { SIGUSR1, SIGRTMIN, SI_QUEUE } from '@urfs/emu-kernel/uapi/signal';
import type { Dentry, FileOperations } from '@urfs/emu-kernel/fs/fs';
import { SIGNAL_EX_RT, SIGNAL_EX_RT_VALUES, SIGNAL_EX_STD, SIGNAL_EX_STD_VALUES } from '../msg/signal_ex_abi.js';

export default function signal_ex(): ModuleDef {
  let dir: Dentry | null = null;
  let last_pid = 0;
  const fops: FileOperations = {
    read: (_f, buf, count, ppos) => simple_read_from_buffer(buf, count, ppos, new TextEncoder().encode(`${last_pid}\n`)),
    write: (_f, buf, count) => {
      const n = Math.min(count, 32);
      const b = new Uint8Array(n);
      if (copy_from_user(b, buf, n)) return -EFAULT;
      const text = new TextDecoder().decode(b).trim();
      if (!/^[0-9]+$/.test(text)) return -EINVAL;
      const pid = Number(text);
      const t = find_task_by_vpid(pid);
      if (!t || t.exit_state !== 'running') return -ESRCH; // nothing sent, last_pid unchanged
      for (const v of SIGNAL_EX_STD_VALUES) {
        const r = send_sig_info(SIGNAL_EX_STD, { si_code: SI_QUEUE, si_int: v }, t);
        if (r < 0) return r;
      }
      for (const v of SIGNAL_EX_RT_VALUES) {
        const r = send_sig_info(SIGNAL_EX_RT, { si_code: SI_QUEUE, si_int: v }, t);
        if (r < 0) return r;
      }
      last_pid = pid;
      pr_info(`signal_ex: sent SIGUSR1 x${SIGNAL_EX_STD_VALUES.length} and SIGRTMIN+${SIGNAL_EX_RT - SIGRTMIN} x${SIGNAL_EX_RT_VALUES.length} to ${pid}`);
      return count;
    },
    llseek: default_llseek,
  };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Sends standard and real-time signals with si_int values to the pid written to debugfs',
    init(): number {
      dir = debugfs_create_dir('signal_ex', null);
      if (!dir) return -ENOMEM;
      if (!debugfs_create_file('pid', 0o600, dir, null, fops)) {
        debugfs_remove_recursive(dir);
        return -ENOMEM;
      }
      pr_info(`signal_ex: write a pid to /sys/kernel/debug/signal_ex/pid (SIGUSR1=${SIGUSR1})`);
      return 0;
    },
    exit(): void {
      debugfs_remove_recursive(dir);
      dir = null;
    },
  };
}
