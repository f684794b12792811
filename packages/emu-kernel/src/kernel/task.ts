// The task (process) structure and the task list (include/linux/sched.h). One task is one user thread.
import type { Cred } from './cred.js';
import type { MmStruct } from '../mm/mm.js';
import type { FilesStruct } from '../fs/file.js';
import type { Path } from '../fs/fs.js';
import type { HostThread } from '../host/adapter.js';
import { WaitQueueHead } from './wait.js';
import { _NSIG } from '../uapi/signal.js';
import { Pid } from './pid.js';
import { ReclaimCounter } from '../lib/reclaim.js';
import type { PtraceState } from './ptrace.js';

export interface SigInfo {
  si_signo: number;
  si_code: number;
  si_pid: number;
  si_uid: number;
  si_int: number;
}

export interface KSigAction {
  /** SIG_DFL (0), SIG_IGN (1) or a user handler id. */
  handler: number;
  flags: number;
  mask: bigint;
}

export type TaskState = 'R' | 'S' | 'D' | 'Z' | 'X';

export class Task {
  comm: string;
  state: TaskState = 'R';
  exit_state: 'running' | 'zombie' | 'dead' = 'running';
  /** wait4 status word once the task has exited. */
  exit_code = 0;
  readonly children = new Set<Task>();
  /** Parents sleep here in wait4. */
  readonly wait_chldexit = new WaitQueueHead();
  /** Signal handlers, indexed by signal number. */
  sighand: KSigAction[] = Array.from({ length: _NSIG + 1 }, () => ({ handler: 0, flags: 0, mask: 0n }));
  blocked = 0n;
  /** Pending signals in arrival order; standard signals appear at most once. */
  pending: SigInfo[] = [];
  /** Interruptible sleeps to wake when a signal arrives. */
  readonly sigwaiters = new Set<() => void>();
  thread: HostThread | null = null;
  ctrl_i32!: Int32Array;
  ctrl_f64!: Float64Array;
  start_time: number;
  /** Set while the task is inside a system call (for ps's WCHAN-like state and for kill). */
  in_syscall = 0;
  /** SYSCALL_WORK_* bits (kernel/entry_common.ts): nonzero sends the task's calls through the slow path. */
  syscall_work = 0;
  /** Its link to a tracer (kernel/ptrace.ts), null when untraced. */
  ptrace: PtraceState | null = null;
  /** The tasks it traces. */
  readonly ptraced = new Set<Task>();
  /** Cleanups to run at exit (mappings, module-private state). */
  readonly exit_hooks: (() => void)[] = [];
  umask = 0o022;
  /** Its struct pid: what may refer to the process beyond its life. */
  readonly thread_pid: Pid;

  constructor(
    readonly pid: number,
    public parent: Task | null,
    public cred: Cred,
    public mm: MmStruct,
    public files: FilesStruct,
    public fs: { root: Path; pwd: Path },
    public cmdline: string[],
    public environ: string[],
    start_time: number,
  ) {
    this.comm = (cmdline[0] ?? '').split('/').pop()!.slice(0, 15);
    this.start_time = start_time;
    this.thread_pid = new Pid(pid);
  }
}

interface TaskList {
  tasks: Map<number, Task>;
  last_pid: number;
  current: Task | null;
}
const tl: TaskList = { tasks: new Map(), last_pid: 0, current: null };

/** Tasks reaped since boot, and how many of those the host has reclaimed (/proc/emu/memory). */
export const task_reclaim = new ReclaimCounter();

export function tasks_init(): void {
  task_reclaim.reset();
  tl.tasks = new Map();
  tl.last_pid = 0;
  tl.current = null;
}
export function alloc_pid(): number {
  const PID_MAX = 32768;
  do {
    tl.last_pid = tl.last_pid >= PID_MAX ? 2 : tl.last_pid + 1;
  } while (tl.tasks.has(tl.last_pid));
  return tl.last_pid;
}
export function attach_pid(t: Task): void {
  tl.tasks.set(t.pid, t);
  t.thread_pid.task = t;
}
export function detach_pid(t: Task): void {
  if (tl.tasks.get(t.pid) !== t) return;
  tl.tasks.delete(t.pid);
  t.thread_pid.task = null;
  task_reclaim.release(t);
}
export function find_task_by_vpid(pid: number): Task | undefined {
  return tl.tasks.get(pid);
}
export function for_each_process(): IterableIterator<Task> {
  return tl.tasks.values();
}

/**
 * The task whose system call is running. Valid only in the synchronous part of a syscall handler (before
 * its first await): code that sleeps must capture it first. Null in timers, work queues and boot code.
 */
export function current(): Task | null {
  return tl.current;
}
export function set_current(t: Task | null): void {
  tl.current = t;
}

export function sigmask(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** The task is being killed (SIGKILL ends a task at once: its exit has begun). */
export function fatal_signal_pending(t: Task): boolean {
  return t.exit_state !== 'running';
}

/** A signal is pending that is not blocked, or the task is being killed. */
export function signal_pending(t: Task): boolean {
  if (t.exit_state !== 'running') return true;
  return t.pending.some((s) => (t.blocked & sigmask(s.si_signo)) === 0n);
}
