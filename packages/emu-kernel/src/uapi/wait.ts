// wait4(2) status words and options.
export const WNOHANG = 1, WUNTRACED = 2;
/** Also wait for children of any kind, and for tracees that are not children (Linux's __WALL). */
export const __WALL = 0x40000000;
export const W_EXITCODE = (ret: number, sig: number) => ((ret & 0xff) << 8) | (sig & 0x7f);
/** The status of a stopped task: `sig` in bits 8..15 (with a ptrace event above it), 0x7f below. */
export const W_STOPCODE = (sig: number) => ((sig & 0xffff) << 8) | 0x7f;
export const WIFEXITED = (s: number) => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number) => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number) => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number) => s & 0x7f;
export const WIFSTOPPED = (s: number) => (s & 0xff) === 0x7f;
export const WSTOPSIG = (s: number) => (s >> 8) & 0xff;
/** The PTRACE_EVENT_* of a ptrace event stop (status >> 16), 0 for other stops. */
export const W_PTRACE_EVENT = (s: number) => (s >> 16) & 0xff;
