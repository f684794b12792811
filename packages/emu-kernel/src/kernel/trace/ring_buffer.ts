// The trace ring buffer (kernel/trace/ring_buffer.c), reduced to what one CPU's buffer does: records in
// order, a size limit in bytes (buffer_size_kb), the oldest records overwritten when it is full (Linux's
// default overwrite mode), a consuming reader (trace_pipe) and an iterator that leaves records in
// place (trace). A record is kept as its values; it is turned into text only when read.
import type { TraceEventCall } from './trace_events.js';

/** One record: the common fields and the event's own values. */
export interface TraceEntry {
  /** Milliseconds since boot. */
  ts: number;
  pid: number;
  comm: string;
  ev: TraceEventCall;
  rec: unknown;
  /** Bytes it takes of the buffer. */
  size: number;
}

export class RingBuffer {
  private entries: TraceEntry[] = [];
  /** Index of the oldest record still in `entries` (consumed and overwritten ones are before it). */
  private head = 0;
  private bytes = 0;
  /** Records written since the last reset (the header's entries-written). */
  written = 0;
  /** Records overwritten before anyone read them. */
  overrun = 0;
  constructor(public size_bytes: number) {}

  get length(): number {
    return this.entries.length - this.head;
  }

  write(e: TraceEntry): void {
    this.entries.push(e);
    this.bytes += e.size;
    this.written++;
    while (this.bytes > this.size_bytes && this.length > 1) {
      this.drop_oldest();
      this.overrun++;
    }
  }

  /** Takes the oldest record (a trace_pipe read). */
  consume(): TraceEntry | undefined {
    if (!this.length) return undefined;
    const e = this.entries[this.head];
    this.drop_oldest();
    return e;
  }

  peek(): TraceEntry | undefined {
    return this.length ? this.entries[this.head] : undefined;
  }

  /** The records now in the buffer, oldest first (a copy: the iterator of the `trace` file). */
  snapshot(): TraceEntry[] {
    return this.entries.slice(this.head);
  }

  /** New size: records that no longer fit are dropped, oldest first. */
  resize(size_bytes: number): void {
    this.size_bytes = size_bytes;
    while (this.bytes > size_bytes && this.length) this.drop_oldest();
  }

  reset(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
    this.written = 0;
    this.overrun = 0;
  }

  private drop_oldest(): void {
    this.bytes -= this.entries[this.head].size;
    this.head++;
    // Compact now and then, so that dropping stays O(1) on average and memory is given back.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
