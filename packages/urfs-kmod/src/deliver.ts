// Handing a channel its next message (read(2) and URFS_IOC_ANSWER_FETCH): the channel's replies first,
// then its interrupts, then the connection's oldest event. An event is encoded at delivery, for the
// protocol of the channel that reads it: the 2007 OP_CALLBACK (40 bytes; the arguments come with
// GET_ARGS), or urfs 2's OP_EVENT with the arguments inline and the data put in the reader's memory (a
// slot of its data area, else memory mapped for this one event). A message the reader's buffer cannot
// take stays first in its queue and nothing it would have handed out (slot, mapping) stays allocated.
import type { Task } from '@urfs/emu-kernel/kernel/task';
import { copy_from_user, copy_to_user, UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT } from '@urfs/emu-kernel/uapi/errno';
import type { channel } from './conn.js';
import { event_head_of, fields_of } from './args.js';
import { bounce_buffer } from './bounce.js';
import { request_useralloc, request_userfreeall, type request } from './request.js';
import { timing_copied, timing_now } from './timing.js';
import { URFS_OMSG_SIZE, urfs_event_encode } from './uapi.js';
import { URFS_EVENT_MAX, URFS_EV_SLOT, urfs_event2_encode } from './uapi_v2.js';

/** The smallest buffer a read of the channel takes. */
export function channel_min_read(ch: channel): number {
  return ch.version === 2 ? URFS_EVENT_MAX : URFS_OMSG_SIZE;
}

/** One kernel buffer for encoding urfs 2 events (each is copied out before anything can sleep). */
const ev_buf = new Uint8Array(URFS_EVENT_MAX);

/**
 * Copies the channel's next message to `buf` (the caller checked `count` against channel_min_read).
 * Returns its length, -errno, or 0 when nothing waits.
 */
export function channel_deliver(ch: channel, task: Task, buf: UserPtr): number {
  const q = ch.replies.length ? ch.replies : ch.interrupts.length ? ch.interrupts : null;
  if (q) {
    const m = q[0];
    if (copy_to_user(buf, m)) return -EFAULT;
    q.shift();
    return m.length;
  }
  const c = ch.c;
  const req = c.events[0];
  if (!req) return 0;
  const n = ch.version === 2 ? deliver_v2(ch, task, req, buf) : deliver_v1(req, buf);
  if (n < 0) return n;
  c.events.shift();
  req.channel = ch;
  ch.taken.add(req);
  ch.read_any = true;
  req.marks.delivered = timing_now();
  return n;
}

function deliver_v1(req: request, buf: UserPtr): number {
  const h = event_head_of(req.payload);
  const m = urfs_event_encode(req.ufilter_id, req.id, h.op_id, h.call, h.retv, h.pid, h.uid);
  return copy_to_user(buf, m) ? -EFAULT : m.length;
}

function deliver_v2(ch: channel, task: Task, req: request, buf: UserPtr): number {
  const { f, data, data_len } = fields_of(req.payload);
  f.ufilter_id = req.ufilter_id;
  f.request_id = req.id;
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
