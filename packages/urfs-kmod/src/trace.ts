// urfs:event and urfs:answer: an event handed to a filter process (by its read or ANSWER_FETCH), and
// the answer that process gave (with whether it was one the operation could have). Both carry the
// ufilter's name and the request id, so a trace pairs them. Added while the module is loaded.
import { TRACE_EVENT, field_int, field_pid, field_string, field_u64, trace_add_event_call, trace_remove_event_call }
  from '@urfs/emu-kernel/kernel/trace/trace_events';

export const trace_urfs_event = TRACE_EVENT<{ filter: string; id: bigint; op: string; call: string; pid: number;
  reader: number }>({
  system: 'urfs',
  name: 'event',
  fields: [field_string('filter'), field_u64('id'), field_string('op'), field_string('call'), field_pid('pid'),
    field_pid('reader')],
  print_fmt: '"filter=%s id=%llu op=%s call=%s pid=%d reader=%d", __get_str(filter), REC->id, __get_str(op), ' +
    '__get_str(call), REC->pid, REC->reader',
  print: (r) => `filter=${r.filter} id=${r.id} op=${r.op} call=${r.call} pid=${r.pid} reader=${r.reader}`,
});

export const trace_urfs_answer = TRACE_EVENT<{ filter: string; id: bigint; retv: number; rv: string; valid: number }>({
  system: 'urfs',
  name: 'answer',
  fields: [field_string('filter'), field_u64('id'), field_int('retv'), field_string('rv'), field_int('valid')],
  print_fmt: '"filter=%s id=%llu retv=%d rv=%s valid=%d", __get_str(filter), REC->id, REC->retv, __get_str(rv), ' +
    'REC->valid',
  print: (r) => `filter=${r.filter} id=${r.id} retv=${r.retv} rv=${r.rv} valid=${r.valid}`,
});

export function urfs_trace_init(): void {
  trace_add_event_call(trace_urfs_event);
  trace_add_event_call(trace_urfs_answer);
}

export function urfs_trace_exit(): void {
  trace_remove_event_call(trace_urfs_event);
  trace_remove_event_call(trace_urfs_answer);
}
