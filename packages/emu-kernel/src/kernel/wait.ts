// Wait queues (include/linux/wait.h). A sleeper is a pending promise; wake_up resolves it and the sleeper
// re-checks its condition. Interruptible sleeps also end when a signal arrives for their task.
import { ERESTARTSYS } from '../uapi/errno.js';
import type { Task } from './task.js';
import { current, signal_pending, fatal_signal_pending } from './task.js';
import { host_timer, host_timer_cancel, ktime_get_ms } from './timer.js';
import type { TimerHandle } from '../host/adapter.js';

type Waker = () => void;

export class WaitQueueHead {
  private readonly waiters = new Set<Waker>();
  add(w: Waker): void {
    this.waiters.add(w);
  }
  remove(w: Waker): void {
    this.waiters.delete(w);
  }
  get active(): boolean {
    return this.waiters.size > 0;
  }
  /** Wakes every sleeper: each re-checks its own condition (exclusive waits are not modelled). */
  wake(): void {
    if (this.waiters.size === 0) return;
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }
}

export const init_waitqueue_head = (): WaitQueueHead => new WaitQueueHead();
export const DECLARE_WAIT_QUEUE_HEAD = init_waitqueue_head;
export const wake_up = (wq: WaitQueueHead): void => wq.wake();
export const wake_up_interruptible = (wq: WaitQueueHead): void => wq.wake();
export const wake_up_all = (wq: WaitQueueHead): void => wq.wake();
export const wake_up_interruptible_all = (wq: WaitQueueHead): void => wq.wake();
export const waitqueue_active = (wq: WaitQueueHead): boolean => wq.active;

/** The longest delay a host timer takes (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 0x7fffffff;

/**
 * Sleeps until woken, a signal arrives for `task` (when given) or `timeout` ms pass (when finite).
 * Returns why it ended.
 */
export function sleep_on(wq: WaitQueueHead | null, task: Task | null, timeout: number):
  Promise<'woken' | 'signal' | 'timeout'> {
  return new Promise((resolve) => {
    let timer: TimerHandle | undefined;
    const done = (why: 'woken' | 'signal' | 'timeout') => {
      wq?.remove(onWake);
      task?.sigwaiters.delete(onSig);
      if (timer !== undefined) host_timer_cancel(timer);
      resolve(why);
    };
    const onWake = () => done('woken');
    const onSig = () => done('signal');
    wq?.add(onWake);
    task?.sigwaiters.add(onSig);
    // Host timers take at most MAX_TIMER_MS (longer ones fire at once): a longer sleep re-arms.
    const arm = (left: number) => {
      timer = host_timer(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : done('timeout')),
        Math.min(Math.max(0, left), MAX_TIMER_MS));
    };
    if (Number.isFinite(timeout)) arm(timeout);
  });
}

/** Sleeps until `cond()` holds; ignores signals (TASK_UNINTERRUPTIBLE). */
export async function wait_event(wq: WaitQueueHead, cond: () => boolean): Promise<void> {
  while (!cond()) await sleep_on(wq, null, Infinity);
}

/**
 * Sleeps until `cond()` holds (0) or a signal arrives (-ERESTARTSYS). The task defaults to `current`,
 * which is only valid before the caller's first await: pass it explicitly after one.
 */
export function wait_event_interruptible(wq: WaitQueueHead, cond: () => boolean,
  task: Task | null = current()): Promise<number> {
  return wait_until(wq, cond, task, signal_pending);
}

/**
 * Sleeps until `cond()` holds (0) or the task is being killed (-ERESTARTSYS): other signals do not end
 * the sleep (TASK_KILLABLE).
 */
export function wait_event_killable(wq: WaitQueueHead, cond: () => boolean,
  task: Task | null = current()): Promise<number> {
  return wait_until(wq, cond, task, fatal_signal_pending);
}

/** Sleeps until `cond()` holds (0) or `stops(task)` (-ERESTARTSYS); every signal wake-up re-checks both. */
async function wait_until(wq: WaitQueueHead, cond: () => boolean, task: Task | null, stops: (t: Task) => boolean):
  Promise<number> {
  while (!cond()) {
    if (task && stops(task)) return -ERESTARTSYS;
    await sleep_on(wq, task, Infinity);
  }
  return 0;
}

/** As wait_event but gives up after `timeout` ms: returns the ms left (at least 1) or 0 on timeout. */
export async function wait_event_timeout(wq: WaitQueueHead, cond: () => boolean, timeout: number,
  now: () => number = ktime_get_ms): Promise<number> {
  const end = now() + timeout;
  while (!cond()) {
    const left = end - now();
    if (left <= 0) return cond() ? 1 : 0;
    await sleep_on(wq, null, left);
  }
  return Math.max(1, Math.round(end - now()));
}

/** Interruptible and timed: ms left, 0 on timeout, -ERESTARTSYS on a signal. */
export function wait_event_interruptible_timeout(wq: WaitQueueHead, cond: () => boolean,
  timeout: number, task: Task | null = current()): Promise<number> {
  return wait_timed(wq, cond, timeout, task, signal_pending);
}

/** Killable and timed: ms left, 0 on timeout, -ERESTARTSYS when the task is being killed. */
export function wait_event_killable_timeout(wq: WaitQueueHead, cond: () => boolean,
  timeout: number, task: Task | null = current()): Promise<number> {
  return wait_timed(wq, cond, timeout, task, fatal_signal_pending);
}

async function wait_timed(wq: WaitQueueHead, cond: () => boolean, timeout: number, task: Task | null,
  stops: (t: Task) => boolean): Promise<number> {
  const end = ktime_get_ms() + timeout;
  while (!cond()) {
    if (task && stops(task)) return -ERESTARTSYS;
    const left = end - ktime_get_ms();
    if (left <= 0) return 0;
    await sleep_on(wq, task, left);
  }
  return Math.max(1, end - ktime_get_ms());
}
