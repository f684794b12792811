// The urfs interface (the thesis's urfs_kernel.h), shared by the kernel module and liburfs like a uapi
// header: it imports nothing from the kernel. Messages are fixed little-endian binary layouts; strings,
// arrays and structures travel as user pointers plus lengths that the kernel copies from.
//
// One message per write (user -> kernel, "imsg"), one per read (kernel -> user, "omsg"). A write must be
// exactly its command's size: shorter, or an unknown command, is EINVAL; longer than URFS_IMSG_MAX is
// EMSGSIZE. A write that fails queues no reply. A read needs a buffer of at least URFS_OMSG_SIZE bytes.
//
// imsg layouts (offset: field):
//   FILTER_REGISTER (32)      0 cmd u32 | 4 -1 s32 | 8 name_ptr u64 | 16 name_len u32 | 20 priority s32 |
//                             24 active u32 | 28 policy u32: bits 0-7 the URFS_POLICY_* of every callback
//                             but the data ones, bits 8-15 that of the data callbacks (post-read,
//                             pre-write; URFS_POLICY_DEFAULT there is ERROR); other bits 0
//   FILTER_UNREGISTER, FILTER_ACTIVATE, FILTER_DEACTIVATE (8)   0 cmd | 4 ufilter_id s32
//   FILTER_SET_PATH (24)      0 cmd | 4 ufilter_id | 8 path_ptr u64 | 16 path_len u32 | 20 flags u32
//   FILTER_SET_OPERATIONS (24) 0 cmd | 4 ufilter_id | 8 ops_ptr u64 | 16 count u32 | 20 0 u32
//                             ops: count x { op_id u32, flags u32 (URFS_OP_PRE | URFS_OP_POST, and
//                             urfs 2's URFS_OP_FD) };
//                             op_id URFS_OP_MOD with URFS_OP_PRE sets the modifier callback (0 clears it)
//   CONN_SWITCH_CALLBACKS (8) 0 cmd | 4 enable u32
//   OP_CALLBACK_GET_ARGS (16) 0 cmd | 4 ufilter_id | 8 request_id u64
//   OP_CALLBACK (32)          the filter's answer to an event: 0 cmd | 4 ufilter_id | 8 request_id u64 |
//                             16 retv s64 | 24 rv u32 (RFS_STOP 0 / RFS_CONTINUE 1) | 28 flags u32 (0 in
//                             the 2007 protocol; urfs 2's URFS_ANSWER_*, uapi_v2.ts)
//   FILTER_REM_PATH (16)      0 cmd | 4 ufilter_id | 8 path_id s32 (as `redirctl paths` lists it; -1: all
//                             of the filter's paths) | 12 0 u32. Not in the 2007 set: later RedirFS's
//                             rfs_rem_path / rfs_rem_paths, which a modifier callback needs to answer
//                             the sysfs `paths` file's removals.
//
// omsg layouts (URFS_OMSG_SIZE = 40 bytes each):
//   reply                     0 cmd u32 (the command answered) | 4 err s32 (rfs_err) | 8 ufilter_id s32 |
//                             12 0 | 16 data_ptr u64 | 24 data_len u64 | 32 0
//   OP_CALLBACK (event)       0 cmd u32 = OP_CALLBACK | 4 ufilter_id s32 | 8 request_id u64 | 16 op_id u32 |
//                             20 call u32 (URFS_CALL_*) | 24 retv s64 | 32 pid s32 | 36 uid s32 (the caller's)
//   OP_INTERRUPT              0 cmd u32 = OP_INTERRUPT | 4 ufilter_id s32 | 8 request_id u64 | 16.. 0: the
//                             operation of an event already read stopped waiting (its caller got a signal
//                             or was killed); an answer to it now fails with ENOENT. FUSE_INTERRUPT's role.
//   FILTER_GONE               0 cmd u32 = FILTER_GONE | 4 ufilter_id s32 | 8.. 0: the ufilter was
//                             unregistered by someone else (sysfs `unregister`); its id is free again and
//                             no event of it follows. Queued with the interrupts, on every channel.
// A read takes replies first, then interrupts, then events, each in the order queued: a command's reply is
// always the next message its sender reads, and an interrupt overtakes the events behind it.
//
// OP_CALLBACK_GET_ARGS answers with data_ptr/data_len: a urfs_args structure (URFS_ARGS_SIZE bytes)
// that the kernel mapped into the caller's memory, followed by the strings and data it points at. The
// mapping lives until the request is answered (or ends by timeout or policy). Changes the filter makes to
// the data buffer of a post-read callback reach the application's buffer; those of a pre-write callback
// are what gets written. urfs_args:
//   0 op_id u32 | 4 call u32 | 8 retv s64 | 16 pid s32 | 20 uid s32 | 24 path_ptr u64 | 32 path_len u32 |
//   36 mask s32 | 40 buf_ptr u64 | 48 buf_len u64 | 56 pos s64 | 64 count u64 | 72 f_flags u32 |
//   76 i_mode u32 | 80 mod_type u32 (URFS_MOD_*) | 84 mod_arg u32 (path flags, or path id)

import { s64, set64, u64 } from './uapi_int64.js';

export const URFS_DEVICE = '/dev/urfs';

export const URFS_CMD_FILTER_REGISTER = 1;
export const URFS_CMD_FILTER_UNREGISTER = 2;
export const URFS_CMD_FILTER_SET_PATH = 3;
export const URFS_CMD_FILTER_ACTIVATE = 4;
export const URFS_CMD_FILTER_DEACTIVATE = 5;
export const URFS_CMD_FILTER_SET_OPERATIONS = 6;
export const URFS_CMD_CONN_SWITCH_CALLBACKS = 7;
export const URFS_CMD_OP_CALLBACK_GET_ARGS = 8;
export const URFS_CMD_OP_CALLBACK = 9;
export const URFS_CMD_FILTER_REM_PATH = 10;
/** Kernel -> user only: an event's operation stopped waiting for its answer. */
export const URFS_CMD_OP_INTERRUPT = 11;
/** Kernel -> user only: a ufilter was unregistered from outside (sysfs `unregister`): it is gone. */
export const URFS_CMD_FILTER_GONE = 13;

export const URFS_CMD_NAMES: Readonly<Record<number, string>> = {
  [URFS_CMD_FILTER_REGISTER]: 'FILTER_REGISTER', [URFS_CMD_FILTER_UNREGISTER]: 'FILTER_UNREGISTER',
  [URFS_CMD_FILTER_SET_PATH]: 'FILTER_SET_PATH', [URFS_CMD_FILTER_ACTIVATE]: 'FILTER_ACTIVATE',
  [URFS_CMD_FILTER_DEACTIVATE]: 'FILTER_DEACTIVATE', [URFS_CMD_FILTER_SET_OPERATIONS]: 'FILTER_SET_OPERATIONS',
  [URFS_CMD_CONN_SWITCH_CALLBACKS]: 'CONN_SWITCH_CALLBACKS', [URFS_CMD_OP_CALLBACK_GET_ARGS]: 'OP_CALLBACK_GET_ARGS',
  [URFS_CMD_OP_CALLBACK]: 'OP_CALLBACK', [URFS_CMD_FILTER_REM_PATH]: 'FILTER_REM_PATH',
  [URFS_CMD_OP_INTERRUPT]: 'OP_INTERRUPT', [URFS_CMD_FILTER_GONE]: 'FILTER_GONE',
};

/** The exact size of each input message. */
export const URFS_IMSG_SIZES: Readonly<Record<number, number>> = {
  [URFS_CMD_FILTER_REGISTER]: 32, [URFS_CMD_FILTER_UNREGISTER]: 8, [URFS_CMD_FILTER_SET_PATH]: 24,
  [URFS_CMD_FILTER_ACTIVATE]: 8, [URFS_CMD_FILTER_DEACTIVATE]: 8, [URFS_CMD_FILTER_SET_OPERATIONS]: 24,
  [URFS_CMD_CONN_SWITCH_CALLBACKS]: 8, [URFS_CMD_OP_CALLBACK_GET_ARGS]: 16, [URFS_CMD_OP_CALLBACK]: 32,
  [URFS_CMD_FILTER_REM_PATH]: 16,
};
/** The largest write the device takes; anything longer is EMSGSIZE. */
export const URFS_IMSG_MAX = 64;
export const URFS_OMSG_SIZE = 40;
export const URFS_ARGS_SIZE = 88;
export const URFS_OPS_ENTRY_SIZE = 8;

/** Per-operation flags of FILTER_SET_OPERATIONS: which of the two callbacks the filter has. */
export const URFS_OP_PRE = 1;
export const URFS_OP_POST = 2;
/**
 * urfs 2: the operation's events carry a read-only descriptor of the object, installed in the process
 * that reads the event and seen by no filter (a regular file or directory; other objects get none).
 */
export const URFS_OP_FD = 4;
/** The pseudo operation of the modifier callback (redirctl / sysfs asking the filter to change). */
export const URFS_OP_MOD = 0xffff;

/** Which callback an event is for. */
export const URFS_CALL_PRE = 0;
export const URFS_CALL_POST = 1;
export const URFS_CALL_MOD = 2;

/** What a modifier event asks (urfs_args.mod_type). */
export const URFS_MOD_SET_PATH = 1;
export const URFS_MOD_ACTIVATE = 2;
export const URFS_MOD_DEACTIVATE = 3;
export const URFS_MOD_REM_PATH = 4;
export const URFS_MOD_REM_PATHS = 5;

/**
 * What happens to an operation whose filter died, closed its connection or did not answer in time:
 * DEFAULT takes the module's `policy` parameter; PASS goes on as if the filter were not there; ERROR
 * fails the operation with EIO.
 */
export const URFS_POLICY_DEFAULT = 0;
export const URFS_POLICY_PASS = 1;
export const URFS_POLICY_ERROR = 2;
/**
 * Where FILTER_REGISTER's policy word keeps the policy of the data callbacks (post-read, pre-write): a
 * filter that changes data never has a change skipped unless it asked for PASS there.
 */
export const URFS_DATA_POLICY_SHIFT = 8;

/** FILTER_REGISTER's policy word. */
export function urfs_policy_word(policy: number, data_policy: number): number {
  return (policy & 0xff) | ((data_policy & 0xff) << URFS_DATA_POLICY_SHIFT);
}

/** Input message (user -> kernel), decoded. */
export type urfs_imsg =
  | { cmd: typeof URFS_CMD_FILTER_REGISTER; name_ptr: number; name_len: number; priority: number; active: number;
    policy: number }
  | { cmd: typeof URFS_CMD_FILTER_UNREGISTER | typeof URFS_CMD_FILTER_ACTIVATE | typeof URFS_CMD_FILTER_DEACTIVATE;
    ufilter_id: number }
  | { cmd: typeof URFS_CMD_FILTER_SET_PATH; ufilter_id: number; path_ptr: number; path_len: number; flags: number }
  | { cmd: typeof URFS_CMD_FILTER_SET_OPERATIONS; ufilter_id: number; ops_ptr: number; count: number }
  | { cmd: typeof URFS_CMD_CONN_SWITCH_CALLBACKS; enable: number }
  | { cmd: typeof URFS_CMD_OP_CALLBACK_GET_ARGS; ufilter_id: number; request_id: bigint }
  | { cmd: typeof URFS_CMD_OP_CALLBACK; ufilter_id: number; request_id: bigint; retv: number; rv: number;
    flags?: number }
  | { cmd: typeof URFS_CMD_FILTER_REM_PATH; ufilter_id: number; path_id: number };

/** Output message (kernel -> user), decoded. */
export type urfs_omsg =
  | { cmd: Exclude<number, typeof URFS_CMD_OP_CALLBACK>; kind: 'reply'; err: number; ufilter_id: number;
    data_ptr: number; data_len: number }
  | { cmd: typeof URFS_CMD_OP_CALLBACK; kind: 'event'; ufilter_id: number; request_id: bigint; op_id: number;
    call: number; retv: number; pid: number; uid: number }
  | { cmd: typeof URFS_CMD_OP_INTERRUPT; kind: 'interrupt'; ufilter_id: number; request_id: bigint }
  | { cmd: typeof URFS_CMD_FILTER_GONE; kind: 'gone'; ufilter_id: number };

/** The structure GET_ARGS maps into the filter, decoded (pointers are the filter's own addresses). */
export interface urfs_args_raw {
  op_id: number;
  call: number;
  retv: number;
  pid: number;
  uid: number;
  path_ptr: number;
  path_len: number;
  mask: number;
  buf_ptr: number;
  buf_len: number;
  pos: number;
  count: number;
  f_flags: number;
  i_mode: number;
  mod_type: number;
  mod_arg: number;
}

const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Encodes an input message (liburfs's side). */
export function urfs_imsg_encode(m: urfs_imsg): Uint8Array {
  const b = new Uint8Array(URFS_IMSG_SIZES[m.cmd]);
  const v = dv(b);
  v.setUint32(0, m.cmd, true);
  switch (m.cmd) {
    case URFS_CMD_FILTER_REGISTER:
      v.setInt32(4, -1, true);
      set64(v, 8, m.name_ptr);
      v.setUint32(16, m.name_len, true);
      v.setInt32(20, m.priority, true);
      v.setUint32(24, m.active, true);
      v.setUint32(28, m.policy, true);
      break;
    case URFS_CMD_FILTER_UNREGISTER:
    case URFS_CMD_FILTER_ACTIVATE:
    case URFS_CMD_FILTER_DEACTIVATE:
      v.setInt32(4, m.ufilter_id, true);
      break;
    case URFS_CMD_FILTER_SET_PATH:
      v.setInt32(4, m.ufilter_id, true);
      set64(v, 8, m.path_ptr);
      v.setUint32(16, m.path_len, true);
      v.setUint32(20, m.flags, true);
      break;
    case URFS_CMD_FILTER_SET_OPERATIONS:
      v.setInt32(4, m.ufilter_id, true);
      set64(v, 8, m.ops_ptr);
      v.setUint32(16, m.count, true);
      break;
    case URFS_CMD_CONN_SWITCH_CALLBACKS:
      v.setUint32(4, m.enable, true);
      break;
    case URFS_CMD_OP_CALLBACK_GET_ARGS:
      v.setInt32(4, m.ufilter_id, true);
      v.setBigUint64(8, m.request_id, true);
      break;
    case URFS_CMD_OP_CALLBACK:
      v.setInt32(4, m.ufilter_id, true);
      v.setBigUint64(8, m.request_id, true);
      set64(v, 16, m.retv);
      v.setUint32(24, m.rv, true);
      v.setUint32(28, m.flags ?? 0, true);
      break;
    case URFS_CMD_FILTER_REM_PATH:
      v.setInt32(4, m.ufilter_id, true);
      v.setInt32(8, m.path_id, true);
      break;
  }
  return b;
}

/** Decodes an input message (the kernel's side): null when its size or command is wrong. */
export function urfs_imsg_decode(b: Uint8Array): urfs_imsg | null {
  if (b.length < 4) return null;
  const v = dv(b);
  const cmd = v.getUint32(0, true);
  if (URFS_IMSG_SIZES[cmd] !== b.length) return null;
  const ufilter_id = v.getInt32(4, true);
  switch (cmd) {
    case URFS_CMD_FILTER_REGISTER:
      return { cmd, name_ptr: u64(v, 8), name_len: v.getUint32(16, true), priority: v.getInt32(20, true),
        active: v.getUint32(24, true), policy: v.getUint32(28, true) };
    case URFS_CMD_FILTER_UNREGISTER:
    case URFS_CMD_FILTER_ACTIVATE:
    case URFS_CMD_FILTER_DEACTIVATE:
      return { cmd, ufilter_id };
    case URFS_CMD_FILTER_SET_PATH:
      return { cmd, ufilter_id, path_ptr: u64(v, 8), path_len: v.getUint32(16, true), flags: v.getUint32(20, true) };
    case URFS_CMD_FILTER_SET_OPERATIONS:
      return { cmd, ufilter_id, ops_ptr: u64(v, 8), count: v.getUint32(16, true) };
    case URFS_CMD_CONN_SWITCH_CALLBACKS:
      return { cmd, enable: v.getUint32(4, true) };
    case URFS_CMD_OP_CALLBACK_GET_ARGS:
      return { cmd, ufilter_id, request_id: v.getBigUint64(8, true) };
    case URFS_CMD_OP_CALLBACK:
      return { cmd, ufilter_id, request_id: v.getBigUint64(8, true), retv: s64(v, 16), rv: v.getUint32(24, true),
        flags: v.getUint32(28, true) };
    case URFS_CMD_FILTER_REM_PATH:
      return { cmd, ufilter_id, path_id: v.getInt32(8, true) };
    default:
      return null;
  }
}

export function urfs_reply_encode(cmd: number, err: number, ufilter_id = -1, data_ptr = 0, data_len = 0): Uint8Array {
  const b = new Uint8Array(URFS_OMSG_SIZE);
  const v = dv(b);
  v.setUint32(0, cmd, true);
  v.setInt32(4, err, true);
  v.setInt32(8, ufilter_id, true);
  set64(v, 16, data_ptr);
  set64(v, 24, data_len);
  return b;
}

export function urfs_event_encode(ufilter_id: number, request_id: bigint, op_id: number, call: number, retv: number,
  pid: number, uid: number): Uint8Array {
  const b = new Uint8Array(URFS_OMSG_SIZE);
  const v = dv(b);
  v.setUint32(0, URFS_CMD_OP_CALLBACK, true);
  v.setInt32(4, ufilter_id, true);
  v.setBigUint64(8, request_id, true);
  v.setUint32(16, op_id, true);
  v.setUint32(20, call, true);
  set64(v, 24, retv);
  v.setInt32(32, pid, true);
  v.setInt32(36, uid, true);
  return b;
}

export function urfs_interrupt_encode(ufilter_id: number, request_id: bigint): Uint8Array {
  const b = new Uint8Array(URFS_OMSG_SIZE);
  const v = dv(b);
  v.setUint32(0, URFS_CMD_OP_INTERRUPT, true);
  v.setInt32(4, ufilter_id, true);
  v.setBigUint64(8, request_id, true);
  return b;
}

export function urfs_gone_encode(ufilter_id: number): Uint8Array {
  const b = new Uint8Array(URFS_OMSG_SIZE);
  const v = dv(b);
  v.setUint32(0, URFS_CMD_FILTER_GONE, true);
  v.setInt32(4, ufilter_id, true);
  return b;
}

/** Decodes an output message (liburfs's side): null when it is not one. */
export function urfs_omsg_decode(b: Uint8Array): urfs_omsg | null {
  if (b.length < URFS_OMSG_SIZE) return null;
  const v = dv(b);
  const cmd = v.getUint32(0, true);
  if (cmd === URFS_CMD_OP_CALLBACK) {
    return { cmd, kind: 'event', ufilter_id: v.getInt32(4, true), request_id: v.getBigUint64(8, true),
      op_id: v.getUint32(16, true), call: v.getUint32(20, true), retv: s64(v, 24), pid: v.getInt32(32, true),
      uid: v.getInt32(36, true) };
  }
  if (cmd === URFS_CMD_OP_INTERRUPT) {
    return { cmd, kind: 'interrupt', ufilter_id: v.getInt32(4, true), request_id: v.getBigUint64(8, true) };
  }
  if (cmd === URFS_CMD_FILTER_GONE) return { cmd, kind: 'gone', ufilter_id: v.getInt32(4, true) };
  if (!URFS_IMSG_SIZES[cmd]) return null;
  return { cmd, kind: 'reply', err: v.getInt32(4, true), ufilter_id: v.getInt32(8, true), data_ptr: u64(v, 16),
    data_len: u64(v, 24) };
}

export function urfs_args_encode(a: urfs_args_raw, into: Uint8Array = new Uint8Array(URFS_ARGS_SIZE)): Uint8Array {
  const v = dv(into);
  v.setUint32(0, a.op_id, true);
  v.setUint32(4, a.call, true);
  set64(v, 8, a.retv);
  v.setInt32(16, a.pid, true);
  v.setInt32(20, a.uid, true);
  set64(v, 24, a.path_ptr);
  v.setUint32(32, a.path_len, true);
  v.setInt32(36, a.mask, true);
  set64(v, 40, a.buf_ptr);
  set64(v, 48, a.buf_len);
  set64(v, 56, a.pos);
  set64(v, 64, a.count);
  v.setUint32(72, a.f_flags, true);
  v.setUint32(76, a.i_mode, true);
  v.setUint32(80, a.mod_type, true);
  v.setUint32(84, a.mod_arg, true);
  return into;
}

export function urfs_args_decode(b: Uint8Array): urfs_args_raw {
  const v = dv(b);
  return {
    op_id: v.getUint32(0, true), call: v.getUint32(4, true), retv: s64(v, 8), pid: v.getInt32(16, true),
    uid: v.getInt32(20, true), path_ptr: u64(v, 24), path_len: v.getUint32(32, true), mask: v.getInt32(36, true),
    buf_ptr: u64(v, 40), buf_len: u64(v, 48), pos: s64(v, 56), count: u64(v, 64), f_flags: v.getUint32(72, true),
    i_mode: v.getUint32(76, true), mod_type: v.getUint32(80, true), mod_arg: v.getUint32(84, true),
  };
}

/** One line describing a message, for liburfs's --debug output. */
export function urfs_msg_describe(dir: 'send' | 'recv', b: Uint8Array): string {
  if (dir === 'send') {
    const m = urfs_imsg_decode(b);
    if (!m) return `send <malformed ${b.length} bytes>`;
    const { cmd, ...rest } = m;
    return `send ${URFS_CMD_NAMES[cmd]} ${fmt(rest)}`;
  }
  const m = urfs_omsg_decode(b);
  if (!m) return `recv <malformed ${b.length} bytes>`;
  if (m.kind === 'event' || m.kind === 'interrupt' || m.kind === 'gone') {
    const { cmd, kind: _k, ...rest } = m;
    return `recv ${URFS_CMD_NAMES[cmd]} ${fmt(rest)}`;
  }
  const { cmd, kind: _k, ...rest } = m;
  return `recv reply ${URFS_CMD_NAMES[cmd]} ${fmt(rest)}`;
}

function fmt(o: Record<string, number | bigint>): string {
  return Object.entries(o).map(([k, v]) => `${k}=${typeof v === 'number' && k.endsWith('_ptr') ? '0x' + v.toString(16) : String(v)}`).join(' ');
}
