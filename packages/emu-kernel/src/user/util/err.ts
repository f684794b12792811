// Error reporting of the utilities: "prog: operand: message" on standard error.
import { dprintf, errno, strerror } from '../libc.js';

/** "prog: msg" on stderr. */
export function warnx(prog: string, msg: string): void {
  dprintf(2, `${prog}: ${msg}\n`);
}
/** "prog: what: <strerror(errno)>" on stderr (call right after the failing call). */
export function warn(prog: string, what: string, e = errno): void {
  dprintf(2, `${prog}: ${what}: ${strerror(e)}\n`);
}
/** An option error: the message and a usage line; returns the status to exit with. */
export function usage(prog: string, msg: string, synopsis: string): number {
  dprintf(2, `${prog}: ${msg}\nUsage: ${synopsis}\n`);
  return 1;
}
