// Process identifiers (include/linux/pid.h, kernel/pid.c): a struct pid names a process without keeping
// it. Whatever outlives a process (a /proc inode, an open /proc file) holds its Pid; the Pid lets go of
// the task when the task is reaped, so the task and its address space can be freed.
import type { Task } from './task.js';

export class Pid {
  /** The process while it is on the task list (attach_pid to detach_pid). */
  task: Task | null = null;
  constructor(readonly nr: number) {}
}

/** The task a Pid names, or null once that process has been reaped (pid_task). */
export function pid_task(pid: Pid): Task | null {
  return pid.task;
}
