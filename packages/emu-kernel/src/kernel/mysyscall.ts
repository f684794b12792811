// mysyscall: a system call built into the kernel by its configuration (CONFIG_MYSYSCALL), not added by a
// module: Linux modules cannot add system calls, a new one is a table entry compiled in. It takes a user
// buffer holding a NUL-terminated message and its size, prints the message in the kernel log and
// replaces it with "hello world". The number, 548, is past the last one x86_64 Linux uses.
//
//   long mysyscall(char __user *buf, size_t len);   0, or -EFAULT / -EINVAL
import { EFAULT, EINVAL } from '../uapi/errno.js';
import { UserPtr, copy_from_user, copy_to_user } from '../mm/uaccess.js';
import { pr_info } from './printk.js';
import type { Task } from './task.js';

/** Built in unless a configuration turns it off. */
export const CONFIG_MYSYSCALL = true;
export const __NR_mysyscall = 548;
/** Longest message taken, NUL included. */
export const MYSYSCALL_MAX = 1024;
const REPLY = 'hello world';

export function sys_mysyscall(task: Task, buf: number, len: number): number {
  if (len <= REPLY.length || len > MYSYSCALL_MAX) return -EINVAL;
  const ubuf = new UserPtr(task.mm, buf);
  const k = new Uint8Array(len);
  if (copy_from_user(k, ubuf, len)) return -EFAULT;
  const nul = k.indexOf(0);
  if (nul < 0) return -EINVAL;
  pr_info(`mysyscall: pid ${task.pid} says "${new TextDecoder().decode(k.subarray(0, nul))}"`);
  const out = new TextEncoder().encode(REPLY + '\0');
  return copy_to_user(ubuf, out, out.length) ? -EFAULT : 0;
}
