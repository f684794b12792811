// Process exit and reaping (kernel/exit.c): exit_group, wait4, and the cleanup every dying task gets:
// its thread ends, every descriptor is released (drivers' release runs), children go to init.
import { ECHILD, EFAULT, EINVAL } from '../uapi/errno.js';
import { W_EXITCODE, WNOHANG, __WALL } from '../uapi/wait.js';
import { find_task_by_vpid, detach_pid, type Task } from './task.js';
import { syscall_kill_block, NORETURN } from './syscall.js';
import { filp_close } from '../fs/file.js';
import { vcaller } from '../fs/fs_struct.js';
import { do_notify_parent, signal_set_exit } from './signal.js';
import { wait_event_interruptible } from './wait.js';
import { UserPtr, put_user } from '../mm/uaccess.js';
import { exit_mmap } from '../mm/mmap.js';
import { null_mm } from '../mm/mm.js';
import { mmput } from './fork.js';
import { proc_flush_pid } from '../fs/proc/root.js';
import { die } from './panic.js';
import { DEFAULT_PRIO, trace_sched_process_exit } from './trace/events/sched.js';
import { exit_ptrace, exit_ptrace_tracee, ptrace_holds_zombie, ptrace_init, ptrace_wait } from './ptrace.js';

type ExitListener = (t: Task) => void;
const exit_listeners = new Set<ExitListener>();
/** Lets subsystems (and the host) hear of every exit after the task's files are closed. */
export function register_exit_notifier(fn: ExitListener): () => void {
  exit_listeners.add(fn);
  return () => exit_listeners.delete(fn);
}
export function exit_init(): void {
  exit_listeners.clear();
  signal_set_exit((t, sig) => void do_exit(t, W_EXITCODE(0, sig)));
  ptrace_init();
}

/**
 * Ends a task with wait status `status`. Safe to call more than once. The thread stops at once; the
 * task becomes a zombie once its files are closed.
 */
export async function do_exit(t: Task, status: number): Promise<void> {
  if (t.exit_state !== 'running') return;
  t.exit_state = 'zombie';
  t.state = 'D';
  t.exit_code = status;
  if (trace_sched_process_exit.enabled) trace_sched_process_exit.emit(t, { comm: t.comm, pid: t.pid, prio: DEFAULT_PRIO });
  if (t.ctrl_i32) syscall_kill_block(t.ctrl_i32);
  t.thread?.terminate();
  t.thread = null;
  for (const w of [...t.sigwaiters]) w();
  exit_ptrace_tracee(t);
  exit_ptrace(t);
  exit_mm(t);
  for (const hook of t.exit_hooks.splice(0)) {
    try {
      hook();
    } catch (e) {
      die(`BUG: kernel fault in an exit hook of ${t.pid}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  const caller = vcaller(t);
  for (let fd = 0; fd < t.files.fds.length; fd++) {
    const f = t.files.remove(fd);
    if (typeof f !== 'number') await filp_close(f, caller);
  }
  const init = find_task_by_vpid(1);
  for (const c of t.children) {
    c.parent = init && init !== t && init.exit_state === 'running' ? init : null;
    if (c.parent) c.parent.children.add(c);
    else if (c.exit_state === 'zombie') release_task(c);
  }
  t.children.clear();
  t.state = 'Z';
  for (const fn of exit_listeners) fn(t);
  t.ptrace?.tracer.wait_chldexit.wake();
  const parent = t.parent;
  if (parent && parent.exit_state === 'running') {
    do_notify_parent(t, parent);
    parent.wait_chldexit.wake();
  } else {
    release_task(t);
  }
}

/** The address space goes at exit, not when the task is reaped (exit_mm): a zombie holds no memory. */
function exit_mm(t: Task): void {
  const mm = t.mm;
  exit_mmap(t);
  t.mm = null_mm;
  mmput(mm);
}

/** Reaping: nothing of the kernel's refers to the task afterwards (its struct pid lets go of it too). */
function release_task(t: Task): void {
  t.exit_state = 'dead';
  t.state = 'X';
  t.parent?.children.delete(t);
  detach_pid(t);
  proc_flush_pid(t.thread_pid);
}

export function sys_exit_group(task: Task, code: number): typeof NORETURN {
  void do_exit(task, W_EXITCODE(code & 0xff, 0));
  return NORETURN;
}

/**
 * wait4(pid, &status, options, rusage): pid > 0 one child, -1 (or 0) any child. The caller's tracees count
 * as children: their stops, and their deaths before their real parent sees them (kernel/ptrace.ts).
 */
export async function sys_wait4(task: Task, pid: number, stat_addr: number, options: number): Promise<number> {
  if (options & ~(WNOHANG | 2 | 8 | __WALL)) return -EINVAL;
  const match = (c: Task) => pid === -1 || pid === 0 || c.pid === pid;
  const reapable = (c: Task) => c.exit_state === 'zombie' && c.state === 'Z' && !ptrace_holds_zombie(c, task);
  for (;;) {
    const candidates = [...task.children, ...task.ptraced].filter(match);
    if (!candidates.length) return -ECHILD;
    const traced = ptrace_wait(task, match, true);
    if (traced) {
      if (stat_addr && put_user(traced.status, new UserPtr(task.mm, stat_addr), 4)) return -EFAULT;
      return traced.pid;
    }
    const z = [...task.children].find((c) => match(c) && reapable(c));
    if (z) {
      if (stat_addr && put_user(z.exit_code, new UserPtr(task.mm, stat_addr), 4)) return -EFAULT;
      task.children.delete(z);
      release_task(z);
      return z.pid;
    }
    if (options & WNOHANG) return 0;
    const r = await wait_event_interruptible(task.wait_chldexit,
      () => [...task.children].some((c) => match(c) && reapable(c)) || !!ptrace_wait(task, match, false), task);
    if (r) return r;
  }
}
