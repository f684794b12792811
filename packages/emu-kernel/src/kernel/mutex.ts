// Sleeping locks (include/linux/mutex.h, spinlock.h). JavaScript runs one kernel path at a time, so a
// lock only matters across an await: mutex_lock waits while another path holds it over a sleep.
import { EINTR } from '../uapi/errno.js';
import { WaitQueueHead, wait_event, wait_event_interruptible } from './wait.js';

export class Mutex {
  locked = false;
  readonly wq = new WaitQueueHead();
}
export const mutex_init = (): Mutex => new Mutex();
export const DEFINE_MUTEX = mutex_init;
export async function mutex_lock(m: Mutex): Promise<void> {
  await wait_event(m.wq, () => mutex_trylock(m));
}
/** 0 once held, -EINTR when a signal came first. */
export async function mutex_lock_interruptible(m: Mutex): Promise<number> {
  return (await wait_event_interruptible(m.wq, () => mutex_trylock(m))) ? -EINTR : 0;
}
export function mutex_trylock(m: Mutex): boolean {
  if (m.locked) return false;
  m.locked = true;
  return true;
}
export function mutex_unlock(m: Mutex): void {
  m.locked = false;
  m.wq.wake();
}
export const mutex_is_locked = (m: Mutex): boolean => m.locked;

/** A spinlock never sleeps, and a single-threaded kernel never contends: kept so code reads as in Linux. */
export class Spinlock {}
export const spin_lock_init = (): Spinlock => new Spinlock();
export function spin_lock(_l: Spinlock): void {}
export function spin_unlock(_l: Spinlock): void {}
