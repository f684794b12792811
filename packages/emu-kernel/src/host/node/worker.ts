// The body of every user thread on Node: hands the start info to crt0. TypeScript programs (a filter
// author's own file) are loaded through tsx's loader, registered only when needed since it costs time.
import { parentPort, workerData } from 'node:worker_threads';
import { __libc_start_main, __on_kernel_message, __abort_on, type StartInfo } from '../../user/crt0.js';
import { MSG_SIGNAL } from '../../uapi/syscall_abi.js';

const si = workerData as StartInfo;
let tsxRegistered = false;

async function load(url: string): Promise<Record<string, unknown>> {
  if (/\.(c|m)?tsx?$/.test(new URL(url).pathname) && !tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return (await import(url)) as Record<string, unknown>;
}

parentPort?.on('message', (m) => {
  if (m === MSG_SIGNAL) __on_kernel_message();
});
process.on('unhandledRejection', (e) => __abort_on(e, si.argv[0] ?? si.entry));
process.on('uncaughtException', (e) => __abort_on(e, si.argv[0] ?? si.entry));
void __libc_start_main(si, load);
