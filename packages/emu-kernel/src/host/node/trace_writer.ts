// The host end of `emu --trace[=FILE]`: the kernel hands over each trace line as it is recorded; they
// are gathered and written in batches (a write per line would cost more than the tracing), at the
// latest on the next turn of the event loop, and everything left is written at close.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceSink } from '../../kernel/trace/trace.js';

const FLUSH_AT = 64 * 1024;

export interface TraceWriter {
  sink: TraceSink;
  /** Writes what is pending and closes the file (stderr stays open). */
  close(): void;
}

/** A writer to `path`, created or truncated, or to stderr when `path` is null. */
export function openTraceWriter(path: string | null): TraceWriter {
  const fd = path === null ? 2 : openSync(path, 'w', 0o644);
  let pending: string[] = [];
  let size = 0;
  let scheduled = false;
  let closed = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    writeSync(fd, text);
  };
  return {
    sink(line) {
      if (closed) return;
      pending.push(line);
      size += line.length;
      if (size >= FLUSH_AT) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      if (fd !== 2) closeSync(fd);
    },
  };
}
