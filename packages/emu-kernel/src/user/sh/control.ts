// Non-local control flow in the shell (exit, break/continue out of loops, return from functions) and
// the status a wait status turns into.
import { WIFEXITED, WEXITSTATUS, WTERMSIG } from '../../uapi/wait.js';

export class ExitShell {
  constructor(readonly code: number) {}
}
export class LoopCtl {
  constructor(readonly kind: 'break' | 'continue', public n: number) {}
}
export class ReturnCtl {
  constructor(readonly code: number) {}
}

/** The status $? shows for a wait status: the exit code, or 128 + the signal. */
export function exitCode(w: number): number {
  return WIFEXITED(w) ? WEXITSTATUS(w) : 128 + WTERMSIG(w);
}
