// The slow path of system call entry and exit (kernel/entry/common.c): taken only when a task has syscall
// work pending, so an untraced call pays one test of a word. Each kind of work is one bit; ptrace's
// syscall stops and the syscall tracepoints add their step here, in Linux's order.
import type { Task } from './task.js';
import { trace_sys_enter, trace_sys_exit } from './trace/events/raw_syscalls.js';
import { ptrace_report_syscall_entry, ptrace_report_syscall_exit } from './ptrace.js';

/** Stop at entry and exit for a tracer (PTRACE_SYSCALL). */
export const SYSCALL_WORK_SYSCALL_TRACE = 1 << 0;
/** Record sys_enter / sys_exit tracepoints. */
export const SYSCALL_WORK_SYSCALL_TRACEPOINT = 1 << 1;

/** The six argument registers of a call, as the entry code read them. */
export type SyscallArgs = [number, number, number, number, number, number];

/**
 * Runs before the handler. Returns the number of the call to run: a tracer may change it, and -1 skips the
 * call (its result is then what the tracer left in the return register, by default -ENOSYS).
 */
export async function syscall_trace_enter(task: Task, nr: number, args: SyscallArgs): Promise<number> {
  if (task.syscall_work & SYSCALL_WORK_SYSCALL_TRACE) nr = await ptrace_report_syscall_entry(task, nr, args);
  if (task.syscall_work & SYSCALL_WORK_SYSCALL_TRACEPOINT && trace_sys_enter.enabled) {
    trace_sys_enter.emit(task, { id: nr, args: args.slice() });
  }
  return nr;
}

/** Runs after the handler, before the result goes back to the task. Returns the result to deliver. */
export async function syscall_trace_exit(task: Task, nr: number, args: SyscallArgs, ret: number): Promise<number> {
  void args;
  if (task.syscall_work & SYSCALL_WORK_SYSCALL_TRACEPOINT && trace_sys_exit.enabled) trace_sys_exit.emit(task, { id: nr, ret });
  if (task.syscall_work & SYSCALL_WORK_SYSCALL_TRACE) ret = await ptrace_report_syscall_exit(task, nr, ret);
  return ret;
}
