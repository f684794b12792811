// Connections (the thesis's conn.c): one per open of /dev/urfs. A connection holds its ufilters (the id
// of a ufilter is its index here), the queue of messages waiting to be read, the callbacks switch and
// the wait queue that read and poll sleep on.
import { WaitQueueHead, wake_up_interruptible } from '@urfs/emu-kernel/kernel/wait';
import type { ufilter } from './ufilter.js';
import { stats } from './stats.js';

export class conn {
  readonly ufilters: (ufilter | null)[];
  /** Messages to read: replies at the head, events at the tail. */
  readonly queue: Uint8Array[] = [];
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

/** Queues a kernel-originated message (an event) at the tail. */
export function conn_msg_append(c: conn, m: Uint8Array): void {
  if (c.dead) return;
  c.queue.push(m);
  wake_up_interruptible(c.waitq);
}

/** Queues a reply at the head: the next read of its sender gets it. */
export function conn_msg_insert(c: conn, m: Uint8Array): void {
  if (c.dead) return;
  c.queue.unshift(m);
  wake_up_interruptible(c.waitq);
}

/** Withdraws a message not read yet (an event whose request ended). */
export function conn_msg_withdraw(c: conn, m: Uint8Array): void {
  const i = c.queue.indexOf(m);
  if (i >= 0) c.queue.splice(i, 1);
}

export function conn_msg_pending(c: conn): boolean {
  return c.queue.length > 0;
}

export function conn_msg_get_next(c: conn): Uint8Array | null {
  return c.queue.shift() ?? null;
}

export function conn_switch_callbacks(c: conn, enable: boolean): void {
  c.callbacks = enable;
}
