// wait4(2) status words and options.
export const WNOHANG = 1, WUNTRACED = 2;
export const W_EXITCODE = (ret: number, sig: number) => ((ret & 0xff) << 8) | (sig & 0x7f);
export const WIFEXITED = (s: number) => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number) => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number) => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number) => s & 0x7f;
