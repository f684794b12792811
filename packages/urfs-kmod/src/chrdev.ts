// /dev/urfs (the thesis's chrdev.c): each open is a connection (its first channel, conn.ts); a write
// carries one command, a read returns one message; urfs 2 adds ioctls (setup, answer-and-fetch,
// attach) and the mmap of the data area (uapi_v2.ts). Commands from user space are answered with a
// reply that the sender's next read on the same file gets; a message the kernel cannot take (wrong size,
// unknown command, bad ufilter id, bad pointer, an answer the operation could not have) fails the write
// with an errno and queues nothing, and the connection goes on. A channel that lets max_replies replies
// pile up unread gets ENOBUFS for its next command, which then does nothing.
import type { File, FileOperations } from '@urfs/emu-kernel/fs/fs';
import type { Module } from '@urfs/emu-kernel/kernel/module';
import { register_chrdev, unregister_chrdev } from '@urfs/emu-kernel/drivers/char/chrdev';
import { devtmpfs_create_node, devtmpfs_delete_node } from '@urfs/emu-kernel/fs/devtmpfs';
import { poll_wait } from '@urfs/emu-kernel/fs/poll_table';
import { wait_event_interruptible, wait_event_interruptible_timeout } from '@urfs/emu-kernel/kernel/wait';
import { with_fd } from '@urfs/emu-kernel/fs/file';
import { current, type Task } from '@urfs/emu-kernel/kernel/task';
import { copy_to_user, memdup_user, put_user, UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { PATH_MAX } from '@urfs/emu-kernel/fs/namei';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { O_NONBLOCK } from '@urfs/emu-kernel/uapi/fcntl';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '@urfs/emu-kernel/uapi/poll';
import { EAGAIN, EBUSY, EFAULT, EINVAL, EMSGSIZE, ENOBUFS, ENOENT, ENOTTY } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOMEM, RFS_ERR_NAMETOOLONG, RFS_ERR_NOENT, RFS_NAME_MAX, rfs_err_of,
  type rfs_op_info,
} from '@urfs/redirfs/rfs';
import { RFS_OP_END, rfs_op_valid } from '@urfs/redirfs/ops';
import {
  rfs_register_filter, rfs_set_operations, rfs_activate_filter, rfs_deactivate_filter,
  rfs_set_mod_cb,
} from '@urfs/redirfs/filter';
import { rfs_set_path, rfs_rem_path, rfs_rem_paths } from '@urfs/redirfs/path';
import {
  channel_msg_pending, channel_reply, conn_alloc_ufilter_slot, conn_attach, conn_create, conn_get_ufilter,
  conn_msg_flush, conn_switch_callbacks, type channel, type conn,
} from './conn.js';
import { ufilter_create, ufilter_destroy, ufilter_request_get, type ufilter } from './ufilter.js';
import { ufilter_get_args } from './getargs.js';
import { ufilter_reply } from './answer.js';
import { channel_deliver, channel_min_read } from './deliver.js';
import { request_complete } from './request.js';
import { data_area_create, data_area_mmap } from './slots.js';
import { config, stats } from './stats.js';
import { timing_now } from './timing.js';
import {
  URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_UNREGISTER, URFS_CMD_FILTER_SET_PATH, URFS_CMD_FILTER_ACTIVATE,
  URFS_CMD_FILTER_DEACTIVATE, URFS_CMD_FILTER_SET_OPERATIONS, URFS_CMD_CONN_SWITCH_CALLBACKS,
  URFS_CMD_OP_CALLBACK_GET_ARGS, URFS_CMD_OP_CALLBACK, URFS_CMD_FILTER_REM_PATH, URFS_IMSG_MAX,
  URFS_OPS_ENTRY_SIZE, URFS_OP_MOD, URFS_OP_PRE, URFS_OP_POST, URFS_OP_FD, URFS_POLICY_ERROR, URFS_DATA_POLICY_SHIFT,
  urfs_imsg_decode, urfs_reply_encode, type urfs_imsg,
} from './uapi.js';
import {
  URFS_ANSWER_FLAGS, URFS_FETCH_ANSWER_CMD, URFS_FETCH_ANSWER_ERR, URFS_FETCH_SIZE, URFS_IOC_ANSWER_FETCH,
  URFS_IOC_ATTACH, URFS_IOC_SETUP, URFS_SETUP_SIZE, URFS_VERSION_2, urfs_fetch_decode, urfs_setup_decode,
} from './uapi_v2.js';

const dec = new TextDecoder();

function reply(ch: channel, cmd: number, err: number, ufilter_id = -1, data_ptr = 0, data_len = 0): void {
  channel_reply(ch, urfs_reply_encode(cmd, err, ufilter_id, data_ptr, data_len));
}

function get_ufilter(c: conn, id: number): ufilter | number {
  return conn_get_ufilter(c, id) ?? -EINVAL;
}

/** A string given as pointer + length: the string, or -errno (EFAULT), or null when longer than `max`. */
function get_string(task: Task, ptr: number, len: number, max: number): string | number | null {
  if (len > max) return null;
  const b = memdup_user(new UserPtr(task.mm, ptr), len);
  if (typeof b === 'number') return b;
  if (b.includes(0)) return -EINVAL;
  return dec.decode(b);
}

function process_in_cmd_filter_register(ch: channel, m: Extract<urfs_imsg, { cmd: 1 }>, task: Task): number {
  const policy = m.policy & 0xff, data_policy = (m.policy >>> URFS_DATA_POLICY_SHIFT) & 0xff;
  if (policy > URFS_POLICY_ERROR || data_policy > URFS_POLICY_ERROR ||
    m.policy >>> (URFS_DATA_POLICY_SHIFT + 8)) return -EINVAL;
  const name = get_string(task, m.name_ptr, m.name_len, RFS_NAME_MAX);
  if (typeof name === 'number') return name;
  if (name === null) return reply(ch, m.cmd, RFS_ERR_NAMETOOLONG), 0;
  const slot = conn_alloc_ufilter_slot(ch.c);
  if (slot < 0) return reply(ch, m.cmd, RFS_ERR_NOMEM), 0;
  const r = rfs_register_filter({ name, priority: m.priority, active: m.active });
  if (r.err || !r.filter) return reply(ch, m.cmd, r.err), 0;
  const uf = ufilter_create(slot, ch.c, r.filter, policy, data_policy);
  reply(ch, m.cmd, RFS_ERR_OK, uf.id);
  return 0;
}

function process_in_cmd_filter_set_operations(ch: channel, m: Extract<urfs_imsg, { cmd: 6 }>, task: Task): number {
  const uf = get_ufilter(ch.c, m.ufilter_id);
  if (typeof uf === 'number') return uf;
  if (m.count > RFS_OP_END + 1) return reply(ch, m.cmd, RFS_ERR_INVAL, uf.id), 0;
  const raw = memdup_user(new UserPtr(task.mm, m.ops_ptr), m.count * URFS_OPS_ENTRY_SIZE);
  if (typeof raw === 'number') return raw;
  const v = new DataView(raw.buffer);
  const ops: rfs_op_info[] = [];
  const fd = new Map<number, boolean>();
  let mod: boolean | null = null;
  for (let i = 0; i < m.count; i++) {
    const op_id = v.getUint32(i * URFS_OPS_ENTRY_SIZE, true);
    const flags = v.getUint32(i * URFS_OPS_ENTRY_SIZE + 4, true);
    if (flags & ~(URFS_OP_PRE | URFS_OP_POST | URFS_OP_FD)) return reply(ch, m.cmd, RFS_ERR_INVAL, uf.id), 0;
    if (op_id === URFS_OP_MOD) {
      mod = Boolean(flags & URFS_OP_PRE);
      continue;
    }
    if (!rfs_op_valid(op_id)) return reply(ch, m.cmd, RFS_ERR_INVAL, uf.id), 0;
    // Only the callbacks asked for (the 2007 code registered both whatever the flags said).
    ops.push({ op_id, pre_cb: flags & URFS_OP_PRE ? uf.pre_cb : null, post_cb: flags & URFS_OP_POST ? uf.post_cb : null });
    fd.set(op_id, (flags & URFS_OP_FD) !== 0);
  }
  let err = rfs_set_operations(uf.flt, ops);
  if (!err && mod !== null) err = rfs_set_mod_cb(uf.flt, mod ? uf.mod_cb : null);
  // Like the callbacks, the descriptor flags change only when the whole table was taken.
  if (!err) for (const [op_id, want] of fd) want ? uf.fd_ops.add(op_id) : uf.fd_ops.delete(op_id);
  reply(ch, m.cmd, err, uf.id);
  return 0;
}

function process_in_cmd_op_callback_get_args(ch: channel, m: Extract<urfs_imsg, { cmd: 8 }>, task: Task): number {
  const uf = get_ufilter(ch.c, m.ufilter_id);
  if (typeof uf === 'number') return uf;
  const req = ufilter_request_get(uf, m.request_id);
  if (!req || req.end) return reply(ch, m.cmd, RFS_ERR_NOENT, uf.id), 0;
  const r = ufilter_get_args(req, task);
  if (typeof r === 'number') return reply(ch, m.cmd, rfs_err_of(r), uf.id), 0;
  reply(ch, m.cmd, RFS_ERR_OK, uf.id, r[0], r[1]);
  return 0;
}

function process_in_cmd_op_callback(ch: channel, m: Extract<urfs_imsg, { cmd: 9 }>): number {
  const uf = get_ufilter(ch.c, m.ufilter_id);
  if (typeof uf === 'number') return uf;
  const flags = m.flags ?? 0;
  if (flags & ~URFS_ANSWER_FLAGS) return -EINVAL;
  const req = ufilter_request_get(uf, m.request_id);
  // Too late (it ended by timeout, interrupt or policy) or never asked: nothing waits for this answer.
  if (!req || req.end) {
    stats.late_answers++;
    return -ENOENT;
  }
  return ufilter_reply(uf, req, m.retv, m.rv, flags);
}

async function process_in_msg(ch: channel, m: urfs_imsg, task: Task): Promise<number> {
  switch (m.cmd) {
    case URFS_CMD_FILTER_REGISTER:
      return process_in_cmd_filter_register(ch, m, task);
    case URFS_CMD_FILTER_UNREGISTER: {
      const uf = get_ufilter(ch.c, m.ufilter_id);
      if (typeof uf === 'number') return uf;
      ufilter_destroy(uf, 'unregistered');
      reply(ch, m.cmd, RFS_ERR_OK, m.ufilter_id);
      return 0;
    }
    case URFS_CMD_FILTER_SET_PATH: {
      const uf = get_ufilter(ch.c, m.ufilter_id);
      if (typeof uf === 'number') return uf;
      const path = get_string(task, m.path_ptr, m.path_len, PATH_MAX - 1);
      if (typeof path === 'number') return path;
      const err = path === null ? RFS_ERR_NAMETOOLONG : await rfs_set_path(uf.flt, { path, flags: m.flags });
      // The ufilter may have gone while the path was walked (its connection released).
      reply(ch, m.cmd, uf.alive ? err : RFS_ERR_INVAL, m.ufilter_id);
      return 0;
    }
    case URFS_CMD_FILTER_ACTIVATE:
    case URFS_CMD_FILTER_DEACTIVATE: {
      const uf = get_ufilter(ch.c, m.ufilter_id);
      if (typeof uf === 'number') return uf;
      const err = m.cmd === URFS_CMD_FILTER_ACTIVATE ? rfs_activate_filter(uf.flt) : rfs_deactivate_filter(uf.flt);
      reply(ch, m.cmd, err, m.ufilter_id);
      return 0;
    }
    case URFS_CMD_FILTER_SET_OPERATIONS:
      return process_in_cmd_filter_set_operations(ch, m, task);
    case URFS_CMD_CONN_SWITCH_CALLBACKS:
      if (m.enable > 1) return -EINVAL;
      conn_switch_callbacks(ch.c, m.enable === 1);
      reply(ch, m.cmd, RFS_ERR_OK);
      return 0;
    case URFS_CMD_OP_CALLBACK_GET_ARGS:
      return process_in_cmd_op_callback_get_args(ch, m, task);
    case URFS_CMD_OP_CALLBACK:
      return process_in_cmd_op_callback(ch, m);
    case URFS_CMD_FILTER_REM_PATH: {
      const uf = get_ufilter(ch.c, m.ufilter_id);
      if (typeof uf === 'number') return uf;
      reply(ch, m.cmd, m.path_id === -1 ? rfs_rem_paths(uf.flt) : rfs_rem_path(uf.flt, m.path_id), m.ufilter_id);
      return 0;
    }
  }
}

async function urfs_write(file: File, buf: UserPtr, count: number): Promise<number> {
  const task = current();
  const ch = file.private_data as channel;
  const c = ch.c;
  if (!task || c.dead) return -EINVAL;
  if (count > URFS_IMSG_MAX) return -EMSGSIZE;
  if (count < 4) return -EINVAL;
  const raw = memdup_user(buf, count);
  if (typeof raw === 'number') return raw;
  const m = urfs_imsg_decode(raw);
  if (!m) return -EINVAL;
  // Every command but an answer queues a reply: refused, unchanged, while too many wait unread.
  if (m.cmd !== URFS_CMD_OP_CALLBACK && ch.replies.length >= config.max_replies) return -ENOBUFS;
  c.pids.add(task.pid);
  const r = await process_in_msg(ch, m, task);
  return r < 0 ? r : count;
}

/**
 * Waits for the channel's next message and copies it out: its length, -EAGAIN when `timeout_ms` (0: do
 * not wait; -1: no limit) passed first, -ERESTARTSYS on a signal, 0 once the connection is gone.
 */
async function channel_read(ch: channel, task: Task, buf: UserPtr, timeout_ms: number): Promise<number> {
  const end = timeout_ms > 0 ? timing_now() + timeout_ms : 0;
  for (;;) {
    if (ch.c.dead) return 0;
    const n = await channel_deliver(ch, task, buf);
    if (n) return n;
    if (timeout_ms === 0) return -EAGAIN;
    const ready = () => channel_msg_pending(ch) || ch.c.dead;
    if (timeout_ms < 0) {
      const r = await wait_event_interruptible(ch.c.waitq, ready, task);
      if (r) return r;
    } else {
      const left = end - timing_now();
      if (left <= 0) return -EAGAIN;
      const r = await wait_event_interruptible_timeout(ch.c.waitq, ready, left, task);
      if (r < 0) return r;
      if (r === 0 && !ready()) return -EAGAIN;
    }
  }
}

async function urfs_read(file: File, buf: UserPtr, count: number): Promise<number> {
  const task = current();
  const ch = file.private_data as channel;
  if (!task || count < channel_min_read(ch)) return -EINVAL;
  return channel_read(ch, task, buf, file.f_flags & O_NONBLOCK ? 0 : -1);
}

/** URFS_IOC_ANSWER_FETCH: the answer (if any), then the next message. */
async function urfs_answer_fetch(file: File, ch: channel, task: Task, arg: UserPtr): Promise<number> {
  const raw = memdup_user(arg, URFS_FETCH_SIZE);
  if (typeof raw === 'number') return raw;
  const f = urfs_fetch_decode(raw);
  if (f.flags || f.timeout_ms < -1) return -EINVAL;
  if (f.buf_len < channel_min_read(ch)) return -EINVAL;
  const cmd = new DataView(f.answer.buffer, f.answer.byteOffset, 4).getUint32(0, true);
  if (cmd) {
    const m = urfs_imsg_decode(f.answer);
    if (!m || m.cmd !== URFS_CMD_OP_CALLBACK) return -EINVAL;
    ch.c.pids.add(task.pid);
    const err = process_in_cmd_op_callback(ch, m);
    // Answered: a restart of this call (a signal, SA_RESTART) must not answer again.
    const out = new Uint8Array(4);
    if (copy_to_user(arg.add(URFS_FETCH_ANSWER_CMD), out) ||
      put_user(err, arg.add(URFS_FETCH_ANSWER_ERR), 4)) return -EFAULT;
    // A refused answer is the filter's to hear now, not with the next event; a late one (ENOENT) is not.
    if (err && err !== -ENOENT) return err;
  }
  const nonblock = file.f_flags & O_NONBLOCK;
  return channel_read(ch, task, new UserPtr(task.mm, f.buf_ptr), nonblock ? 0 : f.timeout_ms);
}

function urfs_setup(ch: channel, arg: UserPtr): number {
  const raw = memdup_user(arg, URFS_SETUP_SIZE);
  if (typeof raw === 'number') return raw;
  const s = urfs_setup_decode(raw);
  if (s.version !== URFS_VERSION_2 || s.flags) return -EINVAL;
  if (ch.version !== 1 || ch.read_any) return -EBUSY;
  const area = data_area_create(s.slots, s.slot_size);
  if (typeof area === 'number') return area;
  ch.version = 2;
  ch.area = area;
  return 0;
}

/** URFS_IOC_ATTACH: this fresh file becomes a channel of the connection open on descriptor `fd`. */
async function urfs_attach(file: File, ch: channel, task: Task, fd: number): Promise<number> {
  const c = ch.c;
  if (c.ufilters.some((u) => u) || ch.read_any || ch.version !== 1 || c.channels.size > 1) return -EBUSY;
  return with_fd(task, fd, (f) => {
    if (f.f_op !== file.f_op || f === file) return -EINVAL;
    const other = (f.private_data as channel).c;
    if (other.dead || other === c) return -EINVAL;
    // The connection this file made alone goes; the file now serves the other one.
    c.channels.delete(ch);
    conn_destroy(c);
    conn_attach(other, ch);
    return 0;
  });
}

function urfs_ioctl(file: File, cmd: number, arg: UserPtr): Promise<number> | number {
  const task = current();
  const ch = file.private_data as channel;
  if (!task || ch.c.dead) return -EINVAL;
  switch (cmd) {
    case URFS_IOC_ANSWER_FETCH: return urfs_answer_fetch(file, ch, task, arg);
    case URFS_IOC_SETUP: return urfs_setup(ch, arg);
    case URFS_IOC_ATTACH: return urfs_attach(file, ch, task, arg.value);
    default: return -ENOTTY;
  }
}

/** The connection goes: its ufilters are unregistered and their pending requests end by policy. */
function conn_destroy(c: conn): void {
  if (c.dead) return;
  c.dead = true;
  c.callbacks = false;
  for (const uf of c.ufilters) if (uf) ufilter_destroy(uf, 'connection closed');
  conn_msg_flush(c);
  c.waitq.wake();
  stats.connections--;
}

/**
 * A file of the connection is released. The first one ends the connection; another one (an attached
 * channel) hands the events it took and did not answer to their policy: nobody is left to answer them.
 */
function channel_release(ch: channel): void {
  ch.dead = true;
  ch.area = null;
  const c = ch.c;
  c.channels.delete(ch);
  if (ch === c.owner) return conn_destroy(c);
  for (const req of ch.taken) request_complete(req, { by: 'policy', why: 'connection closed' });
  ch.taken.clear();
}

function urfs_fops(owner: Module | null): FileOperations {
  return {
    owner,
    open(_inode, file) {
      file.private_data = conn_create(config.max_ufilters, current()?.pid ?? 0).owner;
      return 0;
    },
    release(_inode, file) {
      channel_release(file.private_data as channel);
      return 0;
    },
    read: (file, buf, count) => urfs_read(file, buf, count),
    write: (file, buf, count) => urfs_write(file, buf, count),
    unlocked_ioctl: (file, cmd, arg) => urfs_ioctl(file, cmd, arg),
    mmap(file, vma) {
      const task = current();
      const ch = file.private_data as channel;
      if (!task || ch.c.dead) return -EINVAL;
      return data_area_mmap(ch.area, task, vma);
    },
    poll(file, pt) {
      const ch = file.private_data as channel;
      poll_wait(file, ch.c.waitq, pt);
      return (channel_msg_pending(ch) || ch.c.dead ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
    },
  };
}

let major = 0;

/** Registers the device and creates /dev/urfs (root only). 0 or -errno. */
export function urfs_chrdev_init(owner: Module | null): number {
  if (major) return -EBUSY;
  const r = register_chrdev(0, 'urfs', urfs_fops(owner));
  if (r < 0) return r;
  const node = devtmpfs_create_node('urfs', r, 0, 0o600);
  if (typeof node === 'number') {
    unregister_chrdev(r, 'urfs');
    return node;
  }
  major = r;
  pr_info(`urfs: /dev/urfs (major ${r}), up to ${config.max_ufilters} ufilters per connection, ` +
    `timeout ${config.timeout_ms} ms, policy ${config.policy === URFS_POLICY_ERROR ? 'error' : 'pass'}`);
  return 0;
}

export function urfs_chrdev_exit(): void {
  if (!major) return;
  devtmpfs_delete_node('urfs');
  unregister_chrdev(major, 'urfs');
  major = 0;
}
