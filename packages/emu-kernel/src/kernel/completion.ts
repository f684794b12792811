// Completions (include/linux/completion.h): a count of "done" events that waiters consume.
import { ERESTARTSYS } from '../uapi/errno.js';
import {
  WaitQueueHead, wait_event, wait_event_interruptible, wait_event_killable, wait_event_timeout,
  wait_event_interruptible_timeout, wait_event_killable_timeout,
} from './wait.js';
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
/** Checks and takes one "done" in the same step, so two woken waiters cannot both take the last one. */
function try_consume(c: Completion): boolean {
  if (c.done <= 0) return false;
  if (c.done !== Number.MAX_SAFE_INTEGER) c.done--;
  return true;
}
export async function wait_for_completion(c: Completion): Promise<void> {
  await wait_event(c.wait, () => try_consume(c));
}
/** 0 when completed, -ERESTARTSYS when a signal came first. */
export async function wait_for_completion_interruptible(c: Completion, task: Task | null = current()):
  Promise<number> {
  const r = await wait_event_interruptible(c.wait, () => try_consume(c), task);
  return r ? -ERESTARTSYS : 0;
}
/** ms left (at least 1) when completed, 0 on timeout. */
export async function wait_for_completion_timeout(c: Completion, timeout_ms: number): Promise<number> {
  return wait_event_timeout(c.wait, () => try_consume(c), timeout_ms);
}
/** 0 when completed, -ERESTARTSYS when the task is being killed first (other signals wait on). */
export async function wait_for_completion_killable(c: Completion, task: Task | null = current()): Promise<number> {
  const r = await wait_event_killable(c.wait, () => try_consume(c), task);
  return r ? -ERESTARTSYS : 0;
}
/** ms left (at least 1) when completed, 0 on timeout, -ERESTARTSYS when a signal came first. */
export function wait_for_completion_interruptible_timeout(c: Completion, timeout_ms: number,
  task: Task | null = current()): Promise<number> {
  return wait_event_interruptible_timeout(c.wait, () => try_consume(c), timeout_ms, task);
}
/** ms left (at least 1) when completed, 0 on timeout, -ERESTARTSYS when the task is being killed first. */
export function wait_for_completion_killable_timeout(c: Completion, timeout_ms: number,
  task: Task | null = current()): Promise<number> {
  return wait_event_killable_timeout(c.wait, () => try_consume(c), timeout_ms, task);
}
