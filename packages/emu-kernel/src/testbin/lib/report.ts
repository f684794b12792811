// Shared by the test programs: one "key=value" line per result on stdout, so tests parse the output
// into a map. A failed call prints its errno name ("read_null=EFAULT"), a successful one its value.
import { errno, writeAll } from '../../user/libc.js';
import { errname } from '../../uapi/errno.js';

/** The result of a libc call that returns -1 and sets errno on failure. */
export function result(r: number): string {
  return r === -1 ? errname(errno) : String(r);
}

export function report(key: string, value: string | number): void {
  writeAll(1, `${key}=${value}\n`);
}

/** Reports a libc call's result under `key`. */
export function check(key: string, r: number): void {
  report(key, result(r));
}

/** Parses "key=value" lines (the test side; kept here so both sides agree on the format). */
export function parseReport(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0 && /^\S+$/.test(line.slice(0, i))) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}
