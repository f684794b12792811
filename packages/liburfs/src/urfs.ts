// liburfs (the thesis's urfs.c): RedirFS filters in user space. A program opens a connection to
// /dev/urfs, allocates and registers filters, sets their operations and paths, activates them and runs
// urfs_main (main.ts), which delivers the kernel's callback events to the program's callbacks until
// SIGHUP, SIGINT or SIGTERM. The RFS API below has the kernel's names, types and meaning, so a filter's
// code moves between kernel and user space with only its import changed.
//
// A connection speaks urfs 2 (uapi_v2.ts: arguments inline, a data area mapped once, one system call per
// event) unless opened with `protocol: 1`, the thesis's 2007 flow (GET_ARGS), kept for comparison. In a
// worker process (urfs_serve's, workers.ts) the connection is a channel of the parent's, and the set-up
// calls (register, set operations, paths, activate) bind to the parent's filters instead of changing them.
import {
  open, close, malloc, free, HEAP, errno, ioctl, mmap, munmap, getenv, waitpid,
} from '@urfs/emu-kernel/user/libc';
import { O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { MAP_SHARED, PROT_READ, PROT_WRITE } from '@urfs/emu-kernel/uapi/mman';
import { RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOENT, rfs_err_of, type rfs_err, type rfs_path_info } from '@urfs/redirfs/rfs';
import { RFS_OP_END, rfs_op_valid } from '@urfs/redirfs/ops';
import {
  URFS_DEVICE, URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_UNREGISTER, URFS_CMD_FILTER_SET_PATH,
  URFS_CMD_FILTER_ACTIVATE, URFS_CMD_FILTER_DEACTIVATE, URFS_CMD_FILTER_SET_OPERATIONS,
  URFS_CMD_CONN_SWITCH_CALLBACKS, URFS_CMD_FILTER_REM_PATH, URFS_OPS_ENTRY_SIZE, URFS_OP_MOD, URFS_OP_PRE,
  URFS_OP_POST, URFS_OP_FD, URFS_POLICY_DEFAULT, URFS_POLICY_PASS, URFS_POLICY_ERROR, urfs_policy_word, type urfs_omsg,
} from '@urfs/urfs-kmod/uapi';
import {
  URFS_EVENT_MAX, URFS_IOC_ATTACH, URFS_IOC_SETUP, URFS_SETUP_SIZE, URFS_VERSION_2, urfs_setup_encode,
} from '@urfs/urfs-kmod/uapi_v2';
import { send_and_receive } from './msg.js';
import { worker_binding } from './workers.js';
import type {
  rfs_args, rfs_mod_cb, rfs_op_info, urfs_conn, urfs_filter, urfs_filter_info, urfs_policy,
} from './types.js';

export type * from './types.js';

const enc = new TextEncoder();

let default_conn: urfs_conn | null = null;

export interface urfs_open_opts {
  /** Print every message sent and received, decoded, on stderr. */
  debug?: boolean;
  /** The device (default /dev/urfs). */
  device?: string;
  /** 2 (default): urfs 2; 1: the 2007 protocol. */
  protocol?: 1 | 2;
  /** urfs 2's data area: how many events' data it holds at once, and the largest data it holds in place. */
  slots?: number;
  slot_size?: number;
}

export const URFS_DEFAULT_SLOTS = 16;
export const URFS_DEFAULT_SLOT_SIZE = 256 << 10;

/** urfs 2's set-up of a fresh file: the protocol, then the data area. Its address (0: none), or -errno. */
function setup_v2(fd: number, slots: number, slot_size: number): number {
  const s = malloc(URFS_SETUP_SIZE);
  HEAP.set(urfs_setup_encode({ version: URFS_VERSION_2, slots, slot_size, flags: 0 }), s);
  const r = ioctl(fd, URFS_IOC_SETUP, s);
  free(s);
  if (r < 0) return -errno;
  if (!slots) return 0;
  const addr = mmap(0, slots * slot_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return addr < 0 ? -errno : addr;
}

/**
 * Opens a connection to the urfs module. The last one opened is the default for rfs_register_filter.
 * In a worker of urfs_serve it attaches to the parent's connection instead.
 */
export function urfs_open(opts: urfs_open_opts = {}): { err: number; conn: urfs_conn | null } {
  const fd = open(opts.device ?? URFS_DEVICE, O_RDWR);
  if (fd < 0) return { err: -errno, conn: null };
  const protocol = opts.protocol ?? 2;
  const worker = worker_binding(getenv('URFS_WORKER'));
  let err = 0, area = 0;
  const slots = opts.slots ?? URFS_DEFAULT_SLOTS, slot_size = opts.slot_size ?? URFS_DEFAULT_SLOT_SIZE;
  if (worker) {
    if (ioctl(fd, URFS_IOC_ATTACH, worker.fd) < 0) err = -errno;
    // Attached: the parent's file must not stay open here, or its connection would outlive the parent.
    close(worker.fd);
  }
  if (!err && protocol === 2) {
    const r = setup_v2(fd, slots, slot_size);
    if (r < 0) err = r;
    else area = r;
  }
  if (err) {
    close(fd);
    return { err, conn: null };
  }
  const conn: urfs_conn = { fd, protocol, filters: new Map(), debug: Boolean(opts.debug), backlog: [],
    running: new Map(), msg: malloc(128), evbuf: malloc(URFS_EVENT_MAX), worker: worker?.filters ?? null,
    serving: false, workers: [], area: area ? { addr: area, len: slots * slot_size } : null };
  default_conn = conn;
  return { err: 0, conn };
}

/**
 * Closes the connection: the kernel unregisters whatever filters are still registered on it, and the
 * workers (whose connection this was) end; waits for them.
 */
export function urfs_close(c: urfs_conn): void {
  // The mapping holds the file too: the connection ends only once both are gone.
  if (c.area) munmap(c.area.addr, c.area.len);
  c.area = null;
  if (c.fd >= 0) close(c.fd);
  c.fd = -1;
  for (const pid of c.workers.splice(0)) waitpid(pid);
  free(c.msg);
  free(c.evbuf);
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

/**
 * Runs a set-up command: its result as an rfs_err. A worker that does not serve yet binds to the
 * parent's filters and changes nothing: its set-up calls succeed without a command.
 */
function kcmd(c: urfs_conn, m: Parameters<typeof send_and_receive>[1]): rfs_err {
  return c.worker && !c.serving ? RFS_ERR_OK : cmd_err(send_and_receive(c, m));
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
  if (c.worker) {
    // A worker serves the parent's filter of this name.
    const id = c.worker.get(info.name);
    if (id === undefined) return { err: RFS_ERR_NOENT, filter: null };
    f.id = id;
    f.name = info.name;
    c.filters.set(id, f);
    return { err: RFS_ERR_OK, filter: f };
  }
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
  const err = kcmd(f.conn, { cmd: URFS_CMD_FILTER_UNREGISTER, ufilter_id: f.id });
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
    v.setUint32(i * URFS_OPS_ENTRY_SIZE + 4, (o.pre_cb ? URFS_OP_PRE : 0) | (o.post_cb ? URFS_OP_POST : 0) |
      (o.object_fd ? URFS_OP_FD : 0), true);
  });
  const err = with_bytes(table, (p) => kcmd(f.conn, {
    cmd: URFS_CMD_FILTER_SET_OPERATIONS, ufilter_id: f.id, ops_ptr: p, count: ops.length,
  }));
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
  return with_bytes(path, (p) => kcmd(f.conn, {
    cmd: URFS_CMD_FILTER_SET_PATH, ufilter_id: f.id, path_ptr: p, path_len: path.length, flags: info.flags >>> 0,
  }));
}

/** Removes one of the filter's paths, by the id `redirctl paths` and the sysfs `paths` file show. */
export function rfs_rem_path(f: urfs_filter, id: number): rfs_err {
  if (!live(f) || !Number.isInteger(id) || id < 0 || id > 0x7fffffff) return RFS_ERR_INVAL;
  return kcmd(f.conn, { cmd: URFS_CMD_FILTER_REM_PATH, ufilter_id: f.id, path_id: id });
}

/** Removes every path of the filter. */
export function rfs_rem_paths(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  return kcmd(f.conn, { cmd: URFS_CMD_FILTER_REM_PATH, ufilter_id: f.id, path_id: -1 });
}

export function rfs_activate_filter(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  return kcmd(f.conn, { cmd: URFS_CMD_FILTER_ACTIVATE, ufilter_id: f.id });
}

export function rfs_deactivate_filter(f: urfs_filter): rfs_err {
  if (!live(f)) return RFS_ERR_INVAL;
  return kcmd(f.conn, { cmd: URFS_CMD_FILTER_DEACTIVATE, ufilter_id: f.id });
}

/** Sets (or with null clears) the modifier callback: redirctl and sysfs then reach this filter. */
export function rfs_set_mod_cb(f: urfs_filter, cb: rfs_mod_cb | null): rfs_err {
  if (!live(f) || (cb !== null && typeof cb !== 'function')) return RFS_ERR_INVAL;
  const table = new Uint8Array(URFS_OPS_ENTRY_SIZE);
  const v = new DataView(table.buffer);
  v.setUint32(0, URFS_OP_MOD, true);
  v.setUint32(4, cb ? URFS_OP_PRE : 0, true);
  const err = with_bytes(table, (p) => kcmd(f.conn, {
    cmd: URFS_CMD_FILTER_SET_OPERATIONS, ufilter_id: f.id, ops_ptr: p, count: 1,
  }));
  if (!err) f.mod_cb = cb;
  return err;
}

/** Switches the delivery of callback events on or off (urfs_main switches them on). */
export function urfs_switch_callbacks(c: urfs_conn, enable: boolean): rfs_err {
  return kcmd(c, { cmd: URFS_CMD_CONN_SWITCH_CALLBACKS, enable: enable ? 1 : 0 });
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

