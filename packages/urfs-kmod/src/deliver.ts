// Handing a channel its next message (read(2) and URFS_IOC_ANSWER_FETCH): the channel's replies first,
// then its interrupts, then the connection's oldest event. An event is encoded at delivery, for the
// protocol of the channel that reads it: the 2007 OP_CALLBACK (40 bytes; the arguments come with
// GET_ARGS), or urfs 2's OP_EVENT with the arguments inline and the data put in the reader's memory (a
// slot of its data area, else memory mapped for this one event) and, for the operations the filter asked
// it for, a descriptor of the object installed in the reader (as fanotify's listener gets one). A
// message the reader's buffer cannot take stays first in its queue, and nothing it would have handed out
// (slot, mapping, descriptor) stays allocated.
import type { Task } from '@urfs/emu-kernel/kernel/task';
import { copy_from_user, copy_to_user, UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT } from '@urfs/emu-kernel/uapi/errno';
import type { Path } from '@urfs/emu-kernel/fs/fs';
import { dentry_open_nonotify, sys_close } from '@urfs/emu-kernel/fs/open';
import { fd_install_task } from '@urfs/emu-kernel/fs/file';
import { O_CLOEXEC, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { S_ISDIR, S_ISREG } from '@urfs/emu-kernel/uapi/stat';
import { conn_get_ufilter, type channel } from './conn.js';
import { event_head_of, fields_of } from './args.js';
import { bounce_buffer } from './bounce.js';
import { request_useralloc, request_userfreeall, type request } from './request.js';
import { timing_copied, timing_now } from './timing.js';
import { trace_urfs_event } from './trace.js';
import { rfs_op_name } from '@urfs/redirfs/ops';
import { URFS_OMSG_SIZE, urfs_event_encode } from './uapi.js';
import { URFS_EVENT_MAX, URFS_EV_FD, URFS_EV_SLOT, urfs_event2_encode } from './uapi_v2.js';

/** The smallest buffer a read of the channel takes. */
export function channel_min_read(ch: channel): number {
  return ch.version === 2 ? URFS_EVENT_MAX : URFS_OMSG_SIZE;
}

/** One kernel buffer for encoding urfs 2 events (each is copied out before anything can sleep). */
const ev_buf = new Uint8Array(URFS_EVENT_MAX);

/** What deliver_v2 returns for an event whose request ended while it was being prepared. */
const GONE = -1 << 30;

/**
 * Copies the channel's next message to `buf` (the caller checked `count` against channel_min_read).
 * Returns its length, -errno, or 0 when nothing waits.
 */
export async function channel_deliver(ch: channel, task: Task, buf: UserPtr): Promise<number> {
  for (;;) {
    const q = ch.replies.length ? ch.replies : ch.interrupts.length ? ch.interrupts : null;
    if (q) {
      const m = q[0];
      if (copy_to_user(buf, m)) return -EFAULT;
      q.shift();
      return m.length;
    }
    const c = ch.c;
    // Taken off the queue before anything can sleep, so no other channel takes it too.
    const req = c.events.shift();
    if (!req) return 0;
    const n = ch.version === 2 ? await deliver_v2(ch, task, req, buf) : deliver_v1(req, buf);
    if (n === GONE) continue;
    if (n < 0) {
      if (!req.end && !c.dead) c.events.unshift(req);
      return n;
    }
    req.channel = ch;
    ch.taken.add(req);
    ch.read_any = true;
    req.marks.delivered = timing_now();
    if (trace_urfs_event.enabled) trace_event_delivered(ch, task, req);
    return n;
  }
}

function trace_event_delivered(ch: channel, task: Task, req: request): void {
  const p = req.payload;
  trace_urfs_event.emit(task, { filter: conn_get_ufilter(ch.c, req.ufilter_id)?.flt.name ?? '?', id: req.id,
    op: p.kind === 'mod' ? 'modifier' : rfs_op_name(p.a.type.id), call: p.kind === 'mod' ? '-' : p.a.type.call,
    pid: p.kind === 'mod' ? 0 : p.cx.caller.pid, reader: task.pid });
}

function deliver_v1(req: request, buf: UserPtr): number {
  const h = event_head_of(req.payload);
  const m = urfs_event_encode(req.ufilter_id, req.id, h.op_id, h.call, h.retv, h.pid, h.uid);
  return copy_to_user(buf, m) ? -EFAULT : m.length;
}

/** Where the object of an operation is, when the filter may be given a descriptor of it. */
function object_path(req: request): Path | null {
  const p = req.payload;
  if (p.kind !== 'op') return null;
  const a = p.a;
  let path: Path | null = null;
  if ('file' in a.args) path = a.args.file.f_path;
  else if ('dentry' in a.args && p.cx.caller.path?.dentry === a.args.dentry) path = p.cx.caller.path;
  const mode = path?.dentry.d_inode?.i_mode ?? 0;
  // Opening anything else (a device, a fifo) would run its driver for a listener that only looks.
  return path && (S_ISREG(mode) || S_ISDIR(mode)) ? path : null;
}

/** A read-only descriptor of the object in the reader, seen by no filter: the fd, -1 for none, or GONE. */
async function object_fd(ch: channel, task: Task, req: request): Promise<number> {
  const uf = conn_get_ufilter(ch.c, req.ufilter_id);
  const p = req.payload;
  if (!uf || p.kind !== 'op' || !uf.fd_ops.has(p.a.type.id)) return -1;
  const path = object_path(req);
  if (!path) return -1;
  const file = await dentry_open_nonotify(path, O_RDONLY | O_CLOEXEC, task.cred);
  if (typeof file === 'number') return -1;
  const fd = await fd_install_task(task, file, O_CLOEXEC);
  if (fd >= 0 && req.end) {
    await sys_close(task, fd);
    return GONE;
  }
  return req.end ? GONE : Math.max(fd, -1);
}

async function deliver_v2(ch: channel, task: Task, req: request, buf: UserPtr): Promise<number> {
  const fd = await object_fd(ch, task, req);
  if (fd === GONE) return GONE;
  const r = fill_v2(ch, task, req, buf, fd);
  if (r < 0 && fd >= 0) await sys_close(task, fd);
  return r;
}

/** The event itself, with nothing left that could sleep: the data in place, encoded, copied out. */
function fill_v2(ch: channel, task: Task, req: request, buf: UserPtr, fd: number): number {
  const { f, data, data_len } = fields_of(req.payload);
  f.ufilter_id = req.ufilter_id;
  f.request_id = req.id;
  if (fd >= 0) {
    f.fd = fd;
    f.flags |= URFS_EV_FD;
  }
  let slot = -1;
  if (data && data_len > 0) {
    const area = ch.area;
    const pages = area && area.task === task && area.vma ? area.vma.backing : undefined;
    if (area && pages && data_len <= area.slot_size) slot = area.get();
    if (slot >= 0 && area && pages) {
      const off = slot * area.slot_size;
      if (copy_from_user(pages.subarray(off, off + data_len), data, data_len)) {
        area.put(slot);
        return -EFAULT;
      }
      f.buf_ptr = area.slot_addr(slot);
      f.flags |= URFS_EV_SLOT;
    } else {
      // No slot for it: memory of its own in the reader, as GET_ARGS maps.
      const chunk = request_useralloc(req, task, data_len);
      if (typeof chunk === 'number') return chunk;
      const b = bounce_buffer(data_len);
      if (copy_from_user(b, data, data_len) || copy_to_user(new UserPtr(task.mm, chunk.addr), b, data_len)) {
        request_userfreeall(req);
        return -EFAULT;
      }
      f.buf_ptr = chunk.addr;
    }
    f.buf_len = data_len;
  }
  const len = urfs_event2_encode(f, ev_buf);
  if (copy_to_user(buf, ev_buf, len)) {
    if (slot >= 0) ch.area?.put(slot);
    request_userfreeall(req);
    return -EFAULT;
  }
  if (data_len > 0) {
    req.slot = slot;
    req.data_task = task;
    req.data_addr = f.buf_ptr;
    req.data_len = data_len;
    timing_copied(data_len, 0);
  }
  return len;
}
