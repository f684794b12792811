// signal:signal_generate and signal_deliver (include/trace/events/signal.h): a signal sent (with what
// became of it) and a signal handed to its handler or its default action.
import { TRACE_EVENT, field_comm, field_int, field_pid, field_ulong, hex_ulong } from '../trace_events.js';

/** What became of a generated signal (enum trace_signal_result). */
export const TRACE_SIGNAL_DELIVERED = 0, TRACE_SIGNAL_IGNORED = 1, TRACE_SIGNAL_ALREADY_PENDING = 2,
  TRACE_SIGNAL_OVERFLOW_FAIL = 3, TRACE_SIGNAL_LOSE_INFO = 4;

export const trace_signal_generate = TRACE_EVENT<{ sig: number; errno: number; code: number; comm: string; pid: number;
  group: number; result: number }>({
  system: 'signal',
  name: 'signal_generate',
  fields: [field_int('sig'), field_int('errno'), field_int('code'), field_comm('comm'), field_pid('pid'),
    field_int('group'), field_int('result')],
  print_fmt: '"sig=%d errno=%d code=%d comm=%s pid=%d grp=%d res=%d", REC->sig, REC->errno, REC->code, REC->comm, ' +
    'REC->pid, REC->group, REC->result',
  print: (r) => `sig=${r.sig} errno=${r.errno} code=${r.code} comm=${r.comm} pid=${r.pid} grp=${r.group} res=${r.result}`,
});

export const trace_signal_deliver = TRACE_EVENT<{ sig: number; errno: number; code: number; sa_handler: number;
  sa_flags: number }>({
  system: 'signal',
  name: 'signal_deliver',
  fields: [field_int('sig'), field_int('errno'), field_int('code'), field_ulong('sa_handler'), field_ulong('sa_flags')],
  print_fmt: '"sig=%d errno=%d code=%d sa_handler=%lx sa_flags=%lx", REC->sig, REC->errno, REC->code, ' +
    'REC->sa_handler, REC->sa_flags',
  print: (r) => `sig=${r.sig} errno=${r.errno} code=${r.code} sa_handler=${hex_ulong(r.sa_handler)} ` +
    `sa_flags=${hex_ulong(r.sa_flags)}`,
});
