// redirfs:callback, the tracepoint of every filter callback the chain runs: which filter, which
// operation, pre or post, its verdict, the retv it left and how long it took (a callback that sleeps,
// as a user-space filter's does, is timed to its resolution). Added when the framework starts.
import { TRACE_EVENT, field_int, field_string, field_u64, trace_add_event_call, trace_remove_event_call }
  from '@urfs/emu-kernel/kernel/trace/trace_events';

export interface redirfs_callback_rec {
  filter: string;
  op: string;
  call: 'pre' | 'post';
  verdict: 'continue' | 'stop';
  retv: number;
  duration_us: number;
}

export const trace_redirfs_callback = TRACE_EVENT<redirfs_callback_rec>({
  system: 'redirfs',
  name: 'callback',
  fields: [field_string('filter'), field_string('op'), field_string('call'), field_string('verdict'), field_int('retv'),
    field_u64('duration_us')],
  print_fmt: '"filter=%s op=%s call=%s verdict=%s retv=%d duration_us=%llu", __get_str(filter), __get_str(op), ' +
    '__get_str(call), __get_str(verdict), REC->retv, REC->duration_us',
  print: (r) => `filter=${r.filter} op=${r.op} call=${r.call} verdict=${r.verdict} retv=${r.retv} duration_us=${r.duration_us}`,
});

export function redirfs_trace_init(): void {
  trace_add_event_call(trace_redirfs_callback);
}

export function redirfs_trace_exit(): void {
  trace_remove_event_call(trace_redirfs_callback);
}
