// Connections (the thesis's conn.c) and their channels. A connection is what one open of /dev/urfs
// creates: its ufilters (the id of a ufilter is its index here), the events not read yet, the callbacks
// switch and the wait queue its readers sleep on. A channel is one file of the connection: the first
// open, plus one per file attached to it (URFS_IOC_ATTACH, FUSE's clone_fd), so several processes can
// serve one connection. Each event goes to the one channel that reads it; replies to a channel's
// commands, interrupts of the events it took and its data area are the channel's own. A read takes the
// channel's replies first, then its interrupts, then the connection's events. Replies and events are
// bounded (config.max_replies per channel, config.max_events per connection); an interrupt stands for a
// request that was delivered, so there are never more of them than requests.
import { WaitQueueHead, wake_up_interruptible } from '@urfs/emu-kernel/kernel/wait';
import type { ufilter } from './ufilter.js';
import type { request } from './request.js';
import type { data_area } from './slots.js';
import { stats } from './stats.js';

export class channel {
  readonly replies: Uint8Array[] = [];
  readonly interrupts: Uint8Array[] = [];
  /** 1 for the 2007 protocol, 2 once URFS_IOC_SETUP switched it (uapi_v2.ts). */
  version = 1;
  /** urfs 2's slots, once SETUP gave their geometry; mapped by mmap of the file. */
  area: data_area | null = null;
  /** Requests this channel delivered whose answer has not come: they end by policy if it goes. */
  readonly taken = new Set<request>();
  /** Set once the channel read an event: SETUP and ATTACH come before. */
  read_any = false;
  dead = false;
  constructor(public c: conn, readonly pid: number) {}
}

export class conn {
  readonly ufilters: (ufilter | null)[];
  /** Events not read yet, oldest first. */
  readonly events: request[] = [];
  readonly waitq = new WaitQueueHead();
  /** Off at first: events go out only once the filter enters its main loop (CONN_SWITCH_CALLBACKS). */
  callbacks = false;
  /** Set on release of its first file: nothing is queued or waited for any more. */
  dead = false;
  /**
   * Processes that use the connection (who opened it, attached to it, wrote to it). Their own file
   * operations pass the ufilters untouched: a filter waiting for itself would never answer.
   */
  readonly pids = new Set<number>();
  readonly channels = new Set<channel>();
  readonly owner: channel;
  constructor(max_ufilters: number, pid: number) {
    this.ufilters = new Array<ufilter | null>(Math.max(0, max_ufilters)).fill(null);
    if (pid) this.pids.add(pid);
    this.owner = new channel(this, pid);
    this.channels.add(this.owner);
  }
}

/** A new connection; its first channel is `c.owner`. */
export function conn_create(max_ufilters: number, pid: number): conn {
  stats.connections++;
  return new conn(max_ufilters, pid);
}

/** Makes `ch` (a fresh file's channel) one more channel of `c`. */
export function conn_attach(c: conn, ch: channel): void {
  ch.c = c;
  c.channels.add(ch);
  if (ch.pid) c.pids.add(ch.pid);
}

/** A free slot for a new ufilter, or -1 when the connection has its maximum. */
export function conn_alloc_ufilter_slot(c: conn): number {
  return c.ufilters.indexOf(null);
}

/** The ufilter with this id, or null. */
export function conn_get_ufilter(c: conn, id: number): ufilter | null {
  return Number.isInteger(id) && id >= 0 && id < c.ufilters.length ? c.ufilters[id] : null;
}

/** Queues an event (a callback for the filter); some channel's read takes it. */
export function conn_event_queue(c: conn, req: request): void {
  if (c.dead) return;
  c.events.push(req);
  wake_up_interruptible(c.waitq);
}

/** Withdraws an event not read yet (its request ended). */
export function conn_event_withdraw(c: conn, req: request): void {
  const i = c.events.indexOf(req);
  if (i >= 0) c.events.splice(i, 1);
}

/** Queues the reply to a command: its sender's next read on this channel gets it. */
export function channel_reply(ch: channel, m: Uint8Array): void {
  if (ch.dead || ch.c.dead) return;
  ch.replies.push(m);
  wake_up_interruptible(ch.c.waitq);
}

/** Queues an interrupt on the channel that took the event: it overtakes every event not read yet. */
export function channel_interrupt(ch: channel, m: Uint8Array): void {
  if (ch.dead || ch.c.dead) return;
  ch.interrupts.push(m);
  wake_up_interruptible(ch.c.waitq);
}

/** Whether a read of this channel would find a message. */
export function channel_msg_pending(ch: channel): boolean {
  return ch.replies.length + ch.interrupts.length + ch.c.events.length > 0;
}

/** Events not read yet: new ones beyond config.max_events are refused (an overflow). */
export function conn_events_queued(c: conn): number {
  return c.events.length;
}

/** Drops every queued message of the connection (it is going). */
export function conn_msg_flush(c: conn): void {
  c.events.length = 0;
  for (const ch of c.channels) ch.replies.length = ch.interrupts.length = 0;
}

export function conn_switch_callbacks(c: conn, enable: boolean): void {
  c.callbacks = enable;
}
