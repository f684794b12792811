// Signal numbers (x86_64), sigaction flags and the siginfo fields this machine delivers.
export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
  SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14,
  SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
  SIGURG = 23, SIGWINCH = 28, SIGIO = 29, SIGSYS = 31;
export const SIGRTMIN = 32, SIGRTMAX = 64, _NSIG = 64;
export const SIG_DFL = 0, SIG_IGN = 1;
export const SA_SIGINFO = 0x4, SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;
export const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
export const SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1;

const names: Record<number, string> = {
  1: 'HUP', 2: 'INT', 3: 'QUIT', 4: 'ILL', 5: 'TRAP', 6: 'ABRT', 7: 'BUS', 8: 'FPE', 9: 'KILL', 10: 'USR1',
  11: 'SEGV', 12: 'USR2', 13: 'PIPE', 14: 'ALRM', 15: 'TERM', 17: 'CHLD', 18: 'CONT', 19: 'STOP',
  20: 'TSTP', 21: 'TTIN', 22: 'TTOU', 23: 'URG', 28: 'WINCH', 29: 'IO', 31: 'SYS',
};
/** "TERM" for 15, "RTMIN+2" for 34. */
export function signame(sig: number): string {
  if (names[sig]) return names[sig];
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return sig === SIGRTMIN ? 'RTMIN' : `RTMIN+${sig - SIGRTMIN}`;
  return String(sig);
}
export function signum(name: string): number {
  const n = name.toUpperCase().replace(/^SIG/, '');
  if (/^\d+$/.test(n)) return Number(n);
  const m = /^RTMIN(?:\+(\d+))?$/.exec(n);
  if (m) return SIGRTMIN + Number(m[1] ?? 0);
  for (const [k, v] of Object.entries(names)) if (v === n) return Number(k);
  return -1;
}
/** What the shell prints for a process killed by the signal. */
export function sigdescr(sig: number): string {
  const d: Record<number, string> = {
    1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 6: 'Aborted', 9: 'Killed', 11: 'Segmentation fault',
    13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 10: 'User defined signal 1', 12: 'User defined signal 2',
  };
  return d[sig] ?? `Signal ${sig}`;
}
/**
 * Signals whose default action ends the process. Linux ignores SIGCHLD, SIGURG and SIGWINCH by default,
 * continues on SIGCONT and stops on SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU; stopping is not modelled, so
 * those are ignored too. Every other signal, real-time ones included, terminates.
 */
export function sig_default_kills(sig: number): boolean {
  return !(sig === SIGCHLD || sig === SIGURG || sig === SIGWINCH || sig === SIGCONT || sig === SIGSTOP ||
    sig === SIGTSTP || sig === SIGTTIN || sig === SIGTTOU);
}
