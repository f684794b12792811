// process_vm_readv(2) (mm/process_vm_access.c): copies from another process's address space into the
// caller's, by lists of iovecs on both sides. Allowed to whoever may trace the other process.
import { EFAULT, EINVAL, EPERM, ESRCH } from '../uapi/errno.js';
import { IOVEC_SIZE } from '../uapi/ptrace.js';
import { find_task_by_vpid, type Task } from '../kernel/task.js';
import { ptrace_may_access } from '../kernel/ptrace.js';
import { UserPtr, copy_from_user, copy_to_user } from './uaccess.js';
import type { AddressSpace } from './mm.js';

const UIO_MAXIOV = 1024;
const CHUNK = 1 << 16;

interface Iovec { base: number; len: number }

function read_iovecs(mm: AddressSpace, addr: number, n: number): Iovec[] | number {
  if (!Number.isInteger(n) || n < 0 || n > UIO_MAXIOV) return -EINVAL;
  const b = new Uint8Array(n * IOVEC_SIZE);
  if (copy_from_user(b, new UserPtr(mm, addr))) return -EFAULT;
  const v = new DataView(b.buffer);
  const out: Iovec[] = [];
  for (let i = 0; i < n; i++) {
    const base = Number(v.getBigUint64(i * IOVEC_SIZE, true)), len = Number(v.getBigUint64(i * IOVEC_SIZE + 8, true));
    if (!Number.isSafeInteger(base + len)) return -EINVAL;
    out.push({ base, len });
  }
  return out;
}

/** Returns the bytes copied; a fault part way stops the copy (a partial read), one at the start is EFAULT. */
export function sys_process_vm_readv(task: Task, pid: number, lvec: number, liovcnt: number, rvec: number,
  riovcnt: number, flags: number): number {
  if (flags) return -EINVAL;
  const local = read_iovecs(task.mm, lvec, liovcnt);
  if (typeof local === 'number') return local;
  const remote = read_iovecs(task.mm, rvec, riovcnt);
  if (typeof remote === 'number') return remote;
  const t = find_task_by_vpid(pid);
  if (!t || t.exit_state !== 'running') return -ESRCH;
  if (t !== task && t.ptrace?.tracer !== task && !ptrace_may_access(task, t)) return -EPERM;
  let copied = 0, li = 0, loff = 0;
  for (const r of remote) {
    let roff = 0;
    while (roff < r.len && li < local.length) {
      const l = local[li];
      // In pieces: a length may be far larger than any address space, and the copy stops at the first fault.
      const n = Math.min(r.len - roff, l.len - loff, CHUNK);
      if (n > 0) {
        const chunk = new Uint8Array(n);
        if (copy_from_user(chunk, new UserPtr(t.mm, r.base + roff))) return copied || -EFAULT;
        if (copy_to_user(new UserPtr(task.mm, l.base + loff), chunk)) return copied || -EFAULT;
        copied += n;
        roff += n;
        loff += n;
      }
      if (loff >= l.len) {
        li++;
        loff = 0;
      }
    }
  }
  return copied;
}
