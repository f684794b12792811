// ufilters (the thesis's filter.c): each is a RedirFS filter whose callbacks run in a user process. The
// kernel registers one generic callback for every pre- or post-callback the filter asked for; it creates
// a request, queues an OP_CALLBACK event on the connection and sleeps until the filter answers, the
// timeout passes, the filter goes away or the caller gets a signal. The policy table is in the README:
// an answer the operation could not have had counts as none; without a valid answer the operation
// goes on unfiltered or fails with EIO, by the filter's policy (for the data callbacks, post-read and
// pre-write, EIO unless the filter asked for pass); a caller that got a signal stops waiting at once
// (the filter is told with OP_INTERRUPT) and its call ends with EINTR or restarts.
import type { Dentry, File } from '@urfs/emu-kernel/fs/fs';
import { find_task_by_vpid, current, type Task } from '@urfs/emu-kernel/kernel/task';
import {
  wait_for_completion, wait_for_completion_interruptible, wait_for_completion_interruptible_timeout,
  wait_for_completion_timeout,
} from '@urfs/emu-kernel/kernel/completion';
import { copy_from_user, copy_to_user, kernel_ptr, memdup_user, UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { ratelimit_state_init, pr_warn_ratelimited } from '@urfs/emu-kernel/lib/ratelimit';
import { EFAULT, EINVAL, EIO, ERESTARTSYS } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_CONTINUE, RFS_STOP, RFS_ERR_INVAL, RFS_ERR_OPNOTSUPP, rfs_err_of, type rfs_args, type rfs_callback,
  type rfs_err, type rfs_mod, type rfs_mod_cb, type rfs_retv,
} from '@urfs/redirfs/rfs';
import { rfs_unregister_filter, type rfs_filter } from '@urfs/redirfs/filter';
import { rfs_get_filename } from '@urfs/redirfs/path';
import { rfs_op_name } from '@urfs/redirfs/ops';
import { rfs_retv_valid } from '@urfs/redirfs/retv';
import { conn_events_queued, conn_msg_append, conn_msg_interrupt, conn_msg_withdraw, type conn } from './conn.js';
import {
  request_create, request_complete, request_destroy, request_useralloc, type request, type request_payload,
  type request_why,
} from './request.js';
import { config, stats } from './stats.js';
import { timing_account, timing_copied, timing_now } from './timing.js';
import {
  URFS_ARGS_SIZE, URFS_CALL_MOD, URFS_CALL_POST, URFS_CALL_PRE, URFS_MOD_ACTIVATE, URFS_MOD_DEACTIVATE,
  URFS_MOD_REM_PATH, URFS_MOD_REM_PATHS, URFS_MOD_SET_PATH, URFS_OP_MOD, URFS_POLICY_DEFAULT, URFS_POLICY_ERROR,
  URFS_POLICY_PASS, urfs_args_encode, urfs_event_encode, urfs_interrupt_encode, type urfs_args_raw,
} from './uapi.js';

export class ufilter {
  readonly requests = new Map<bigint, request>();
  next_request_id = 1n;
  alive = true;
  readonly pre_cb: rfs_callback;
  readonly post_cb: rfs_callback;
  readonly mod_cb: rfs_mod_cb;
  /**
   * `policy` for every callback but the data ones, `data_policy` for post-read and pre-write (both
   * URFS_POLICY_*; DEFAULT means the module's policy and, for data, ERROR).
   */
  constructor(readonly id: number, readonly c: conn, readonly flt: rfs_filter, readonly policy: number,
    readonly data_policy: number) {
    this.pre_cb = (cx, a) => ufilter_generic_cb(this, { kind: 'op', cx, a });
    this.post_cb = this.pre_cb;
    this.mod_cb = (mod) => ufilter_mod_cb(this, mod);
  }
}

export function ufilter_create(id: number, c: conn, flt: rfs_filter, policy: number, data_policy: number): ufilter {
  const uf = new ufilter(id, c, flt, policy, data_policy);
  c.ufilters[id] = uf;
  stats.ufilters++;
  return uf;
}

/** post-read and pre-write: the callbacks that may change the data, whose skipping is never silent by default. */
function is_data_cb(a: rfs_args): boolean {
  return (a.op === 'read' && a.type.call === 'post') || (a.op === 'write' && a.type.call === 'pre');
}

/**
 * The policy a request of this callback ends by when the filter gave no valid answer. The module's
 * `policy` stands in for a filter that chose none only when it could not answer (it died, was too slow,
 * its queue was full): one that answered what the operation cannot have meant something else, and its
 * operation fails unless the filter asked for pass. Data callbacks fail unless the filter asked for pass.
 */
function effective_policy(uf: ufilter, a: rfs_args, why: request_why): number {
  if (is_data_cb(a)) return uf.data_policy === URFS_POLICY_PASS ? URFS_POLICY_PASS : URFS_POLICY_ERROR;
  if (uf.policy !== URFS_POLICY_DEFAULT) return uf.policy;
  return why === 'bad answer' ? URFS_POLICY_ERROR : config.policy;
}

/** ufilter_get_unique_request_id: 64 bits, so the sequence never wraps in practice. */
function ufilter_get_unique_request_id(uf: ufilter): bigint {
  const id = uf.next_request_id;
  uf.next_request_id = id === 0xffffffffffffffffn ? 1n : id + 1n;
  return id;
}

export function ufilter_request_get(uf: ufilter, id: bigint): request | null {
  return uf.requests.get(id) ?? null;
}

const rs_timeout = ratelimit_state_init();
const rs_overflow = ratelimit_state_init();
const rs_bad = ratelimit_state_init();
const rs_policy = ratelimit_state_init();

/**
 * Queues the event and sleeps until the request ends: answered, or by policy when the filter goes away,
 * the timeout passes or the connection already has max_events unread, or interrupted when `task` (the
 * caller; null for the kernel's own calls, which are not interruptible) gets a signal or is killed.
 * The request is destroyed (its user memory freed) before returning.
 */
async function ufilter_request_run(uf: ufilter, payload: request_payload, op_id: number, call: number, retv: number,
  pid: number, uid: number, task: Task | null): Promise<request> {
  const req = request_create(ufilter_get_unique_request_id(uf), payload);
  uf.requests.set(req.id, req);
  if (conn_events_queued(uf.c) >= config.max_events) {
    stats.overflows++;
    request_complete(req, { by: 'policy', why: 'overflow' });
    pr_warn_ratelimited(rs_overflow, 'urfs_overflow', `urfs: ${uf.flt.name}: ${config.max_events} events ` +
      'unread; the next completed by policy');
  } else {
    req.msg = urfs_event_encode(uf.id, req.id, op_id, call, retv, pid, uid);
    queued_events.set(req.msg, req);
    conn_msg_append(uf.c, req.msg);
    await request_wait(uf, req, task);
  }
  timing_account(req.marks, timing_now());
  if (req.msg) conn_msg_withdraw(uf.c, req.msg);
  uf.requests.delete(req.id);
  request_destroy(req);
  return req;
}

/** Waits for the request's end; a timeout or a signal ends it here. */
async function request_wait(uf: ufilter, req: request, task: Task | null): Promise<void> {
  const timeout = config.timeout_ms;
  let timed_out = false, interrupted = false;
  if (task) {
    const r = timeout > 0 ? await wait_for_completion_interruptible_timeout(req.done, timeout, task)
      : await wait_for_completion_interruptible(req.done, task);
    interrupted = r === -ERESTARTSYS;
    timed_out = timeout > 0 && r === 0;
  } else if (timeout > 0) {
    timed_out = (await wait_for_completion_timeout(req.done, timeout)) === 0;
  } else {
    await wait_for_completion(req.done);
  }
  if (timed_out && request_complete(req, { by: 'policy', why: 'timeout' })) {
    stats.timeouts++;
    pr_warn_ratelimited(rs_timeout, 'urfs_timeout', `urfs: ${uf.flt.name}: no answer to request ${req.id} ` +
      `within ${timeout} ms; completed by policy`);
  }
  if (interrupted && request_complete(req, { by: 'interrupt' })) {
    stats.interrupts++;
    // An event still queued is simply withdrawn: the filter never saw it.
    if (req.msg === null) conn_msg_interrupt(uf.c, urfs_interrupt_encode(uf.id, req.id));
  }
}

/** The request of each event message, so the read that delivers it can mark the time. */
const queued_events = new WeakMap<Uint8Array, request>();

/** The filter's read took this message off the queue. */
export function ufilter_msg_delivered(m: Uint8Array): void {
  const req = queued_events.get(m);
  if (req) {
    req.marks.delivered = timing_now();
    req.msg = null;
  }
}

const call_of = (a: rfs_args) => (a.type.call === 'pre' ? URFS_CALL_PRE : URFS_CALL_POST);

/** ufilter_generic_cb: every callback of every ufilter. */
async function ufilter_generic_cb(uf: ufilter, payload: Extract<request_payload, { kind: 'op' }>): Promise<rfs_retv> {
  const { cx, a } = payload;
  const c = uf.c;
  if (!uf.alive || c.dead || !c.callbacks || c.pids.has(cx.caller.pid)) return RFS_CONTINUE;
  const task = cx.caller.pid ? find_task_by_vpid(cx.caller.pid) ?? null : null;
  const req = await ufilter_request_run(uf, payload, a.type.id, call_of(a), a.retv, cx.caller.pid,
    cx.caller.cred.uid, task);
  const end = req.end!;
  switch (end.by) {
    case 'reply':
      // Validated when it came (ufilter_reply): a pre-callback that goes on leaves the result to the operation.
      if (a.type.call === 'post' || end.rv === RFS_STOP) a.retv = end.retv;
      return end.rv === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
    case 'interrupt':
      // A pre-callback's operation has not happened: it ends, to be restarted or to fail with EINTR. After
      // a read the data is not what the filter would have made of it; any other operation keeps its result.
      if (a.type.call === 'post' && a.op !== 'read') return RFS_CONTINUE;
      a.retv = -ERESTARTSYS;
      return RFS_STOP;
    case 'policy':
      return complete_by_policy(uf, a, end.why);
  }
}

/** No valid answer: the operation goes on as if unfiltered, or fails with EIO. */
function complete_by_policy(uf: ufilter, a: rfs_args, why: request_why): rfs_retv {
  if (effective_policy(uf, a, why) === URFS_POLICY_ERROR) {
    stats.completed_error++;
    pr_warn_ratelimited(rs_policy, 'urfs_policy', `urfs: ${uf.flt.name}: ${a.type.call}-${rfs_op_name(a.type.id)} ` +
      `failed with EIO (${why})`);
    a.retv = -EIO;
    return RFS_STOP;
  }
  stats.completed_pass++;
  pr_warn_ratelimited(rs_policy, 'urfs_policy', `urfs: ${uf.flt.name}: ${a.type.call}-${rfs_op_name(a.type.id)} ` +
    `went on unfiltered (${why})`);
  return RFS_CONTINUE;
}

/** The modifier callback of a ufilter that set one: redirctl's request goes to the filter. */
async function ufilter_mod_cb(uf: ufilter, mod: rfs_mod): Promise<rfs_err> {
  const c = uf.c;
  if (!uf.alive || c.dead || !c.callbacks) return RFS_ERR_OPNOTSUPP;
  // redirctl's ioctl or the sysfs write calls this before anything has slept: current() is the caller.
  const task = current();
  const req = await ufilter_request_run(uf, { kind: 'mod', mod }, URFS_OP_MOD, URFS_CALL_MOD, 0, 0, 0, task);
  const end = req.end!;
  return end.by === 'reply' ? rfs_err_of(end.retv) : RFS_ERR_INVAL;
}

/** Unregisters the ufilter; its pending requests end by its policy. */
export function ufilter_destroy(uf: ufilter, why: request_why): void {
  if (!uf.alive) return;
  uf.alive = false;
  rfs_unregister_filter(uf.flt);
  for (const req of uf.requests.values()) request_complete(req, { by: 'policy', why });
  if (uf.c.ufilters[uf.id] === uf) uf.c.ufilters[uf.id] = null;
  stats.ufilters--;
}

// ---- GET_ARGS and the reply ----

const enc = new TextEncoder();
const align8 = (n: number) => (n + 7) & ~7;

function name_of(obj: Dentry | File | null | undefined): string {
  if (!obj) return '';
  try {
    return rfs_get_filename(obj).name;
  } catch {
    return '';
  }
}

/** The urfs_args of an operation (pointers still 0) and the data buffer to pass along. */
function op_args(cx: Extract<request_payload, { kind: 'op' }>['cx'], a: rfs_args): { raw: urfs_args_raw; path: string;
  data: UserPtr | null; data_len: number } {
  const raw: urfs_args_raw = {
    op_id: a.type.id, call: call_of(a), retv: a.retv, pid: cx.caller.pid, uid: cx.caller.cred.uid, path_ptr: 0,
    path_len: 0, mask: 0, buf_ptr: 0, buf_len: 0, pos: 0, count: 0, f_flags: 0, i_mode: 0, mod_type: 0, mod_arg: 0,
  };
  let path = '';
  let data: UserPtr | null = null;
  let data_len = 0;
  switch (a.op) {
    case 'read':
    case 'write': {
      const x = a.args;
      path = name_of(x.file);
      raw.pos = x.ppos.pos;
      raw.count = x.count;
      raw.f_flags = x.file.f_flags;
      raw.i_mode = x.file.f_inode.i_mode;
      // What the filter may see and change: the bytes read (post-read) or about to be written (pre-write).
      const n = a.op === 'read' ? (a.type.call === 'post' ? a.retv : 0) : (a.type.call === 'pre' ? x.count : 0);
      if (n > 0) {
        data = x.buf;
        data_len = Math.min(n, x.count);
      }
      break;
    }
    case 'open':
    case 'release':
    case 'flush':
    case 'readdir':
    case 'ioctl':
    case 'poll':
    case 'mmap':
      path = name_of(a.args.file);
      raw.f_flags = a.args.file.f_flags;
      raw.i_mode = a.args.file.f_inode.i_mode;
      raw.pos = a.args.file.f_pos;
      break;
    case 'llseek':
      path = name_of(a.args.file);
      raw.pos = a.args.offset;
      raw.count = a.args.whence;
      raw.i_mode = a.args.file.f_inode.i_mode;
      break;
    case 'permission':
      path = name_of(a.args.dentry);
      raw.mask = a.args.mask;
      raw.i_mode = a.args.inode.i_mode;
      break;
    case 'setattr':
      path = name_of(a.args.dentry);
      raw.i_mode = a.args.dentry.d_inode?.i_mode ?? 0;
      break;
    case 'create':
    case 'mkdir':
    case 'mknod':
      path = name_of(a.args.dentry);
      raw.i_mode = a.args.mode;
      break;
    case 'rename':
      path = name_of(a.args.old_dentry);
      break;
    default:
      path = name_of(a.args.dentry);
      break;
  }
  return { raw, path, data, data_len };
}

function mod_args(mod: rfs_mod): { raw: urfs_args_raw; path: string; data: null; data_len: 0 } {
  const raw: urfs_args_raw = {
    op_id: URFS_OP_MOD, call: URFS_CALL_MOD, retv: 0, pid: 0, uid: 0, path_ptr: 0, path_len: 0, mask: 0, buf_ptr: 0,
    buf_len: 0, pos: 0, count: 0, f_flags: 0, i_mode: 0, mod_type: 0, mod_arg: 0,
  };
  let path = '';
  switch (mod.type) {
    case 'set_path':
      raw.mod_type = URFS_MOD_SET_PATH;
      raw.mod_arg = mod.path_info.flags;
      path = mod.path_info.path;
      break;
    case 'activate': raw.mod_type = URFS_MOD_ACTIVATE; break;
    case 'deactivate': raw.mod_type = URFS_MOD_DEACTIVATE; break;
    case 'rem_path':
      raw.mod_type = URFS_MOD_REM_PATH;
      raw.mod_arg = mod.id;
      break;
    case 'rem_paths': raw.mod_type = URFS_MOD_REM_PATHS; break;
  }
  return { raw, path, data: null, data_len: 0 };
}

/**
 * OP_CALLBACK_GET_ARGS: maps the request's arguments into `task` (the filter process): the urfs_args
 * structure, then the object's path (NUL-terminated), then the data. Returns [address, length] or -errno.
 */
export function ufilter_get_args(req: request, task: Task): [number, number] | number {
  if (req.args_addr) return [req.args_addr, req.args_len];
  req.marks.fetched = timing_now();
  const p = req.payload;
  const { raw, path, data, data_len } = p.kind === 'op' ? op_args(p.cx, p.a) : mod_args(p.mod);
  const pathb = enc.encode(path);
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
    req.data = chunk;
    req.data_off = data_off;
    req.data_len = data_len;
  }
  req.args_addr = chunk.addr;
  req.args_len = total;
  timing_copied(data_len, 0);
  return [chunk.addr, total];
}

/** Whether the filter's answer is one the operation could have (a modifier answers with an rfs_err). */
function answer_valid(req: request, retv: number, rv: number): boolean {
  if (rv !== RFS_STOP && rv !== RFS_CONTINUE) return false;
  const p = req.payload;
  if (p.kind === 'mod') return Number.isSafeInteger(retv) && rfs_err_of(retv) === retv;
  const a = p.a;
  // A pre-callback that goes on leaves the result to the operation: its retv means nothing.
  if (a.type.call === 'pre' && rv === RFS_CONTINUE) return true;
  return rfs_retv_valid(a, retv, a.type.call === 'pre');
}

function describe(req: request): string {
  const p = req.payload;
  return p.kind === 'mod' ? 'modifier' : `${p.a.type.call}-${rfs_op_name(p.a.type.id)}`;
}

/**
 * The filter answered: an answer the operation could not have is refused (EINVAL to the filter) and the
 * request ends by policy, its data untouched; otherwise the data it may have changed goes where the
 * operation needs it (the application's buffer after a read; the bytes to write before a write), then
 * the request completes. Returns 0 or -errno.
 */
export function ufilter_reply(uf: ufilter, req: request, retv: number, rv: number): number {
  req.marks.answered = timing_now();
  if (!answer_valid(req, retv, rv)) {
    stats.bad_answers++;
    pr_warn_ratelimited(rs_bad, 'urfs_bad_answer', `urfs: ${uf.flt.name}: bad answer to request ${req.id} ` +
      `(${describe(req)}): retv ${retv}, ${rv === RFS_STOP ? 'stop' : rv === RFS_CONTINUE ? 'continue' : `rv ${rv}`}; ` +
      'completed by policy');
    request_complete(req, { by: 'policy', why: 'bad answer' });
    return -EINVAL;
  }
  const p = req.payload;
  if (p.kind === 'op' && req.data) {
    const from = new UserPtr(req.data.task.mm, req.data.addr + req.data_off);
    const a = p.a;
    if (a.op === 'read') {
      const b = bounce_buffer(req.data_len);
      if (copy_from_user(b, from, req.data_len)) return -EFAULT;
      if (copy_to_user(a.args.buf, b, req.data_len)) return -EIO;
    } else if (a.op === 'write') {
      // The write happens after this callback returns: the bytes need a buffer of their own.
      const changed = memdup_user(from, req.data_len);
      if (typeof changed === 'number') return changed;
      a.args.buf = kernel_ptr(changed);
    }
    timing_copied(0, req.data_len);
  }
  request_complete(req, { by: 'reply', retv, rv });
  return 0;
}

/**
 * One kernel buffer, reused, for data passing between an application's memory and a filter's (each use
 * copies in and straight out again, with nothing in between that could sleep): a 64 KiB read through a
 * ufilter then allocates nothing.
 */
let bounce = new Uint8Array(0);
const BOUNCE_MAX = 1 << 20;
function bounce_buffer(n: number): Uint8Array {
  if (n > BOUNCE_MAX) return new Uint8Array(n); // not kept: rare, and the kernel should not hold that much
  if (bounce.length < n) bounce = new Uint8Array(Math.min(BOUNCE_MAX, Math.max(n, 2 * bounce.length, 4096)));
  return bounce;
}
