// The body of every user thread in the browser (a module Web Worker): it waits for its start message,
// then runs the program like crt0 does on Node. Programs are prebuilt JavaScript modules, imported by URL.
import './shared_decode.js';
import { __libc_start_main, __on_kernel_message, __abort_on, type StartInfo } from '../../user/crt0.js';
import { MSG_SIGNAL } from '../../uapi/syscall_abi.js';

interface WorkerScope {
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  addEventListener(type: 'unhandledrejection', fn: (e: { reason: unknown; preventDefault(): void }) => void): void;
  addEventListener(type: 'error', fn: (e: { error: unknown; preventDefault(): void }) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

let started: StartInfo | null = null;

scope.addEventListener('message', (e) => {
  const m = e.data;
  if (m === MSG_SIGNAL) {
    if (started) __on_kernel_message();
  } else if (!started && typeof m === 'object' && m && (m as { type?: string }).type === 'start') {
    started = (m as { init: StartInfo }).init;
    void __libc_start_main(started, (url) => import(/* @vite-ignore */ url) as Promise<Record<string, unknown>>);
  }
});
const name = () => started?.argv[0] ?? started?.entry ?? 'init';
scope.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  __abort_on(e.reason, name());
});
scope.addEventListener('error', (e) => {
  e.preventDefault();
  __abort_on(e.error, name());
});
