// Process creation. Worker threads cannot fork, so a new process is made in one step, like
// posix_spawn: a fresh address space, the descriptors the parent names, and a program to run.
import { CTRL_BYTES, CTRL_STATE, STATE_REPLY } from '../uapi/syscall_abi.js';
import { Task, alloc_pid, attach_pid } from './task.js';
import { syscall_tracepoint_update } from './trace/events/raw_syscalls.js';
import { trace_sched_process_exec, trace_sched_process_fork } from './trace/events/sched.js';
import type { Cred } from './cred.js';
import { MmStruct } from '../mm/mm.js';
import { ReclaimCounter } from '../lib/reclaim.js';
import type { FilesStruct } from '../fs/file.js';
import type { Path } from '../fs/fs.js';
import { host } from './host.js';
import { syscall_loop } from './syscall.js';
import { do_exit } from './exit.js';
import { W_EXITCODE } from '../uapi/wait.js';
import { SIGKILL } from '../uapi/signal.js';
import { ptrace_init_task } from './ptrace.js';

/** Size of a new process's address space (module parameter of the machine: `--mem`). */
export let task_size = 32 * 1024 * 1024;
export function set_task_size(bytes: number): void {
  task_size = bytes;
}

/**
 * What the kernel holds in address spaces (behind /proc/meminfo and /proc/emu/memory): those made by
 * mm_alloc and not yet given back by mmput, and their bytes; `reclaim` counts the spaces given back
 * since boot and how many of those (their SharedArrayBuffers) the host has reclaimed.
 */
export const mm_stats = { nr: 0, bytes: 0, reclaim: new ReclaimCounter() };

/** Boot: counting starts again. */
export function mm_stats_init(): void {
  mm_stats.nr = mm_stats.bytes = 0;
  mm_stats.reclaim.reset();
}

/** A new address space of `size` bytes (mm_alloc). */
export function mm_alloc(size: number): MmStruct {
  const mm = new MmStruct(size);
  mm.mm_users = 1;
  mm_stats.nr++;
  mm_stats.bytes += mm.size;
  return mm;
}

/** The kernel lets go of an address space (mmput of its last user); a second put is ignored. */
export function mmput(mm: MmStruct): void {
  if (mm.mm_users <= 0) return;
  mm.mm_users = 0;
  mm_stats.nr--;
  mm_stats.bytes -= mm.size;
  mm_stats.reclaim.release(mm.heap);
}

export interface NewProcess {
  parent: Task | null;
  cred: Cred;
  files: FilesStruct;
  fs: { root: Path; pwd: Path };
  argv: string[];
  envp: string[];
  umask: number;
}

export function copy_process(p: NewProcess): Task {
  const t = new Task(alloc_pid(), p.parent, { ...p.cred, groups: [...p.cred.groups] }, mm_alloc(task_size),
    p.files, { ...p.fs }, p.argv, p.envp, host().now());
  t.umask = p.umask;
  if (p.parent) p.parent.children.add(t);
  attach_pid(t);
  ptrace_init_task(t, p.parent);
  syscall_tracepoint_update(t);
  if (trace_sched_process_fork.enabled) {
    trace_sched_process_fork.emit(p.parent, { parent_comm: p.parent?.comm ?? 'swapper', parent_pid: p.parent?.pid ?? 0,
      child_comm: t.comm, child_pid: t.pid });
  }
  return t;
}

/** The exec tracepoint, once the new program is set to start (exec_binprm's trace_sched_process_exec). */
export function trace_exec(t: Task, filename: string): void {
  if (trace_sched_process_exec.enabled) trace_sched_process_exec.emit(t, { filename, pid: t.pid, old_pid: t.pid });
}

/** Gives the task a new control block and starts `entry` in a new thread (exec's last step). */
export function start_thread(t: Task, entry: string, argv: string[], envp: string[]): void {
  const ctrl = new SharedArrayBuffer(CTRL_BYTES);
  t.ctrl_i32 = new Int32Array(ctrl);
  t.ctrl_f64 = new Float64Array(ctrl);
  Atomics.store(t.ctrl_i32, CTRL_STATE, STATE_REPLY);
  t.cmdline = argv;
  t.environ = envp;
  t.comm = (argv[0] ?? entry).split('/').pop()!.slice(0, 15);
  const mine = t.ctrl_i32;
  t.thread = host().spawnThread({ pid: t.pid, ctrl, heap: t.mm.heap, entry, argv, envp }, () => {
    // The thread ended without exit_group (host error, or terminated by exec): a crash unless exec replaced it.
    if (t.ctrl_i32 === mine && t.exit_state === 'running') void do_exit(t, W_EXITCODE(0, SIGKILL));
  });
  void syscall_loop(t);
}
