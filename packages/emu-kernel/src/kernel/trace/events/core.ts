// The kernel's own events, added at boot in the order available_events lists them.
import { trace_add_event_call } from '../trace_events.js';
import { raw_syscalls_reset, trace_sys_enter, trace_sys_exit } from './raw_syscalls.js';
import { trace_sched_process_exec, trace_sched_process_exit, trace_sched_process_fork } from './sched.js';
import { trace_signal_deliver, trace_signal_generate } from './signal.js';

export function trace_core_events_init(): void {
  raw_syscalls_reset();
  trace_add_event_call(trace_sys_enter);
  trace_add_event_call(trace_sys_exit);
  trace_add_event_call(trace_sched_process_fork);
  trace_add_event_call(trace_sched_process_exec);
  trace_add_event_call(trace_sched_process_exit);
  trace_add_event_call(trace_signal_generate);
  trace_add_event_call(trace_signal_deliver);
}
