// Sleeps longer than a host timer can hold (2^31 - 1 ms): Node fires such a timer after 1 ms, so the
// kernel must wait in steps instead of waking at once.
import { describe, it, expect } from 'vitest';
import { WaitQueueHead, sleep_on, MAX_TIMER_MS, wait_event_killable, wait_event_interruptible } from './wait.js';
import type { Task } from './task.js';

/** The parts of a task a sleep looks at: its signal wake-ups, pending signals and whether it is dying. */
function sleeper(): Task {
  return { exit_state: 'running', sigwaiters: new Set<() => void>(), pending: [], blocked: 0n } as unknown as Task;
}
/** A caught signal arriving: queued, and the task's interruptible sleeps woken (signal_wake_up). */
function signal(t: Task): void {
  t.pending.push({ si_signo: 10, si_code: 0, si_pid: 0, si_uid: 0, si_int: 0 });
  for (const w of [...t.sigwaiters]) w();
}
/** The start of do_exit: the task is dying and every sleep of it is woken. */
function kill(t: Task): void {
  t.exit_state = 'zombie';
  for (const w of [...t.sigwaiters]) w();
}
const still = (p: Promise<unknown>) => Promise.race([p, new Promise((r) => setTimeout(() => r('still asleep'), 30))]);

describe('long timeouts', () => {
  it('a sleep past the host timer limit does not end early; a wake-up still ends it', async () => {
    const wq = new WaitQueueHead();
    const sleep = sleep_on(wq, null, MAX_TIMER_MS + 5000);
    const first = await Promise.race([sleep, new Promise((r) => setTimeout(() => r('still asleep'), 50))]);
    expect(first).toBe('still asleep');
    wq.wake();
    expect(await sleep).toBe('woken');
  });

  it('a short timeout still times out', async () => {
    expect(await sleep_on(new WaitQueueHead(), null, 5)).toBe('timeout');
  });
});

describe('killable and interruptible sleeps', () => {
  it('an interruptible sleep ends on a caught signal with -ERESTARTSYS', async () => {
    const t = sleeper();
    const sleep = wait_event_interruptible(new WaitQueueHead(), () => false, t);
    signal(t);
    expect(await sleep).toBe(-512);
  });

  it('a killable sleep goes on through a caught signal and ends when the task is killed', async () => {
    const t = sleeper();
    const sleep = wait_event_killable(new WaitQueueHead(), () => false, t);
    signal(t);
    expect(await still(sleep)).toBe('still asleep');
    kill(t);
    expect(await sleep).toBe(-512);
  });

  it('a killable sleep whose condition comes true ends with 0', async () => {
    const t = sleeper();
    const wq = new WaitQueueHead();
    let ready = false;
    const sleep = wait_event_killable(wq, () => ready, t);
    ready = true;
    wq.wake();
    expect(await sleep).toBe(0);
  });
});
