// sched:sched_process_fork, sched_process_exec and sched_process_exit (include/trace/events/sched.h).
// A process here starts with emu_spawn (fork and exec in one call): fork is emitted for the new task,
// then exec for its program.
import { TRACE_EVENT, field_comm, field_int, field_pid, field_string } from '../trace_events.js';

/** The priority a normal task shows (nice 0). */
export const DEFAULT_PRIO = 120;

export const trace_sched_process_fork = TRACE_EVENT<{ parent_comm: string; parent_pid: number; child_comm: string;
  child_pid: number }>({
  system: 'sched',
  name: 'sched_process_fork',
  fields: [field_comm('parent_comm'), field_pid('parent_pid'), field_comm('child_comm'), field_pid('child_pid')],
  print_fmt: '"comm=%s pid=%d child_comm=%s child_pid=%d", REC->parent_comm, REC->parent_pid, REC->child_comm, ' +
    'REC->child_pid',
  print: (r) => `comm=${r.parent_comm} pid=${r.parent_pid} child_comm=${r.child_comm} child_pid=${r.child_pid}`,
});

export const trace_sched_process_exec = TRACE_EVENT<{ filename: string; pid: number; old_pid: number }>({
  system: 'sched',
  name: 'sched_process_exec',
  fields: [field_string('filename'), field_pid('pid'), field_pid('old_pid')],
  print_fmt: '"filename=%s pid=%d old_pid=%d", __get_str(filename), REC->pid, REC->old_pid',
  print: (r) => `filename=${r.filename} pid=${r.pid} old_pid=${r.old_pid}`,
});

export const trace_sched_process_exit = TRACE_EVENT<{ comm: string; pid: number; prio: number }>({
  system: 'sched',
  name: 'sched_process_exit',
  fields: [field_comm('comm'), field_pid('pid'), field_int('prio')],
  print_fmt: '"comm=%s pid=%d prio=%d", REC->comm, REC->pid, REC->prio',
  print: (r) => `comm=${r.comm} pid=${r.pid} prio=${r.prio}`,
});
