// From an event to what a callback sees: the operation's arguments (urfs 2: in the event; 2007: asked for
// with GET_ARGS the first time a callback looks), the modifier request of a modifier event.
import { HEAP, __heap_limit } from '@urfs/emu-kernel/user/libc';
import { EPROTO } from '@urfs/emu-kernel/uapi/errno';
import type { rfs_mod } from '@urfs/redirfs/rfs';
import {
  URFS_ARGS_SIZE, URFS_CMD_OP_CALLBACK_GET_ARGS, URFS_MOD_ACTIVATE, URFS_MOD_DEACTIVATE, URFS_MOD_REM_PATH,
  URFS_MOD_REM_PATHS, URFS_MOD_SET_PATH, urfs_args_decode,
} from '@urfs/urfs-kmod/uapi';
import {
  ATTR_ATIME, ATTR_GID, ATTR_MODE, ATTR_MTIME, ATTR_SIZE, ATTR_UID, URFS_EV_FD, URFS_EV_SLOT, type urfs_event2,
} from '@urfs/urfs-kmod/uapi_v2';
import { send_and_receive } from './msg.js';
import type { urfs_conn, urfs_iattr, urfs_op_args, urfs_pending_event } from './types.js';

const dec = new TextDecoder();

const no_args = (): urfs_op_args => ({ path: '', name2: '', mask: 0, pos: 0, count: 0, f_flags: 0, i_mode: 0, ino: 0,
  dev: 0, attr: {}, fd: -1, buf: null });

function attr_of(e: urfs_event2): urfs_iattr {
  const a: urfs_iattr = {};
  if (e.ia_valid & ATTR_MODE) a.mode = e.ia_mode;
  if (e.ia_valid & ATTR_UID) a.uid = e.ia_uid;
  if (e.ia_valid & ATTR_GID) a.gid = e.ia_gid;
  if (e.ia_valid & ATTR_SIZE) a.size = e.ia_size;
  if (e.ia_valid & ATTR_ATIME) a.atime = e.ia_atime;
  if (e.ia_valid & ATTR_MTIME) a.mtime = e.ia_mtime;
  return a;
}

/** Memory the kernel mapped for this event (not a slot of the data area): our allocator must never grow into it. */
function claim_mapped(e: urfs_event2): void {
  if (e.buf_ptr && !(e.flags & URFS_EV_SLOT)) __heap_limit(e.buf_ptr);
}

/** urfs 2: the arguments are in the event; its data is in our memory (a slot, or mapped for it). */
function inline_args(e: urfs_event2): urfs_op_args {
  claim_mapped(e);
  return {
    path: e.path, name2: e.name2, mask: e.mask, pos: e.pos, count: e.count, f_flags: e.f_flags, i_mode: e.mode,
    ino: e.ino, dev: e.dev, attr: attr_of(e), fd: e.flags & URFS_EV_FD ? e.fd : -1,
    buf: e.buf_ptr ? HEAP.subarray(e.buf_ptr, e.buf_ptr + e.buf_len) : null,
  };
}

interface fetched {
  args: urfs_op_args;
  mod_type: number;
  mod_arg: number;
}

/** The 2007 OP_CALLBACK_GET_ARGS: the kernel maps the arguments into our memory; we read them in place. */
function get_args(c: urfs_conn, ev: urfs_pending_event): fetched | number {
  const r = send_and_receive(c, { cmd: URFS_CMD_OP_CALLBACK_GET_ARGS, ufilter_id: ev.ufilter_id,
    request_id: ev.request_id });
  if (typeof r === 'number') return r;
  if (r.err) return r.err;
  if (r.data_len < URFS_ARGS_SIZE) return -EPROTO;
  __heap_limit(r.data_ptr);
  const raw = urfs_args_decode(HEAP.subarray(r.data_ptr, r.data_ptr + URFS_ARGS_SIZE));
  const a = no_args();
  a.path = dec.decode(HEAP.subarray(raw.path_ptr, raw.path_ptr + raw.path_len));
  a.mask = raw.mask;
  a.pos = raw.pos;
  a.count = raw.count;
  a.f_flags = raw.f_flags;
  a.i_mode = raw.i_mode;
  a.buf = raw.buf_ptr ? HEAP.subarray(raw.buf_ptr, raw.buf_ptr + raw.buf_len) : null;
  return { args: a, mod_type: raw.mod_type, mod_arg: raw.mod_arg };
}

/** The event's arguments; null when the request is gone (it ended before GET_ARGS could fetch them). */
export function event_fetch(c: urfs_conn, ev: urfs_pending_event): fetched | null {
  if (ev.inline) return { args: inline_args(ev.inline), mod_type: ev.inline.mod_type, mod_arg: ev.inline.mod_arg };
  const got = get_args(c, ev);
  return typeof got === 'number' ? null : got;
}

/** A lazy view of the arguments: GET_ARGS happens only if a callback looks (2007), never for urfs 2. */
export function event_args(c: urfs_conn, ev: urfs_pending_event): () => urfs_op_args {
  // Made when a callback first looks (many only answer); the mapped memory is claimed at once all the same.
  if (ev.inline) claim_mapped(ev.inline);
  let cache: urfs_op_args | null = null;
  return () => (cache ??= event_fetch(c, ev)?.args ?? no_args());
}

/** The modifier request of a modifier event, or null when it is none the library knows. */
export function mod_of(f: fetched): rfs_mod | null {
  switch (f.mod_type) {
    case URFS_MOD_SET_PATH: return { type: 'set_path', path_info: { path: f.args.path, flags: f.mod_arg } };
    case URFS_MOD_ACTIVATE: return { type: 'activate' };
    case URFS_MOD_DEACTIVATE: return { type: 'deactivate' };
    case URFS_MOD_REM_PATH: return { type: 'rem_path', id: f.mod_arg };
    case URFS_MOD_REM_PATHS: return { type: 'rem_paths' };
    default: return null;
  }
}
