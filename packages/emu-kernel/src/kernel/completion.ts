// Completions (include/linux/completion.h): a count of "done" events that waiters consume.
import { ERESTARTSYS } from '../uapi/errno.js';
import { WaitQueueHead, wait_event, wait_event_interruptible, wait_event_timeout } from './wait.js';
import type { Task } from './task.js';
import { current } from './task.js';

export class Completion {
  done = 0;
  readonly wait = new WaitQueueHead();
}
export const init_completion = (): Completion => new Completion();
export function reinit_completion(c: Completion): void {
  c.done = 0;
}
export function complete(c: Completion): void {
  c.done++;
  c.wait.wake();
}
export function complete_all(c: Completion): void {
  c.done = Number.MAX_SAFE_INTEGER;
  c.wait.wake();
}
export function completion_done(c: Completion): boolean {
  return c.done > 0;
}
function consume(c: Completion): void {
  if (c.done !== Number.MAX_SAFE_INTEGER) c.done--;
}
export async function wait_for_completion(c: Completion): Promise<void> {
  await wait_event(c.wait, () => c.done > 0);
  consume(c);
}
/** 0 when completed, -ERESTARTSYS when a signal came first. */
export async function wait_for_completion_interruptible(c: Completion, task: Task | null = current()):
  Promise<number> {
  const r = await wait_event_interruptible(c.wait, () => c.done > 0, task);
  if (r) return -ERESTARTSYS;
  consume(c);
  return 0;
}
/** ms left (at least 1) when completed, 0 on timeout. */
export async function wait_for_completion_timeout(c: Completion, timeout_ms: number): Promise<number> {
  const r = await wait_event_timeout(c.wait, () => c.done > 0, timeout_ms);
  if (r > 0) consume(c);
  return r;
}
