// The tracing core (kernel/trace/trace.c): the machine's one trace array, with its ring buffer, the
// tracing_on switch, the pid filter of set_event_pid, the sleepers of trace_pipe, and, for `emu --trace`,
// a sink on the host that gets every record as a line as soon as it is written.
import { WaitQueueHead } from '../wait.js';
import { find_task_by_vpid, type Task } from '../task.js';
import { printk_state } from '../printk.js';
import { RingBuffer, type TraceEntry } from './ring_buffer.js';
import { trace_events_reset, type TraceEventCall } from './trace_events.js';
import { trace_format_entry } from './trace_output.js';
import { trace_core_events_init } from './events/core.js';

/** Linux's default per-CPU buffer size, in KiB. */
export const TRACE_BUF_SIZE_DEFAULT_KB = 1408;

/** Receives each record as one line of text (with its newline). */
export type TraceSink = (line: string) => void;

interface TraceArray {
  buffer: RingBuffer;
  tracing_on: boolean;
  /** set_event_pid: records only of these pids; empty means every task. */
  pids: Set<number>;
  readonly pipe_wait: WaitQueueHead;
  sink: TraceSink | null;
}

const tr: TraceArray = {
  buffer: new RingBuffer(TRACE_BUF_SIZE_DEFAULT_KB * 1024),
  tracing_on: true,
  pids: new Set(),
  pipe_wait: new WaitQueueHead(),
  sink: null,
};

export interface TraceBootOptions {
  /** Every record also goes here as a line; with it, every event is enabled from boot on. */
  sink?: TraceSink | null;
}

/** At boot: an empty buffer, tracing on, no pid filter, the kernel's own events added. */
export function trace_init(o: TraceBootOptions = {}): void {
  tr.buffer = new RingBuffer(TRACE_BUF_SIZE_DEFAULT_KB * 1024);
  tr.tracing_on = true;
  tr.pids = new Set();
  tr.sink = o.sink ?? null;
  trace_events_reset(trace_record, tr.sink !== null);
  trace_core_events_init();
}

function who_of(who: Task | number | null): [number, string] {
  if (who === null) return [0, 'swapper'];
  if (typeof who === 'number') return [who, find_task_by_vpid(who)?.comm ?? '<...>'];
  return [who.pid, who.comm];
}

/** Bytes a record takes: the fixed part, and each string with its NUL, rounded to 4 (as __string). */
function entry_size(ev: TraceEventCall, rec: unknown): number {
  let n = ev.fixed_size;
  for (const f of ev.fields) {
    if (f.type !== '__data_loc char[]') continue;
    const v = (rec as Record<string, unknown>)[f.name];
    if (typeof v === 'string') n += (v.length + 4) & ~3;
  }
  return n;
}

/** trace_event_buffer_commit: what an enabled event's emit does. */
function trace_record(ev: TraceEventCall, who: Task | number | null, rec: unknown): void {
  if (!tr.tracing_on) return;
  const [pid, comm] = who_of(who);
  if (tr.pids.size && !tr.pids.has(pid)) return;
  const e: TraceEntry = { ts: printk_state().clock(), pid, comm, ev, rec, size: entry_size(ev, rec) };
  tr.buffer.write(e);
  tr.pipe_wait.wake();
  if (tr.sink) {
    try {
      tr.sink(trace_format_entry(e) + '\n');
    } catch {
      // A sink that fails (a closed file) must not break the kernel path that traced.
      tr.sink = null;
    }
  }
}

export function trace_buffer(): RingBuffer {
  return tr.buffer;
}
export function trace_pipe_wait(): WaitQueueHead {
  return tr.pipe_wait;
}
export function tracing_is_on(): boolean {
  return tr.tracing_on;
}
export function tracing_set_on(on: boolean): void {
  tr.tracing_on = on;
}
export function trace_pids(): Set<number> {
  return tr.pids;
}
