// The body of every user thread on Node. A thread may be started ahead of need (see adapter.ts's pool):
// it then waits for its start message. TypeScript programs (a filter author's own file) are loaded
// through tsx's loader, registered only when needed since that costs time.
import { parentPort, workerData } from 'node:worker_threads';
import { __libc_start_main, __on_kernel_message, __abort_on, type StartInfo } from '../../user/crt0.js';
import { MSG_SIGNAL } from '../../uapi/syscall_abi.js';

let tsxRegistered = false;
let started: StartInfo | null = null;

async function load(url: string): Promise<Record<string, unknown>> {
  if (/\.(c|m)?tsx?$/.test(new URL(url).pathname) && !tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return (await import(url)) as Record<string, unknown>;
}

function start(si: StartInfo): void {
  started = si;
  void __libc_start_main(si, load);
}

parentPort?.on('message', (m: unknown) => {
  if (m === MSG_SIGNAL) {
    if (started) __on_kernel_message();
  } else if (!started && typeof m === 'object' && m && (m as { type?: string }).type === 'start') {
    start((m as { init: StartInfo }).init);
  }
});
const fail = (e: unknown) => __abort_on(e, started?.argv[0] ?? started?.entry ?? 'init');
process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);
if (workerData) start(workerData as StartInfo);
