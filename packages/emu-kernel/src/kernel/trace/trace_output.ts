// How records print (kernel/trace/trace_output.c): the context of a line (task, pid, CPU, the latency
// flags, the timestamp), then the event's name and its own text; and the header of the `trace` file.
import type { TraceEntry } from './ring_buffer.js';

/** " %5llu.%06lu": seconds and microseconds since boot. */
function trace_print_time(ms: number): string {
  const usecs = Math.floor(ms * 1000);
  const secs = Math.floor(usecs / 1e6);
  return ` ${String(secs).padStart(5)}.${String(usecs % 1e6).padStart(6, '0')}`;
}

/**
 * One line: `%16s-%-7d [%03d] ` then the five latency flags (irqs-off, need-resched, hard/softirq,
 * preempt-depth, migrate-disable: none of them apply to this kernel, so all `.`), the time, and the event.
 */
export function trace_format_entry(e: TraceEntry): string {
  const comm = e.pid === 0 ? '<idle>' : e.comm;
  return `${comm.padStart(16)}-${String(e.pid).padEnd(7)} [000] .....${trace_print_time(e.ts)}: ${e.ev.name}: ` +
    e.ev.print(e.rec);
}

/** The header of the `trace` file with the nop tracer and the latency-format columns. */
export function trace_header(entries: number, written: number, cpus: number): string {
  return [
    '# tracer: nop',
    '#',
    `# entries-in-buffer/entries-written: ${entries}/${written}   #P:${cpus}`,
    '#',
    '#                                _-----=> irqs-off/BH-disabled',
    '#                               / _----=> need-resched',
    '#                              | / _---=> hardirq/softirq',
    '#                              || / _--=> preempt-depth',
    '#                              ||| / _-=> migrate-disable',
    '#                              |||| /     delay',
    '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
    '#              | |         |   |||||     |         |',
    '',
  ].join('\n');
}
