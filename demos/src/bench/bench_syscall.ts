// The kernel side of the bench system call (see bench_abi.ts): one copy each way between the user buffer
// and a kernel buffer, as the thesis's system call test does. Booted in by the benchmark's machine through
// its extra system calls, the same way the configuration builds in mysyscall.
import { EFAULT, EINVAL } from '@urfs/emu-kernel/uapi/errno';
import { UserPtr, copy_from_user, copy_to_user } from '@urfs/emu-kernel/mm/uaccess';
import type { Task } from '@urfs/emu-kernel/kernel/task';
import type { ExtraSyscalls } from '@urfs/emu-kernel/kernel/syscall_table';
import { BENCH_MAX, BENCH_SYS_NULL, BENCH_SYS_READ, BENCH_SYS_WRITE, __NR_bench } from './bench_abi.js';

const kbuf = new Uint8Array(BENCH_MAX);

export function sys_bench(task: Task, type: number, buf: number, count: number): number {
  if (type === BENCH_SYS_NULL) return 0;
  if (count < 0 || count > BENCH_MAX) return -EINVAL;
  const u = new UserPtr(task.mm, buf);
  if (type === BENCH_SYS_WRITE) return copy_from_user(kbuf, u, count) ? -EFAULT : count;
  if (type === BENCH_SYS_READ) return copy_to_user(u, kbuf, count) ? -EFAULT : count;
  return -EINVAL;
}

/** The extra system calls a benchmark machine boots with. */
export function bench_syscalls(): ExtraSyscalls {
  return new Map([[__NR_bench, { name: 'bench', fn: sys_bench }]]);
}
