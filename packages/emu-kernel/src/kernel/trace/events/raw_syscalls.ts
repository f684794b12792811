// raw_syscalls:sys_enter and sys_exit (include/trace/events/syscalls.h). While either is enabled every
// task carries SYSCALL_WORK_SYSCALL_TRACEPOINT, so its calls take the slow path of entry_common.ts,
// which emits them; new tasks get the bit in copy_process (syscall_tracepoint_update).
import { TRACE_EVENT, field_long, hex_ulong, type TraceEventField } from '../trace_events.js';
import { for_each_process, type Task } from '../../task.js';
import { SYSCALL_WORK_SYSCALL_TRACEPOINT } from '../../entry_common.js';

/** How many of the two events are on. */
let sys_tracepoint_refcount = 0;

function reg(on: boolean): void {
  sys_tracepoint_refcount += on ? 1 : -1;
  if (sys_tracepoint_refcount === (on ? 1 : 0)) {
    for (const t of for_each_process()) syscall_tracepoint_update_to(t, on);
  }
}

function syscall_tracepoint_update_to(t: Task, on: boolean): void {
  if (on) t.syscall_work |= SYSCALL_WORK_SYSCALL_TRACEPOINT;
  else t.syscall_work &= ~SYSCALL_WORK_SYSCALL_TRACEPOINT;
}

/** A new task traces its calls when the syscall events are on. */
export function syscall_tracepoint_update(t: Task): void {
  if (sys_tracepoint_refcount) t.syscall_work |= SYSCALL_WORK_SYSCALL_TRACEPOINT;
}

/** At boot, nothing is on (the events' enabled flags are reset with the list). */
export function raw_syscalls_reset(): void {
  sys_tracepoint_refcount = 0;
}

const args_field: TraceEventField = { name: 'args', type: 'unsigned long', size: 48, signed: false, array: 6 };

export const trace_sys_enter = TRACE_EVENT<{ id: number; args: readonly number[] }>({
  system: 'raw_syscalls',
  name: 'sys_enter',
  fields: [field_long('id'), args_field],
  print_fmt: '"NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)", REC->id, REC->args[0], REC->args[1], REC->args[2], ' +
    'REC->args[3], REC->args[4], REC->args[5]',
  print: (r) => `NR ${r.id} (${r.args.map(hex_ulong).join(', ')})`,
  reg,
});

export const trace_sys_exit = TRACE_EVENT<{ id: number; ret: number }>({
  system: 'raw_syscalls',
  name: 'sys_exit',
  fields: [field_long('id'), field_long('ret')],
  print_fmt: '"NR %ld = %ld", REC->id, REC->ret',
  print: (r) => `NR ${r.id} = ${r.ret}`,
  reg,
});
