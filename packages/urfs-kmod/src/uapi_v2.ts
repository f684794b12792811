// urfs 2, the protocol a filter picks today, beside the 2007 one of uapi.ts (which keeps working): an
// event carries its operation's arguments, bulk data lives in a data area the filter maps once, one
// ioctl answers an event and fetches the next, several processes can serve one connection, and an
// answer may ask the kernel to remember its verdict. Like uapi.ts it imports nothing from the kernel.
//
// A connection starts in the 2007 protocol; URFS_IOC_SETUP switches its file to urfs 2. Then:
//   mmap(NULL, slots * slot_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) maps the data area (optional:
//   without it, or when the data is larger than a slot or every slot is taken, the data comes in memory
//   the kernel maps for that one event, as GET_ARGS does).
//   Events are OP_EVENT messages (below), read with read(2) or URFS_IOC_ANSWER_FETCH into a buffer of at
//   least URFS_EVENT_MAX bytes; replies to commands and OP_INTERRUPT stay as in uapi.ts.
//   The answer is the 2007 OP_CALLBACK message, whose last word carries URFS_ANSWER_* flags.
//
// ioctls of /dev/urfs:
//   URFS_IOC_SETUP        struct urfs_setup (16): 0 version u32 (= 2) | 4 slots u32 | 8 slot_size u32
//                         (a multiple of the page size) | 12 flags u32 (0). Before any event was read.
//   URFS_IOC_ANSWER_FETCH struct urfs_fetch (56): 0 answer[32] (an OP_CALLBACK message, or cmd 0 for none)
//                         | 32 buf_ptr u64 | 40 buf_len u32 | 44 answer_err s32 (out: 0 or -errno of the
//                         answer) | 48 timeout_ms s32 (-1: wait as long as it takes; 0: do not wait) |
//                         52 flags u32 (0). Sends the answer (then clears its cmd, so a restarted call
//                         does not answer twice), then waits for the next message and copies it to buf;
//                         returns its length, -EAGAIN when none came within timeout_ms, -EINTR on a signal.
//                         An answer refused for any reason but lateness (ENOENT) fails the call with its
//                         errno at once, and no message is fetched.
//   URFS_IOC_ATTACH       arg: the descriptor of another open /dev/urfs (the connection's first file).
//                         This file becomes one more channel of that connection, as FUSE's clone_fd: it
//                         reads the same events (each goes to one channel); replies, interrupts and the
//                         data area are the channel's own. Attach before setup. The connection ends when
//                         its first file is released; a channel released earlier hands the events it
//                         took back to their policy.
//
// OP_EVENT (kernel -> user), URFS_EVENT_HEAD bytes then the strings:
//   0 cmd u32 = OP_EVENT | 4 ufilter_id s32 | 8 request_id u64 | 16 op_id u32 | 20 call u32 (URFS_CALL_*) |
//   24 retv s64 | 32 len u32 (the whole event) | 36 flags u32 (URFS_EV_*) | 40 pid s32 | 44 uid s32 |
//   48 gid s32 | 52 fd s32 (a read-only descriptor of the object, installed in the reader, or -1) |
//   56 comm [16] (the caller's command name, NUL-padded) | 72 f_flags u32 | 76 mode u32 (the object's
//   i_mode; create, mkdir, mknod: the mode asked for) | 80 pos s64 (read, write: the position; llseek:
//   the offset) | 88 count u64 (read, write: bytes; llseek: whence) | 96 mask s32 (permission: MAY_*) |
//   100 dev u32 (mknod) | 104 ino u64 (the object's inode number, 0 for none) | 112 buf_ptr u64 |
//   120 buf_len u64 (the data of a post-read or pre-write, in the reader's memory; changing it changes
//   what is read or written) | 128 ia_valid u32 (ATTR_*) | 132 ia_mode u32 | 136 ia_uid s32 |
//   140 ia_gid s32 | 144 ia_size s64 | 152 ia_atime s64 | 160 ia_mtime s64 (setattr) | 168 mod_type u32 |
//   172 mod_arg u32 (modifier events, as urfs_args) | 176 path_off u32 | 180 path_len u32 | 184 name2_off
//   u32 | 188 name2_len u32: two NUL-terminated strings inside the event. `path` is the object's path (for
//   rename the old name, for link and symlink the new entry; for a modifier, its path); `name2` is
//   rename's new name, link's existing file, symlink's target.

import { URFS_CALL_PRE } from './uapi.js';
import { s64, set64, u64 } from './uapi_int64.js';

export const URFS_VERSION_2 = 2;
/** Kernel -> user: an event of urfs 2, with its arguments. */
export const URFS_CMD_OP_EVENT = 12;

const IOC_WRITE = 1, IOC_READ = 2;
const ioc = (dir: number, nr: number, size: number) => ((dir << 30) | (size << 16) | (0x55 << 8) | nr) >>> 0;
export const URFS_IOC_SETUP = ioc(IOC_WRITE, 1, 16);
export const URFS_IOC_ANSWER_FETCH = ioc(IOC_READ | IOC_WRITE, 2, 56);
export const URFS_IOC_ATTACH = ioc(0, 3, 0);

export const URFS_SETUP_SIZE = 16;
export const URFS_FETCH_SIZE = 56;
export const URFS_EVENT_HEAD = 192;
/** Two paths of PATH_MAX bytes (each with its NUL) after the head: no event is longer. */
export const URFS_EVENT_MAX = URFS_EVENT_HEAD + 2 * 4096;
/** The most slots a data area may have, and the largest slot. */
export const URFS_SLOTS_MAX = 1024;
export const URFS_SLOT_MAX = 16 << 20;

/** OP_CALLBACK's last word: keep this verdict for this object and callback until the object changes. */
export const URFS_ANSWER_CACHE = 1;
export const URFS_ANSWER_FLAGS = URFS_ANSWER_CACHE;

/** OP_EVENT flags. */
export const URFS_EV_FD = 1; // `fd` is a descriptor the reader owns (and closes)
export const URFS_EV_SLOT = 2; // the data is in the data area (else in memory mapped for this event)

/** setattr's ia_valid bits (Linux's ATTR_*). */
export const ATTR_MODE = 1, ATTR_UID = 2, ATTR_GID = 4, ATTR_SIZE = 8, ATTR_ATIME = 16, ATTR_MTIME = 32;

export interface urfs_setup {
  version: number;
  slots: number;
  slot_size: number;
  flags: number;
}

export interface urfs_event2 {
  ufilter_id: number;
  request_id: bigint;
  op_id: number;
  call: number;
  retv: number;
  len: number;
  flags: number;
  pid: number;
  uid: number;
  gid: number;
  fd: number;
  comm: string;
  f_flags: number;
  mode: number;
  pos: number;
  count: number;
  mask: number;
  dev: number;
  ino: number;
  buf_ptr: number;
  buf_len: number;
  ia_valid: number;
  ia_mode: number;
  ia_uid: number;
  ia_gid: number;
  ia_size: number;
  ia_atime: number;
  ia_mtime: number;
  mod_type: number;
  mod_arg: number;
  path: string;
  name2: string;
}

/** An event's fields before the kernel encodes it (strings as text, len computed). */
export type urfs_event2_fields = Omit<urfs_event2, 'len'>;

export function urfs_event2_blank(): urfs_event2_fields {
  return {
    ufilter_id: -1, request_id: 0n, op_id: 0, call: URFS_CALL_PRE, retv: 0, flags: 0, pid: 0, uid: 0, gid: 0, fd: -1,
    comm: '', f_flags: 0, mode: 0, pos: 0, count: 0, mask: 0, dev: 0, ino: 0, buf_ptr: 0, buf_len: 0, ia_valid: 0,
    ia_mode: 0, ia_uid: 0, ia_gid: 0, ia_size: 0, ia_atime: 0, ia_mtime: 0, mod_type: 0, mod_arg: 0, path: '',
    name2: '',
  };
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
/** Writes `s` as UTF-8 into `b` at `off`, at most `max` bytes and whole characters only; returns the length. */
function put_str(s: string, b: Uint8Array, off: number, max: number): number {
  return s ? enc.encodeInto(s, b.subarray(off, off + max)).written : 0;
}

/**
 * Encodes an event into `into` (at least URFS_EVENT_MAX bytes); returns its length. Each string is cut to
 * at most 4095 bytes, at a character's end, so the event always fits and stays valid UTF-8.
 */
export function urfs_event2_encode(e: urfs_event2_fields, into: Uint8Array): number {
  into.fill(0, 0, URFS_EVENT_HEAD);
  const path_off = URFS_EVENT_HEAD;
  const path_len = put_str(e.path, into, path_off, 4095);
  into[path_off + path_len] = 0;
  const name2_off = path_off + path_len + 1;
  const name2_len = put_str(e.name2, into, name2_off, 4095);
  into[name2_off + name2_len] = 0;
  const len = name2_off + name2_len + 1;
  const v = dv(into);
  v.setUint32(0, URFS_CMD_OP_EVENT, true);
  v.setInt32(4, e.ufilter_id, true);
  v.setBigUint64(8, e.request_id, true);
  v.setUint32(16, e.op_id, true);
  v.setUint32(20, e.call, true);
  set64(v, 24, e.retv);
  v.setUint32(32, len, true);
  v.setUint32(36, e.flags, true);
  v.setInt32(40, e.pid, true);
  v.setInt32(44, e.uid, true);
  v.setInt32(48, e.gid, true);
  v.setInt32(52, e.fd, true);
  put_str(e.comm, into, 56, 15);
  v.setUint32(72, e.f_flags >>> 0, true);
  v.setUint32(76, e.mode >>> 0, true);
  set64(v, 80, e.pos);
  set64(v, 88, e.count);
  v.setInt32(96, e.mask, true);
  v.setUint32(100, e.dev >>> 0, true);
  set64(v, 104, e.ino);
  set64(v, 112, e.buf_ptr);
  set64(v, 120, e.buf_len);
  v.setUint32(128, e.ia_valid >>> 0, true);
  v.setUint32(132, e.ia_mode >>> 0, true);
  v.setInt32(136, e.ia_uid, true);
  v.setInt32(140, e.ia_gid, true);
  set64(v, 144, e.ia_size);
  set64(v, 152, e.ia_atime);
  set64(v, 160, e.ia_mtime);
  v.setUint32(168, e.mod_type >>> 0, true);
  v.setUint32(172, e.mod_arg >>> 0, true);
  v.setUint32(176, path_off, true);
  v.setUint32(180, path_len, true);
  v.setUint32(184, name2_off, true);
  v.setUint32(188, name2_len, true);
  return len;
}

/** Decodes an event (liburfs's side): null when `b` is not a well-formed one. */
export function urfs_event2_decode(b: Uint8Array): urfs_event2 | null {
  if (b.length < URFS_EVENT_HEAD) return null;
  const v = dv(b);
  if (v.getUint32(0, true) !== URFS_CMD_OP_EVENT) return null;
  const len = v.getUint32(32, true);
  const str = (off_at: number): string | null => {
    const off = v.getUint32(off_at, true), n = v.getUint32(off_at + 4, true);
    if (off < URFS_EVENT_HEAD || off + n >= len) return null;
    return dec.decode(b.subarray(off, off + n));
  };
  if (len < URFS_EVENT_HEAD || len > b.length) return null;
  const path = str(176), name2 = str(184);
  if (path === null || name2 === null) return null;
  const comm = b.subarray(56, 72);
  const nul = comm.indexOf(0);
  return {
    ufilter_id: v.getInt32(4, true), request_id: v.getBigUint64(8, true), op_id: v.getUint32(16, true),
    call: v.getUint32(20, true), retv: s64(v, 24), len, flags: v.getUint32(36, true), pid: v.getInt32(40, true),
    uid: v.getInt32(44, true), gid: v.getInt32(48, true), fd: v.getInt32(52, true),
    comm: dec.decode(comm.subarray(0, nul < 0 ? 16 : nul)), f_flags: v.getUint32(72, true), mode: v.getUint32(76, true),
    pos: s64(v, 80), count: u64(v, 88), mask: v.getInt32(96, true), dev: v.getUint32(100, true), ino: u64(v, 104),
    buf_ptr: u64(v, 112), buf_len: u64(v, 120), ia_valid: v.getUint32(128, true), ia_mode: v.getUint32(132, true),
    ia_uid: v.getInt32(136, true), ia_gid: v.getInt32(140, true), ia_size: s64(v, 144), ia_atime: s64(v, 152),
    ia_mtime: s64(v, 160), mod_type: v.getUint32(168, true), mod_arg: v.getUint32(172, true), path, name2,
  };
}

export function urfs_setup_encode(s: urfs_setup): Uint8Array {
  const b = new Uint8Array(URFS_SETUP_SIZE);
  const v = dv(b);
  v.setUint32(0, s.version, true);
  v.setUint32(4, s.slots, true);
  v.setUint32(8, s.slot_size, true);
  v.setUint32(12, s.flags, true);
  return b;
}

export function urfs_setup_decode(b: Uint8Array): urfs_setup {
  const v = dv(b);
  return { version: v.getUint32(0, true), slots: v.getUint32(4, true), slot_size: v.getUint32(8, true),
    flags: v.getUint32(12, true) };
}

/** struct urfs_fetch, decoded (the answer stays raw: it is an OP_CALLBACK message or all zero). */
export interface urfs_fetch {
  answer: Uint8Array;
  buf_ptr: number;
  buf_len: number;
  answer_err: number;
  timeout_ms: number;
  flags: number;
}

/** Writes a urfs_fetch into `into` (URFS_FETCH_SIZE bytes); `answer` null sends none. */
export function urfs_fetch_encode(answer: Uint8Array | null, buf_ptr: number, buf_len: number, timeout_ms: number,
  into: Uint8Array): void {
  into.fill(0, 0, URFS_FETCH_SIZE);
  if (answer) into.set(answer.subarray(0, 32), 0);
  const v = dv(into);
  set64(v, 32, buf_ptr);
  v.setUint32(40, buf_len, true);
  v.setInt32(48, timeout_ms, true);
}

export function urfs_fetch_decode(b: Uint8Array): urfs_fetch {
  const v = dv(b);
  return { answer: b.subarray(0, 32), buf_ptr: u64(v, 32), buf_len: v.getUint32(40, true),
    answer_err: v.getInt32(44, true), timeout_ms: v.getInt32(48, true), flags: v.getUint32(52, true) };
}

/** Offsets the kernel writes back into a urfs_fetch. */
export const URFS_FETCH_ANSWER_CMD = 0;
export const URFS_FETCH_ANSWER_ERR = 44;
