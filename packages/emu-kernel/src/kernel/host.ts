// The host adapter the kernel was booted with (see host/adapter.ts).
import type { HostAdapter } from '../host/adapter.js';

let the_host: HostAdapter | null = null;
export function set_host(h: HostAdapter | null): void {
  the_host = h;
}
export function host(): HostAdapter {
  if (!the_host) throw new Error('kernel not booted');
  return the_host;
}
/** Whether a host is set (a machine is booted, or a unit test provided one). */
export function host_present(): boolean {
  return the_host !== null;
}
