// Connections (the thesis's conn.c): one per open of /dev/urfs. A connection holds its ufilters (the id
// of a ufilter is its index here), the messages waiting to be read, the callbacks switch and the wait
// queue that read and poll sleep on. Messages wait in three queues that a read takes in order: replies
// to the filter's own commands, interrupts (an operation stopped waiting for an event already read),
// then events. Replies and events are bounded (config.max_replies, config.max_events); an interrupt
// stands for a request that was delivered, so there are never more of them than requests.
import { WaitQueueHead, wake_up_interruptible } from '@urfs/emu-kernel/kernel/wait';
import type { ufilter } from './ufilter.js';
import { stats } from './stats.js';

export class conn {
  readonly ufilters: (ufilter | null)[];
  readonly replies: Uint8Array[] = [];
  readonly interrupts: Uint8Array[] = [];
  readonly events: Uint8Array[] = [];
  readonly waitq = new WaitQueueHead();
  /** Off at first: events go out only once the filter enters its main loop (CONN_SWITCH_CALLBACKS). */
  callbacks = false;
  /** Set on release: nothing is queued or waited for any more. */
  dead = false;
  /**
   * Processes that use the connection (who opened it, who wrote to it). Their own file operations pass
   * the ufilters untouched: a filter waiting for itself would never answer.
   */
  readonly pids = new Set<number>();
  constructor(max_ufilters: number, pid: number) {
    this.ufilters = new Array<ufilter | null>(Math.max(0, max_ufilters)).fill(null);
    if (pid) this.pids.add(pid);
  }
}

export function conn_create(max_ufilters: number, pid: number): conn {
  stats.connections++;
  return new conn(max_ufilters, pid);
}

/** A free slot for a new ufilter, or -1 when the connection has its maximum. */
export function conn_alloc_ufilter_slot(c: conn): number {
  return c.ufilters.indexOf(null);
}

/** The ufilter with this id, or null. */
export function conn_get_ufilter(c: conn, id: number): ufilter | null {
  return Number.isInteger(id) && id >= 0 && id < c.ufilters.length ? c.ufilters[id] : null;
}

function queue(c: conn, q: Uint8Array[], m: Uint8Array): void {
  if (c.dead) return;
  q.push(m);
  wake_up_interruptible(c.waitq);
}

/** Queues an event (a callback for the filter). */
export function conn_msg_append(c: conn, m: Uint8Array): void {
  queue(c, c.events, m);
}

/** Queues the reply to a command: its sender's next read gets it. */
export function conn_msg_insert(c: conn, m: Uint8Array): void {
  queue(c, c.replies, m);
}

/** Queues an interrupt: it overtakes every event not read yet. */
export function conn_msg_interrupt(c: conn, m: Uint8Array): void {
  queue(c, c.interrupts, m);
}

/** Puts back a message a read could not deliver, first in its queue. */
export function conn_msg_requeue(c: conn, m: Uint8Array, from: Uint8Array[]): void {
  if (!c.dead) from.unshift(m);
}

/** Withdraws an event not read yet (its request ended). */
export function conn_msg_withdraw(c: conn, m: Uint8Array): void {
  const i = c.events.indexOf(m);
  if (i >= 0) c.events.splice(i, 1);
}

export function conn_msg_pending(c: conn): boolean {
  return c.replies.length + c.interrupts.length + c.events.length > 0;
}

/** The queue the next read takes from, or null when nothing waits. */
export function conn_msg_next_queue(c: conn): Uint8Array[] | null {
  return c.replies.length ? c.replies : c.interrupts.length ? c.interrupts : c.events.length ? c.events : null;
}

/** Events not read yet: new ones beyond config.max_events are refused (an overflow). */
export function conn_events_queued(c: conn): number {
  return c.events.length;
}

/** Replies not read yet: a command beyond config.max_replies is refused before it does anything. */
export function conn_replies_queued(c: conn): number {
  return c.replies.length;
}

/** Drops every queued message (the connection is going). */
export function conn_msg_flush(c: conn): void {
  c.replies.length = c.interrupts.length = c.events.length = 0;
}

export function conn_switch_callbacks(c: conn, enable: boolean): void {
  c.callbacks = enable;
}
