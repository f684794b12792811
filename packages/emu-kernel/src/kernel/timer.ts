// Kernel timers (include/linux/timer.h) on a 1000 Hz jiffies clock: one jiffy is one millisecond. The
// clock and the timers are the host's (host/adapter.ts), so the kernel runs the same under Node and in a page.
import { host } from './host.js';
import type { TimerHandle } from '../host/adapter.js';

export const HZ = 1000;
let boot = 0;
export function timer_init(): void {
  boot = host().now();
}
/** The monotonic clock, in milliseconds (the host's; its zero is arbitrary). */
export function ktime_get_ms(): number {
  return host().now();
}
/** Milliseconds since boot. */
export function jiffies(): number {
  return host().now() - boot;
}
/** A host timer: `fn` runs once after `ms` milliseconds (kept below the host's limit by the callers). */
export function host_timer(fn: () => void, ms: number): TimerHandle {
  return host().setTimer(fn, ms);
}
export function host_timer_cancel(h: TimerHandle): void {
  host().clearTimer(h);
}
export const msecs_to_jiffies = (ms: number): number => Math.ceil((ms * HZ) / 1000);
export const jiffies_to_msecs = (j: number): number => (j * 1000) / HZ;

export class TimerList {
  expires = 0;
  handle: TimerHandle | undefined;
  constructor(public fn: (t: TimerList) => void) {}
}
export const timer_setup = (fn: (t: TimerList) => void): TimerList => new TimerList(fn);
/** (Re)arms the timer for the absolute jiffies value `expires`; returns 1 if it was pending. */
export function mod_timer(t: TimerList, expires: number): number {
  const was = del_timer(t);
  t.expires = expires;
  t.handle = host_timer(() => {
    t.handle = undefined;
    t.fn(t);
  }, Math.max(0, expires - jiffies()));
  return was;
}
export function add_timer(t: TimerList): void {
  mod_timer(t, t.expires);
}
/** Disarms; returns 1 if the timer was pending. */
export function del_timer(t: TimerList): number {
  if (t.handle === undefined) return 0;
  host_timer_cancel(t.handle);
  t.handle = undefined;
  return 1;
}
export const del_timer_sync = del_timer;
export const timer_pending = (t: TimerList): boolean => t.handle !== undefined;

/** Sleeps `ms` milliseconds (uninterruptible). */
export function msleep(ms: number): Promise<void> {
  return new Promise((r) => host_timer(r, ms));
}
