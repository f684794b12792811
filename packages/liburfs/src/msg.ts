// liburfs's protocol layer: one message to the kernel per write, one from it per read (or per
// URFS_IOC_ANSWER_FETCH in urfs 2), decoded; a command and its reply; what an interrupt does to the
// events in hand. Everything above it (the RFS API, the main loop) speaks in decoded messages.
import { read, write, ioctl, HEAP, errno, set_errno, dprintf } from '@urfs/emu-kernel/user/libc';
import { EAGAIN, EINTR, EINVAL, EPROTO } from '@urfs/emu-kernel/uapi/errno';
import {
  URFS_OMSG_SIZE, urfs_imsg_encode, urfs_omsg_decode, urfs_msg_describe, type urfs_imsg, type urfs_omsg,
} from '@urfs/urfs-kmod/uapi';
import {
  URFS_CMD_OP_EVENT, URFS_EVENT_MAX, URFS_FETCH_SIZE, URFS_IOC_ANSWER_FETCH, urfs_event2_decode,
  urfs_fetch_decode, urfs_fetch_encode, type urfs_event2,
} from '@urfs/urfs-kmod/uapi_v2';
import type { urfs_conn, urfs_interrupt, urfs_pending_event } from './types.js';

/** A message from the kernel: a reply, an interrupt, or an event of either protocol. */
export type urfs_in =
  | Exclude<urfs_omsg, { kind: 'event' }>
  | { kind: 'event'; ev: urfs_pending_event };

function debug_line(c: urfs_conn, line: string): void {
  if (c.debug) dprintf(2, `urfs: ${line}\n`);
}

/** Writes one message: 0 or -errno. */
export function imsg_send(c: urfs_conn, m: urfs_imsg): number {
  const b = urfs_imsg_encode(m);
  if (c.debug) debug_line(c, urfs_msg_describe('send', b));
  HEAP.set(b, c.msg);
  const r = write(c.fd, c.msg, b.length);
  if (r < 0) {
    debug_line(c, `send failed: errno ${errno}`);
    return -errno;
  }
  return 0;
}

export function pending_of_v2(e: urfs_event2): urfs_pending_event {
  return { ufilter_id: e.ufilter_id, request_id: e.request_id, op_id: e.op_id, call: e.call, retv: e.retv, inline: e,
    caller: { pid: e.pid, uid: e.uid, gid: e.gid, comm: e.comm } };
}

function describe_v2(e: urfs_event2): string {
  return `recv OP_EVENT ufilter_id=${e.ufilter_id} request_id=${e.request_id} op_id=${e.op_id} call=${e.call} ` +
    `retv=${e.retv} pid=${e.pid} uid=${e.uid} comm=${e.comm} path=${e.path}` + (e.name2 ? ` name2=${e.name2}` : '') +
    (e.buf_len ? ` buf_len=${e.buf_len}` : '') + (e.fd >= 0 ? ` fd=${e.fd}` : '');
}

/** Decodes `n` bytes read at `at`; null with errno EPROTO when they are no message. */
function decode_at(c: urfs_conn, at: number, n: number): urfs_in | null {
  if (n >= 4 && HEAP[at] === URFS_CMD_OP_EVENT && HEAP[at + 1] === 0 && HEAP[at + 2] === 0 && HEAP[at + 3] === 0) {
    const e = urfs_event2_decode(HEAP.subarray(at, at + n));
    if (!e) return set_errno(EPROTO), null;
    if (c.debug) debug_line(c, describe_v2(e));
    return { kind: 'event', ev: pending_of_v2(e) };
  }
  const b = HEAP.slice(at, at + n);
  if (c.debug) debug_line(c, urfs_msg_describe('recv', b));
  const m = urfs_omsg_decode(b);
  if (!m) return set_errno(EPROTO), null;
  if (m.kind !== 'event') return m;
  return { kind: 'event', ev: { ufilter_id: m.ufilter_id, request_id: m.request_id, op_id: m.op_id, call: m.call,
    retv: m.retv, inline: null, caller: { pid: m.pid, uid: m.uid, gid: -1, comm: '' } } };
}

const read_size = (c: urfs_conn) => (c.protocol === 2 ? URFS_EVENT_MAX : URFS_OMSG_SIZE);

/** Reads one message; an interrupted read returns null with errno EINTR, a closed connection EPROTO. */
export function omsg_recv_once(c: urfs_conn): urfs_in | null {
  const r = read(c.fd, c.evbuf, read_size(c));
  if (r < 0) return null;
  if (r === 0) return set_errno(EPROTO), null;
  return decode_at(c, c.evbuf, r);
}

/** Reads one message (blocking), retrying interrupted reads; null with errno set on failure. */
export function omsg_recv(c: urfs_conn): urfs_in | null {
  for (;;) {
    const m = omsg_recv_once(c);
    if (m || errno !== EINTR) return m;
  }
}

/**
 * urfs 2: sends `answer` (an encoded OP_CALLBACK, or null) and waits up to `timeout_ms` (-1: no limit)
 * for the next message. `m` is the message, or null with errno (EAGAIN: none came; EINTR: a signal;
 * EPROTO: the connection is gone; EAGAIN too when the kernel refused the answer). `sent` says whether the kernel took the answer (it clears the
 * answer's command once it has), `answer_err` what it said of it (0 or -errno).
 */
export function answer_fetch(c: urfs_conn, answer: Uint8Array | null, timeout_ms: number):
  { m: urfs_in | null; sent: boolean; answer_err: number } {
  const f = c.msg + 64;
  const fb = HEAP.subarray(f, f + URFS_FETCH_SIZE);
  if (answer && c.debug) debug_line(c, urfs_msg_describe('send', answer));
  urfs_fetch_encode(answer, c.evbuf, URFS_EVENT_MAX, timeout_ms, fb);
  const r = ioctl(c.fd, URFS_IOC_ANSWER_FETCH, f);
  const e = errno;
  const back = urfs_fetch_decode(fb);
  const sent = answer !== null && back.answer[0] === 0 && back.answer[1] === 0;
  const answer_err = sent ? back.answer_err : answer ? -e : 0;
  // The kernel refused the answer and fetched nothing: nothing came yet, as far as the caller goes.
  if (r < 0 && sent && answer_err === -e) return set_errno(EAGAIN), { m: null, sent, answer_err };
  if (r < 0) return set_errno(e), { m: null, sent, answer_err };
  if (r === 0) return set_errno(EPROTO), { m: null, sent, answer_err };
  return { m: decode_at(c, c.evbuf, r), sent, answer_err };
}

/** Sends a command and waits for its reply (the next message: replies go to the head of the queue). */
export function send_and_receive(c: urfs_conn, m: urfs_imsg): Extract<urfs_omsg, { kind: 'reply' }> | number {
  if (c.fd < 0) return -EINVAL;
  const e = imsg_send(c, m);
  if (e) return e;
  for (;;) {
    const r = omsg_recv(c);
    if (!r) return -errno;
    if (r.kind === 'event') {
      c.backlog.push(r.ev);
      continue;
    }
    if (r.kind === 'interrupt') {
      on_interrupt(c, r);
      continue;
    }
    if (r.kind === 'gone') {
      on_gone(c, r.ufilter_id);
      continue;
    }
    if (r.cmd !== m.cmd) return -EPROTO;
    return r;
  }
}

export const request_key = (ufilter_id: number, request_id: bigint): string => `${ufilter_id}:${request_id}`;

/**
 * OP_INTERRUPT: an event not handled yet is dropped; one being handled is marked (rfs_context.interrupted);
 * one already answered needs nothing.
 */
export function on_interrupt(c: urfs_conn, m: urfs_interrupt): void {
  const i = c.backlog.findIndex((e) => e.ufilter_id === m.ufilter_id && e.request_id === m.request_id);
  if (i >= 0) c.backlog.splice(i, 1);
  const r = c.running.get(request_key(m.ufilter_id, m.request_id));
  if (r) r.interrupted = true;
}

/**
 * FILTER_GONE: the filter was unregistered from outside (sysfs `unregister`). Its handle is dead (id -1)
 * and its events in hand are dropped; urfs_main returns once the connection has no filter left.
 */
export function on_gone(c: urfs_conn, ufilter_id: number): void {
  const f = c.filters.get(ufilter_id);
  if (f) f.id = -1;
  c.filters.delete(ufilter_id);
  for (let i = c.backlog.length - 1; i >= 0; i--) if (c.backlog[i].ufilter_id === ufilter_id) c.backlog.splice(i, 1);
}
