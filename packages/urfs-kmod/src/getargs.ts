// The 2007 OP_CALLBACK_GET_ARGS: the filter asks for an event's arguments and the kernel maps them into
// its memory (urfs_args, then the object's path, then the data), where they stay until the request ends.
// urfs 2 carries the arguments in the event instead (deliver.ts).
import type { Task } from '@urfs/emu-kernel/kernel/task';
import { copy_from_user, copy_to_user, UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EIO } from '@urfs/emu-kernel/uapi/errno';
import { fields_of, urfs_args_of } from './args.js';
import { bounce_buffer } from './bounce.js';
import { request_useralloc, type request } from './request.js';
import { timing_copied, timing_now } from './timing.js';
import { URFS_ARGS_SIZE, urfs_args_encode } from './uapi.js';

const enc = new TextEncoder();
const align8 = (n: number) => (n + 7) & ~7;

/** Maps the request's arguments into `task` (the filter process). Returns [address, length] or -errno. */
export function ufilter_get_args(req: request, task: Task): [number, number] | number {
  if (req.args_addr) return [req.args_addr, req.args_len];
  req.marks.fetched = timing_now();
  const { f, data, data_len } = fields_of(req.payload);
  const raw = urfs_args_of(f);
  const pathb = enc.encode(f.path);
  const path_off = URFS_ARGS_SIZE;
  const data_off = align8(path_off + pathb.length + 1);
  const total = data_off + data_len;
  const chunk = request_useralloc(req, task, total);
  if (typeof chunk === 'number') return chunk;
  raw.path_ptr = chunk.addr + path_off;
  raw.path_len = pathb.length;
  if (data) {
    raw.buf_ptr = chunk.addr + data_off;
    raw.buf_len = data_len;
  }
  const head = new Uint8Array(path_off + pathb.length + 1);
  urfs_args_encode(raw, head);
  head.set(pathb, path_off);
  const to = new UserPtr(task.mm, chunk.addr);
  if (copy_to_user(to, head)) return -EIO;
  if (data) {
    // From the application's memory to the filter's, through the kernel's bounce buffer.
    const b = bounce_buffer(data_len);
    if (copy_from_user(b, data, data_len)) return -EFAULT;
    if (copy_to_user(to.add(data_off), b, data_len)) return -EIO;
    req.data_task = task;
    req.data_addr = chunk.addr + data_off;
    req.data_len = data_len;
  }
  req.args_addr = chunk.addr;
  req.args_len = total;
  timing_copied(data_len, 0);
  return [chunk.addr, total];
}
