// Where the time of a ufilter callback goes, measured by the kernel on every request and readable in
// /sys/kernel/debug/urfs/timing (write anything to it to start over). A request passes four marks:
//   queued     the generic callback queued the event (the operation now sleeps)
//   delivered  the filter's read took the event off the queue
//   fetched    the filter's GET_ARGS mapped the arguments (only callbacks that look at them)
//   answered   the filter's OP_CALLBACK reply arrived
//   resumed    the operation runs again in the kernel
// The phases between the marks, averaged, say what each round trip costs; the bytes copied into and out
// of filter processes say what the data costs. The application's own wake-up after the operation is not
// the kernel's to see: a benchmark gets it as its total minus these phases.
import { host } from '@urfs/emu-kernel/kernel/host';

export interface request_marks {
  queued: number;
  delivered: number;
  fetched: number;
  answered: number;
}

type phase = 'queue' | 'fetch' | 'callback' | 'resume';

interface timing_state {
  /** Requests answered by their filter (those ended by policy are not timed). */
  answered: number;
  /** Sum of each phase, milliseconds. */
  ms: Record<phase, number>;
  /** Requests whose filter fetched the arguments (the fetch phase is averaged over these). */
  fetched: number;
  /** Operation data copied into filter processes (GET_ARGS) and back out of them (replies). */
  bytes_in: number;
  bytes_out: number;
}

const zero = (): timing_state => ({
  answered: 0, ms: { queue: 0, fetch: 0, callback: 0, resume: 0 }, fetched: 0, bytes_in: 0, bytes_out: 0,
});
let t = zero();

export const timing_now = (): number => host().now();

export function timing_marks(): request_marks {
  return { queued: timing_now(), delivered: 0, fetched: 0, answered: 0 };
}

export function timing_copied(into_filter: number, out_of_filter: number): void {
  t.bytes_in += into_filter;
  t.bytes_out += out_of_filter;
}

/** Adds an answered request's phases; `resumed` is when its operation ran again. */
export function timing_account(m: request_marks, resumed: number): void {
  if (!m.answered || !m.delivered) return;
  t.answered++;
  t.ms.queue += m.delivered - m.queued;
  if (m.fetched) {
    t.fetched++;
    t.ms.fetch += m.fetched - m.delivered;
    t.ms.callback += m.answered - m.fetched;
  } else {
    t.ms.callback += m.answered - m.delivered;
  }
  t.ms.resume += resumed - m.answered;
}

export function timing_reset(): void {
  t = zero();
}

const us = (ms: number, n: number) => (n ? ((ms / n) * 1000).toFixed(1) : '0.0');

/** The text of the debugfs file: one `name value` pair per line, averages in microseconds. */
export function timing_text(): string {
  return `answered ${t.answered}\nfetched ${t.fetched}\n` +
    `queue_us ${us(t.ms.queue, t.answered)}\n` +
    `fetch_us ${us(t.ms.fetch, t.fetched)}\n` +
    `callback_us ${us(t.ms.callback, t.answered)}\n` +
    `resume_us ${us(t.ms.resume, t.answered)}\n` +
    `bytes_in ${t.bytes_in}\nbytes_out ${t.bytes_out}\n`;
}
