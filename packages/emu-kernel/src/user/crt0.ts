// Process start-up (crt0 + __libc_start_main): sets up libc, loads the program module, runs its main
// and exits with its result. An uncaught error is printed on stderr and aborts the process (SIGABRT).
import { __libc_init, __set_environ, exit, dprintf, kill, getpid, __deliver_signals } from './libc.js';
import { SIGABRT } from '../uapi/signal.js';

export type Main = (argv: string[], envp: string[]) => number | void | Promise<number | void>;

export interface StartInfo {
  ctrl: SharedArrayBuffer;
  heap: SharedArrayBuffer;
  entry: string;
  argv: string[];
  envp: string[];
}

export function __abort_on(err: unknown, argv0: string): never {
  const name = argv0.split('/').pop() ?? argv0;
  const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
  dprintf(2, `${name}: uncaught ${msg}\n`);
  kill(getpid(), SIGABRT);
  exit(134);
}

export async function __libc_start_main(si: StartInfo, load: (url: string) => Promise<Record<string, unknown>>): Promise<never> {
  __libc_init(si.ctrl, si.heap);
  __set_environ(si.argv[0] ?? '', si.envp);
  let code: number | void;
  try {
    const mod = await load(si.entry);
    const main = (mod.main ?? mod.default) as Main | undefined;
    if (typeof main !== 'function') {
      dprintf(2, `${si.argv[0]}: ${si.entry} has no main\n`);
      exit(126);
    }
    code = await main(si.argv, si.envp);
  } catch (e) {
    __abort_on(e, si.argv[0] ?? si.entry);
  }
  exit(typeof code === 'number' ? code : 0);
}

/** Called when the kernel nudges an idle thread (a signal arrived while it was not in a call). */
export function __on_kernel_message(): void {
  __deliver_signals();
}
