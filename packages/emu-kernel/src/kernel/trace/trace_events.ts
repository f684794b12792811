// Trace events (include/linux/tracepoint.h, TRACE_EVENT, kernel/trace/trace_events.c): an event is a
// subsystem, a name, the fields of its record and how the record prints. A call site tests `ev.enabled`
// (one property load when tracing is off) and only then builds the record and calls `ev.emit`.
// Kernel code defines its events at boot; a module adds its own in init and removes them in exit.
import type { Task } from '../task.js';

/** One field of a record, as the event's `format` file shows it (a C type, its size, its sign). */
export interface TraceEventField {
  name: string;
  /** The C type; `__data_loc char[]` for a string (Linux's __string). */
  type: string;
  size: number;
  signed: boolean;
  /** Elements of a fixed array (`char comm[16]`). */
  array?: number;
}

/** What TRACE_EVENT takes. */
export interface TraceEventDef<R> {
  system: string;
  name: string;
  fields: readonly TraceEventField[];
  /** The `print fmt:` line of the format file (TP_printk's arguments, as text). */
  print_fmt: string;
  /** The record as the text after `name: ` in a trace line. */
  print: (rec: R) => string;
  /** Runs when the event is switched on or off (what registering a tracepoint probe does in Linux). */
  reg?: (on: boolean) => void;
}

/** Where an emitted record goes: set by the tracing core (trace.ts) at boot. */
type Recorder = (ev: TraceEventCall, who: Task | number | null, rec: unknown) => void;
let recorder: Recorder = () => {};

/** struct trace_event_call. */
export class TraceEventCall<R = unknown> {
  /** Tested at every call site: false costs the caller one load and a branch. */
  enabled = false;
  /** The event's number (the `id` file, the format's common_type); given when it is added. */
  id = 0;
  readonly system: string;
  readonly name: string;
  readonly fields: readonly TraceEventField[];
  readonly print_fmt: string;
  private readonly printer: (rec: unknown) => string;
  readonly reg: ((on: boolean) => void) | undefined;
  /** Bytes of a record in the ring buffer without its strings. */
  readonly fixed_size: number;
  constructor(def: TraceEventDef<R>) {
    this.system = def.system;
    this.name = def.name;
    this.fields = def.fields;
    this.print_fmt = def.print_fmt;
    this.printer = def.print as (rec: unknown) => string;
    this.reg = def.reg;
    this.fixed_size = TRACE_ENTRY_HEADER + def.fields.reduce((n, f) => n + f.size, 0);
  }
  /** The text of a record (a method, so that an event of any record type is a TraceEventCall). */
  print(rec: R): string {
    return this.printer(rec);
  }
  /** Records one event for `who` (a task, a pid, or null for the kernel itself). Call only when enabled. */
  emit(who: Task | number | null, rec: R): void {
    recorder(this as unknown as TraceEventCall, who, rec);
  }
}

/** The common fields every record starts with (common_type, flags, preempt_count, pid). */
export const TRACE_ENTRY_HEADER = 8;

export function TRACE_EVENT<R>(def: TraceEventDef<R>): TraceEventCall<R> {
  return new TraceEventCall(def);
}

/** Field helpers for definitions. */
export const field_int = (name: string): TraceEventField => ({ name, type: 'int', size: 4, signed: true });
export const field_long = (name: string): TraceEventField => ({ name, type: 'long', size: 8, signed: true });
export const field_ulong = (name: string): TraceEventField => ({ name, type: 'unsigned long', size: 8, signed: false });
export const field_u64 = (name: string): TraceEventField => ({ name, type: 'u64', size: 8, signed: false });
export const field_pid = (name: string): TraceEventField => ({ name, type: 'pid_t', size: 4, signed: true });
export const field_string = (name: string): TraceEventField => ({ name, type: '__data_loc char[]', size: 4, signed: false });
export const field_comm = (name: string): TraceEventField => ({ name, type: 'char', size: 16, signed: false, array: 16 });

type Listener = (ev: TraceEventCall, added: boolean) => void;

/** The events of the running kernel, in the order they were added (ftrace_events). */
const events: TraceEventCall[] = [];
const listeners = new Set<Listener>();
let next_id = 1;
/** Whether an event added now starts enabled (the whole-machine trace of `emu --trace`). */
let enable_new = false;

/** Resets the list at boot: events of a previous machine in this process are switched off and dropped. */
export function trace_events_reset(rec: Recorder, enable_all: boolean): void {
  for (const ev of events) ev.enabled = false;
  events.length = 0;
  listeners.clear();
  next_id = 1;
  recorder = rec;
  enable_new = enable_all;
}

/** trace_add_event_call: 0, or -EEXIST (17) when an event of that subsystem and name is there. */
export function trace_add_event_call<R>(call: TraceEventCall<R>): number {
  const ev = call as unknown as TraceEventCall;
  if (events.includes(ev) || trace_find_event(ev.system, ev.name)) return -17;
  ev.id = next_id++;
  ev.enabled = false;
  events.push(ev);
  for (const l of listeners) l(ev, true);
  if (enable_new) trace_event_enable(ev, true);
  return 0;
}

/** trace_remove_event_call: switches the event off and drops it. */
export function trace_remove_event_call<R>(call: TraceEventCall<R>): void {
  const ev = call as unknown as TraceEventCall;
  const i = events.indexOf(ev);
  if (i < 0) return;
  trace_event_enable(ev, false);
  events.splice(i, 1);
  for (const l of listeners) l(ev, false);
}

export function trace_find_event(system: string, name: string): TraceEventCall | undefined {
  return events.find((e) => e.system === system && e.name === name);
}

export function trace_events_list(): readonly TraceEventCall[] {
  return events;
}

/** Switches an event on or off (ftrace_event_enable_disable). */
export function trace_event_enable<R>(ev: TraceEventCall<R>, on: boolean): void {
  if (ev.enabled === on) return;
  ev.enabled = on;
  ev.reg?.(on);
}

/** Told when an event is added or removed (tracefs keeps its events/ directory with it). */
export function trace_events_listen(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** An unsigned long as %lx prints it: negative numbers are two's complement in 64 bits. */
export function hex_ulong(v: number): string {
  if (v >= 0) return v.toString(16);
  return BigInt.asUintN(64, BigInt(Math.trunc(v))).toString(16);
}
