// liburfs (the thesis's urfs.c): RedirFS filters in user space. A program opens a connection to
// /dev/urfs, allocates and registers filters, sets their operations and paths, activates them and runs
// urfs_main, which delivers the kernel's callback events to the program's callbacks until SIGHUP, SIGINT
// or SIGTERM. The RFS API below has the kernel's names, types and meaning, so a filter's code moves
// between kernel and user space with only its import changed.
import {
  open, close, read, write, malloc, free, HEAP, errno, set_errno, dprintf, sigaction, __heap_limit,
  type SigHandler,
} from '@urfs/emu-kernel/user/libc';
import { O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { EINTR, EINVAL, ENOENT, EPROTO } from '@urfs/emu-kernel/uapi/errno';
import { SIGHUP, SIGINT, SIGTERM, SIG_DFL } from '@urfs/emu-kernel/uapi/signal';
import {
  RFS_CONTINUE, RFS_STOP, RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_OPNOTSUPP, rfs_err_of, type rfs_err,
  type rfs_retv, type rfs_filter_info, type rfs_path_info, type rfs_mod, type rfs_op_type,
} from '@urfs/redirfs/rfs';
import { RFS_OP_END, rfs_op_valid, rfs_op_vfs_op, type rfs_op_id } from '@urfs/redirfs/ops';
import {
  URFS_DEVICE, URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_UNREGISTER, URFS_CMD_FILTER_SET_PATH,
  URFS_CMD_FILTER_ACTIVATE, URFS_CMD_FILTER_DEACTIVATE, URFS_CMD_FILTER_SET_OPERATIONS,
  URFS_CMD_CONN_SWITCH_CALLBACKS, URFS_CMD_OP_CALLBACK_GET_ARGS, URFS_CMD_OP_CALLBACK, URFS_CMD_FILTER_REM_PATH,
  URFS_OMSG_SIZE,
  URFS_OPS_ENTRY_SIZE, URFS_OP_MOD, URFS_OP_PRE, URFS_OP_POST, URFS_CALL_PRE, URFS_CALL_MOD, URFS_MOD_SET_PATH,
  URFS_MOD_ACTIVATE, URFS_MOD_DEACTIVATE, URFS_MOD_REM_PATH, URFS_MOD_REM_PATHS, URFS_POLICY_DEFAULT,
  URFS_POLICY_PASS, URFS_POLICY_ERROR, URFS_ARGS_SIZE, urfs_imsg_encode, urfs_omsg_decode, urfs_args_decode,
  urfs_policy_word,
  urfs_msg_describe, type urfs_imsg, type urfs_omsg,
} from '@urfs/urfs-kmod/uapi';

const dec = new TextDecoder();
const enc = new TextEncoder();

/** Who made the operation (the kernel's rfs_context.caller, as far as user space may know it). */
export interface rfs_caller {
  pid: number;
  uid: number;
}
export interface rfs_context {
  readonly caller: rfs_caller;
  /**
   * The operation stopped waiting for this callback (its caller got a signal or was killed): whatever the
   * callback answers now is refused. A long callback may look and give up early (FUSE's
   * fuse_req_interrupted).
   */
  readonly interrupted: boolean;
}

/**
 * The operation's arguments, fetched from the kernel (GET_ARGS) the first time a callback looks at them.
 * `buf` is the data of a post-read (what was read) or a pre-write (what will be written): a view of memory
 * the kernel mapped into this process; changing its bytes changes what the application reads or what is
 * written. `path` is the object's path (for name operations, the entry's).
 */
export interface urfs_op_args {
  path: string;
  /** permission: MAY_* bits. */
  mask: number;
  /** read/write: file position; llseek: offset. */
  pos: number;
  /** read/write: bytes asked for; llseek: whence. */
  count: number;
  f_flags: number;
  /** The object's mode (create, mkdir, mknod: the mode asked for). */
  i_mode: number;
  buf: Uint8Array | null;
}

/** struct rfs_args: the operation (its VFS name), its arguments, its result and which callback runs. */
export interface rfs_args {
  readonly op: string;
  readonly type: rfs_op_type;
  /** Set it in a pre-callback that returns RFS_STOP; a post-callback may change it. */
  retv: number;
  readonly args: urfs_op_args;
}

export type rfs_callback = (context: rfs_context, args: rfs_args) => rfs_retv | Promise<rfs_retv>;
export interface rfs_op_info {
  op_id: rfs_op_id;
  pre_cb?: rfs_callback | null;
  post_cb?: rfs_callback | null;
}
export type rfs_mod_cb = (mod: rfs_mod) => rfs_err | Promise<rfs_err>;

/**
 * What an operation does when this filter gives no valid answer (it dies, does not answer in time, or
 * answers what the operation could not have): go on unfiltered ('pass') or fail with EIO ('error');
 * 'default' takes the urfs module's `policy` parameter. liburfs's extension.
 */
export type urfs_policy = 'default' | 'pass' | 'error';
export interface urfs_filter_info extends rfs_filter_info {
  /** For every callback but the data ones. */
  policy?: urfs_policy;
  /**
   * For the callbacks that may change data (post-read, pre-write): unless this is 'pass', a missing
   * answer fails the operation with EIO, so data is never left unchanged in silence.
   */
  data_policy?: urfs_policy;
}

type urfs_event = Extract<urfs_omsg, { kind: 'event' }>;
type urfs_interrupt = Extract<urfs_omsg, { kind: 'interrupt' }>;

/** A connection (struct urfs_conn): the device descriptor and its filters by ufilter id. */
export interface urfs_conn {
  fd: number;
  readonly filters: Map<number, urfs_filter>;
  debug: boolean;
  /** Events read while waiting for a reply (cannot happen with the kernel's queue order; kept safe). */
  readonly backlog: urfs_event[];
  /** The event being handled (ufilter id:request id), and whether the kernel stopped waiting for it. */
  current: string | null;
  interrupted: boolean;
  /** Scratch memory for one message each way. */
  readonly msg: number;
}

/** A user filter (struct urfs_filter): its connection, kernel id and callbacks. */
export interface urfs_filter {
  readonly conn: urfs_conn;
  id: number;
  name: string;
  readonly pre_cbs: Map<number, rfs_callback>;
  readonly post_cbs: Map<number, rfs_callback>;
  mod_cb: rfs_mod_cb | null;
}
/** The filter handle the RFS API takes. */
export type rfs_filter = urfs_filter;

let default_conn: urfs_conn | null = null;

export interface urfs_open_opts {
  /** Print every message sent and received, decoded, on stderr. */
  debug?: boolean;
  /** The device (default /dev/urfs). */
  device?: string;
}

/** Opens a connection to the urfs module. The last one opened is the default for rfs_register_filter. */
export function urfs_open(opts: urfs_open_opts = {}): { err: number; conn: urfs_conn | null } {
  const fd = open(opts.device ?? URFS_DEVICE, O_RDWR);
  if (fd < 0) return { err: -errno, conn: null };
  const msg = malloc(128);
  const conn: urfs_conn = { fd, filters: new Map(), debug: Boolean(opts.debug), backlog: [], current: null,
    interrupted: false, msg };
  default_conn = conn;
  return { err: 0, conn };
}

/** Closes the connection: the kernel unregisters whatever filters are still registered on it. */
export function urfs_close(c: urfs_conn): void {
  if (c.fd >= 0) close(c.fd);
  c.fd = -1;
  free(c.msg);
  c.filters.clear();
  if (default_conn === c) default_conn = null;
}

/** Allocates a filter on the connection (register it with rfs_register_filter). */
export function urfs_filter_alloc(c: urfs_conn): { err: number; filter: urfs_filter | null } {
  if (c.fd < 0) return { err: RFS_ERR_INVAL, filter: null };
  return { err: 0, filter: { conn: c, id: -1, name: '', pre_cbs: new Map(), post_cbs: new Map(), mod_cb: null } };
}

export function urfs_filter_free(f: urfs_filter): void {
  if (f.id >= 0 && f.conn.filters.get(f.id) === f) f.conn.filters.delete(f.id);
  f.id = -1;
  f.pre_cbs.clear();
  f.post_cbs.clear();
  f.mod_cb = null;
}

/** Strips -d / --debug from argv: what liburfs programs pass to urfs_open. */
export function urfs_getopt_debug(argv: readonly string[]): { debug: boolean; argv: string[] } {
  const rest = argv.filter((a) => a !== '-d' && a !== '--debug');
  return { debug: rest.length !== argv.length, argv: rest };
}

// ---- messages ----

function debug(c: urfs_conn, dir: 'send' | 'recv', b: Uint8Array): void {
  if (c.debug) dprintf(2, `urfs: ${urfs_msg_describe(dir, b)}\n`);
}

/** Writes one message: 0 or -errno. */
function imsg_send(c: urfs_conn, m: urfs_imsg): number {
  const b = urfs_imsg_encode(m);
  debug(c, 'send', b);
  HEAP.set(b, c.msg);
  const r = write(c.fd, c.msg, b.length);
  if (r < 0) {
    if (c.debug) dprintf(2, `urfs: send failed: errno ${errno}\n`);
    return -errno;
  }
  return 0;
}

/** Reads one message (blocking), retrying interrupted reads; null with errno set on failure. */
function omsg_recv(c: urfs_conn): urfs_omsg | null {
  for (;;) {
    const m = omsg_recv_once(c);
    if (m || errno !== EINTR) return m;
  }
}

/** Reads one message; unlike omsg_recv an interrupted read returns (null, errno EINTR). */
function omsg_recv_once(c: urfs_conn): urfs_omsg | null {
  const base = c.msg + 64;
  const r = read(c.fd, base, URFS_OMSG_SIZE);
  if (r < 0) return null;
  if (r === 0) {
    set_errno(EPROTO);
    return null;
  }
  const b = HEAP.slice(base, base + r);
  debug(c, 'recv', b);
  const m = urfs_omsg_decode(b);
  if (!m) set_errno(EPROTO);
  return m;
}

/** Sends a command and waits for its reply (the next message: replies go to the head of the queue). */
function send_and_receive(c: urfs_conn, m: urfs_imsg): Extract<urfs_omsg, { kind: 'reply' }> | number {
  if (c.fd < 0) return RFS_ERR_INVAL;
  const e = imsg_send(c, m);
  if (e) return e;
  for (;;) {
    const r = omsg_recv(c);
    if (!r) return -errno;
    if (r.kind === 'event') {
      c.backlog.push(r);
      continue;
    }
    if (r.kind === 'interrupt') {
      on_interrupt(c, r);
      continue;
    }
    if (r.cmd !== m.cmd) return -EPROTO;
    return r;
  }
}

const request_key = (ufilter_id: number, request_id: bigint) => `${ufilter_id}:${request_id}`;

/**
 * OP_INTERRUPT: an event not handled yet is dropped; the one being handled is marked
 * (rfs_context.interrupted); one already answered needs nothing.
 */
function on_interrupt(c: urfs_conn, m: urfs_interrupt): void {
  const i = c.backlog.findIndex((e) => e.ufilter_id === m.ufilter_id && e.request_id === m.request_id);
  if (i >= 0) c.backlog.splice(i, 1);
  else if (c.current === request_key(m.ufilter_id, m.request_id)) c.interrupted = true;
}

/** A command's result as an rfs_err. */
function cmd_err(r: Extract<urfs_omsg, { kind: 'reply' }> | number): rfs_err {
  return typeof r === 'number' ? rfs_err_of(r) : rfs_err_of(r.err);
}

function live(f: unknown): f is urfs_filter {
  return typeof f === 'object' && f !== null && 'conn' in f && (f as urfs_filter).id >= 0 &&
    (f as urfs_filter).conn.fd >= 0;
}

function with_bytes<T>(b: Uint8Array, fn: (ptr: number) => T): T {
  const p = malloc(Math.max(1, b.length));
  HEAP.set(b, p);
  try {
    return fn(p);
  } finally {
    free(p);
  }
}

// ---- the RFS API ----

/**
 * Registers a filter. `filter` is one from urfs_filter_alloc; without it one is allocated on the last
 * connection opened, which lets code written for the kernel's rfs_register_filter(info) run unchanged.
 */
export function rfs_register_filter(info: urfs_filter_info, filter?: urfs_filter): { err: rfs_err; filter: urfs_filter | null } {
  let f = filter ?? null;
  if (!f) {
    if (!default_conn) return { err: RFS_ERR_INVAL, filter: null };
    f = urfs_filter_alloc(default_conn).filter;
  }
  if (!f || f.id >= 0 || !info || typeof info.name !== 'string' || !Number.isSafeInteger(info.priority)) {
    return { err: RFS_ERR_INVAL, filter: null };
  }
  const policy_num = (p: urfs_policy | undefined) =>
    p === 'pass' ? URFS_POLICY_PASS : p === 'error' ? URFS_POLICY_ERROR : URFS_POLICY_DEFAULT;
  const policy = urfs_policy_word(policy_num(info.policy), policy_num(info.data_policy));
  const name = enc.encode(info.name);
  const c = f.conn;
  const r = with_bytes(name, (p) => send_and_receive(c, {
    cmd: URFS_CMD_FILTER_REGISTER, name_ptr: p, name_len: name.length, priority: info.priority,
    active: info.active ? 1 : 0, policy,
  }));
  const err = cmd_err(r);
  if (err || typeof r === 'number') return { err: err || RFS_ERR_INVAL, filter: null };
  f.id = r.ufilter_id;
  f.name = info.name;
  c.filters.set(f.id, f);
  return { err: RFS_ERR_OK, filter: f };
}

export function rfs_unregister_filter(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  const err = cmd_err(send_and_receive(f.conn, { cmd: URFS_CMD_FILTER_UNREGISTER, ufilter_id: f.id }));
  if (!err) {
    f.conn.filters.delete(f.id);
    f.id = -1;
  }
  return err;
}

/**
 * Sets the callbacks of the listed operations (others keep theirs; a null or missing one removes it).
 * The kernel registers exactly the pre- and post-callbacks given here.
 */
export function rfs_set_operations(f: urfs_filter, ops: readonly rfs_op_info[]): rfs_err {
  if (!live(f) || !Array.isArray(ops) || ops.length > RFS_OP_END) return RFS_ERR_INVAL;
  const isCb = (cb: unknown) => cb === undefined || cb === null || typeof cb === 'function';
  for (const o of ops) if (!o || !rfs_op_valid(o.op_id) || !isCb(o.pre_cb) || !isCb(o.post_cb)) return RFS_ERR_INVAL;
  const table = new Uint8Array(ops.length * URFS_OPS_ENTRY_SIZE);
  const v = new DataView(table.buffer);
  ops.forEach((o, i) => {
    v.setUint32(i * URFS_OPS_ENTRY_SIZE, o.op_id, true);
    v.setUint32(i * URFS_OPS_ENTRY_SIZE + 4, (o.pre_cb ? URFS_OP_PRE : 0) | (o.post_cb ? URFS_OP_POST : 0), true);
  });
  const err = cmd_err(with_bytes(table, (p) => send_and_receive(f.conn, {
    cmd: URFS_CMD_FILTER_SET_OPERATIONS, ufilter_id: f.id, ops_ptr: p, count: ops.length,
  })));
  if (!err) {
    for (const o of ops) {
      if (o.pre_cb) f.pre_cbs.set(o.op_id, o.pre_cb);
      else f.pre_cbs.delete(o.op_id);
      if (o.post_cb) f.post_cbs.set(o.op_id, o.post_cb);
      else f.post_cbs.delete(o.op_id);
    }
  }
  return err;
}

export function rfs_set_path(f: urfs_filter, info: rfs_path_info): rfs_err {
  if (!live(f) || !info || typeof info.path !== 'string') return RFS_ERR_INVAL;
  const path = enc.encode(info.path);
  return cmd_err(with_bytes(path, (p) => send_and_receive(f.conn, {
    cmd: URFS_CMD_FILTER_SET_PATH, ufilter_id: f.id, path_ptr: p, path_len: path.length, flags: info.flags >>> 0,
  })));
}

/** Removes one of the filter's paths, by the id `redirctl paths` and the sysfs `paths` file show. */
export function rfs_rem_path(f: urfs_filter, id: number): rfs_err {
  if (!live(f) || !Number.isInteger(id) || id < 0 || id > 0x7fffffff) return RFS_ERR_INVAL;
  return cmd_err(send_and_receive(f.conn, { cmd: URFS_CMD_FILTER_REM_PATH, ufilter_id: f.id, path_id: id }));
}

/** Removes every path of the filter. */
export function rfs_rem_paths(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  return cmd_err(send_and_receive(f.conn, { cmd: URFS_CMD_FILTER_REM_PATH, ufilter_id: f.id, path_id: -1 }));
}

export function rfs_activate_filter(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  return cmd_err(send_and_receive(f.conn, { cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: f.id }));
}

export function rfs_deactivate_filter(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  return cmd_err(send_and_receive(f.conn, { cmd: URFS_CMD_FILTER_DEACTIVATE, ufilter_id: f.id }));
}

/** Sets (or with null clears) the modifier callback: redirctl and sysfs then reach this filter. */
export function rfs_set_mod_cb(f: urfs_filter, cb: rfs_mod_cb | null): rfs_err {
  if (!live(f) || (cb !== null && typeof cb !== 'function')) return RFS_ERR_INVAL;
  const table = new Uint8Array(URFS_OPS_ENTRY_SIZE);
  const v = new DataView(table.buffer);
  v.setUint32(0, URFS_OP_MOD, true);
  v.setUint32(4, cb ? URFS_OP_PRE : 0, true);
  const err = cmd_err(with_bytes(table, (p) => send_and_receive(f.conn, {
    cmd: URFS_CMD_FILTER_SET_OPERATIONS, ufilter_id: f.id, ops_ptr: p, count: 1,
  })));
  if (!err) f.mod_cb = cb;
  return err;
}

/** Switches the delivery of callback events on or off (urfs_main switches them on). */
export function urfs_switch_callbacks(c: urfs_conn, enable: boolean): rfs_err {
  return cmd_err(send_and_receive(c, { cmd: URFS_CMD_CONN_SWITCH_CALLBACKS, enable: enable ? 1 : 0 }));
}

/** The data of a post-read or pre-write callback (the same helper exists for kernel filters). */
export function rfs_args_data(a: rfs_args): Uint8Array | null {
  return a.args.buf;
}
/** Sets the data: the bytes go into the mapped buffer (at most its length). */
export function rfs_args_set_data(a: rfs_args, d: Uint8Array): void {
  const buf = a.args.buf;
  if (buf && d !== buf) buf.set(d.subarray(0, buf.length));
}

// ---- the main loop ----

interface fetched {
  raw: ReturnType<typeof urfs_args_decode>;
  path: string;
  buf: Uint8Array | null;
}

/** OP_CALLBACK_GET_ARGS: the kernel maps the arguments into our memory; we read them in place. */
function get_args(c: urfs_conn, ufilter_id: number, request_id: bigint): fetched | number {
  const r = send_and_receive(c, { cmd: URFS_CMD_OP_CALLBACK_GET_ARGS, ufilter_id, request_id });
  if (typeof r === 'number') return r;
  if (r.err) return r.err;
  if (r.data_len < URFS_ARGS_SIZE) return -EPROTO;
  __heap_limit(r.data_ptr); // our allocator must never grow into it
  const raw = urfs_args_decode(HEAP.subarray(r.data_ptr, r.data_ptr + URFS_ARGS_SIZE));
  const path = dec.decode(HEAP.subarray(raw.path_ptr, raw.path_ptr + raw.path_len));
  const buf = raw.buf_ptr ? HEAP.subarray(raw.buf_ptr, raw.buf_ptr + raw.buf_len) : null;
  return { raw, path, buf };
}

function mod_of(f: fetched): rfs_mod | null {
  switch (f.raw.mod_type) {
    case URFS_MOD_SET_PATH: return { type: 'set_path', path_info: { path: f.path, flags: f.raw.mod_arg } };
    case URFS_MOD_ACTIVATE: return { type: 'activate' };
    case URFS_MOD_DEACTIVATE: return { type: 'deactivate' };
    case URFS_MOD_REM_PATH: return { type: 'rem_path', id: f.raw.mod_arg };
    case URFS_MOD_REM_PATHS: return { type: 'rem_paths' };
    default: return null;
  }
}

function report(what: string, e: unknown): void {
  dprintf(2, `urfs: ${what}: ${e instanceof Error ? e.message : String(e)}\n`);
}

/** Answers one event: runs the filter's callback (if it has one) and writes the reply. */
async function handle_event(c: urfs_conn, ev: Extract<urfs_omsg, { kind: 'event' }>): Promise<void> {
  const f = c.filters.get(ev.ufilter_id);
  let retv = ev.retv;
  let rv: number = RFS_CONTINUE;
  if (ev.op_id === URFS_OP_MOD && ev.call === URFS_CALL_MOD) {
    retv = RFS_ERR_OPNOTSUPP;
    if (f?.mod_cb) {
      const got = get_args(c, ev.ufilter_id, ev.request_id);
      if (typeof got === 'number') return; // the request is gone (timed out)
      const mod = mod_of(got);
      try {
        retv = mod ? await f.mod_cb(mod) : RFS_ERR_INVAL;
      } catch (e) {
        report(`${f.name}: modifier callback failed`, e);
        retv = RFS_ERR_INVAL;
      }
    }
  } else {
    const cb = ev.call === URFS_CALL_PRE ? f?.pre_cbs.get(ev.op_id) : f?.post_cbs.get(ev.op_id);
    // No callback: go on with the operation's own result (the 2007 loop sent an uninitialised retv here).
    if (cb && f) {
      let cache: urfs_op_args | null = null;
      const a: rfs_args = {
        op: rfs_op_vfs_op(ev.op_id) ?? 'none',
        type: { id: ev.op_id, call: ev.call === URFS_CALL_PRE ? 'pre' : 'post' },
        retv: ev.retv,
        get args(): urfs_op_args {
          if (!cache) {
            const got = get_args(c, ev.ufilter_id, ev.request_id);
            if (typeof got === 'number') {
              cache = { path: '', mask: 0, pos: 0, count: 0, f_flags: 0, i_mode: 0, buf: null };
            } else {
              const r = got.raw;
              cache = { path: got.path, mask: r.mask, pos: r.pos, count: r.count, f_flags: r.f_flags, i_mode: r.i_mode,
                buf: got.buf };
            }
          }
          return cache;
        },
      };
      const cx: rfs_context = {
        caller: { pid: ev.pid, uid: ev.uid },
        get interrupted() {
          return c.interrupted;
        },
      };
      try {
        rv = (await cb(cx, a)) === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
        retv = Number.isSafeInteger(a.retv) ? a.retv : ev.retv;
      } catch (e) {
        report(`${f.name}: callback of op ${ev.op_id} failed`, e);
      }
    }
  }
  if (c.interrupted) return; // nothing waits for this answer any more
  const e = imsg_send(c, { cmd: URFS_CMD_OP_CALLBACK, ufilter_id: ev.ufilter_id, request_id: ev.request_id, retv, rv });
  // ENOENT: the request ended meanwhile (timeout, interrupt). EINVAL: the operation could not have that
  // result; the kernel completed it by the filter's policy and logged it.
  if (e === -EINVAL) {
    report(`${f?.name ?? ev.ufilter_id}: answer refused`, `op ${ev.op_id} ${ev.call === URFS_CALL_PRE ? 'pre' : 'post'}` +
      ` retv ${retv} ${rv === RFS_STOP ? 'stop' : 'continue'} is not a result this operation can have`);
  } else if (e && e !== -ENOENT) {
    report('reply', `errno ${-e}`);
  }
}

export interface urfs_main_opts {
  /** Called once callbacks are on: the filter is working (demos print their "active" line here). */
  on_ready?: () => void;
}

/**
 * The main loop: switches callbacks on, then waits (blocking read) for events and answers them until SIGHUP,
 * SIGINT or SIGTERM; switches callbacks off and returns 0 (or -errno) so the program can deactivate,
 * unregister and close. `_filter` is accepted for the thesis's signature urfs_main(conn, filter).
 */
export async function urfs_main(c: urfs_conn, _filter?: urfs_filter | null, opts: urfs_main_opts = {}): Promise<number> {
  if (c.fd < 0) return -EINVAL;
  let stop = false;
  const on_sig: SigHandler = () => {
    stop = true;
  };
  for (const s of [SIGHUP, SIGINT, SIGTERM]) sigaction(s, on_sig);
  let ret = 0;
  try {
    const err = urfs_switch_callbacks(c, true);
    if (err) return err;
    opts.on_ready?.();
    while (!stop) {
      let ev: urfs_event | null = c.backlog.shift() ?? null;
      if (!ev) {
        // A blocking read waits for the next event (a signal interrupts it with EINTR and the loop sees
        // `stop`). The thesis's loop polled first; the read alone saves a system call per event.
        const m = omsg_recv_once(c);
        if (!m) {
          if (errno === EINTR) continue;
          ret = -errno;
          break;
        }
        if (m.kind === 'interrupt') on_interrupt(c, m);
        if (m.kind !== 'event') continue;
        ev = m;
      }
      c.current = request_key(ev.ufilter_id, ev.request_id);
      c.interrupted = false;
      try {
        await handle_event(c, ev);
      } finally {
        c.current = null;
      }
    }
    urfs_switch_callbacks(c, false);
  } finally {
    for (const s of [SIGHUP, SIGINT, SIGTERM]) sigaction(s, SIG_DFL);
  }
  return ret;
}
