// What each operation tells its filter: the fields of an urfs 2 event (uapi_v2.ts), of which the 2007
// GET_ARGS structure (urfs_args, uapi.ts) is a subset. One table, here, for both protocols; the data
// buffer (post-read: the bytes read; pre-write: the bytes to write) is returned apart, since where it
// goes in the filter's memory depends on the protocol and the channel.
import type { Dentry, File } from '@urfs/emu-kernel/fs/fs';
import { find_task_by_vpid } from '@urfs/emu-kernel/kernel/task';
import type { UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import type { rfs_args, rfs_context, rfs_mod } from '@urfs/redirfs/rfs';
import { rfs_get_filename } from '@urfs/redirfs/path';
import type { request_payload } from './request.js';
import {
  URFS_CALL_MOD, URFS_CALL_POST, URFS_CALL_PRE, URFS_MOD_ACTIVATE, URFS_MOD_DEACTIVATE, URFS_MOD_REM_PATH,
  URFS_MOD_REM_PATHS, URFS_MOD_SET_PATH, URFS_OP_MOD, type urfs_args_raw,
} from './uapi.js';
import {
  ATTR_ATIME, ATTR_GID, ATTR_MODE, ATTR_MTIME, ATTR_SIZE, ATTR_UID, urfs_event2_blank, type urfs_event2_fields,
} from './uapi_v2.js';
import { new_encode_dev } from '@urfs/emu-kernel/kernel/kdev_t';

export interface op_fields {
  /** The event's fields (ids, flags, fd and buf_ptr are filled in at delivery). */
  f: urfs_event2_fields;
  /** The application's data buffer the filter sees and may change, and how many bytes of it. */
  data: UserPtr | null;
  data_len: number;
}

export function name_of(obj: Dentry | File | null | undefined): string {
  if (!obj) return '';
  try {
    return rfs_get_filename(obj).name;
  } catch {
    return '';
  }
}

export const call_of = (a: rfs_args): number => (a.type.call === 'pre' ? URFS_CALL_PRE : URFS_CALL_POST);

function file_fields(f: urfs_event2_fields, file: File): void {
  f.path = name_of(file);
  f.f_flags = file.f_flags;
  f.mode = file.f_inode.i_mode;
  f.ino = file.f_inode.i_ino;
  f.pos = file.f_pos;
}

function dentry_fields(f: urfs_event2_fields, d: Dentry): void {
  f.path = name_of(d);
  f.mode = d.d_inode?.i_mode ?? 0;
  f.ino = d.d_inode?.i_ino ?? 0;
}

/** The fields of an operation's callback. */
export function op_fields_of(cx: rfs_context, a: rfs_args): op_fields {
  const f = urfs_event2_blank();
  f.op_id = a.type.id;
  f.call = call_of(a);
  f.retv = a.retv;
  f.pid = cx.caller.pid;
  f.uid = cx.caller.cred.uid;
  f.gid = cx.caller.cred.gid;
  f.comm = cx.caller.pid ? find_task_by_vpid(cx.caller.pid)?.comm ?? '' : '';
  let data: UserPtr | null = null;
  let data_len = 0;
  switch (a.op) {
    case 'read':
    case 'write': {
      const x = a.args;
      file_fields(f, x.file);
      f.pos = x.ppos.pos;
      f.count = x.count;
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
      file_fields(f, a.args.file);
      break;
    case 'llseek':
      file_fields(f, a.args.file);
      f.pos = a.args.offset;
      f.count = a.args.whence;
      break;
    case 'permission':
      f.path = name_of(a.args.dentry);
      f.mask = a.args.mask;
      f.mode = a.args.inode.i_mode;
      f.ino = a.args.inode.i_ino;
      break;
    case 'setattr': {
      dentry_fields(f, a.args.dentry);
      const at = a.args.attr;
      if (at.mode !== undefined) (f.ia_valid |= ATTR_MODE), (f.ia_mode = at.mode);
      if (at.uid !== undefined) (f.ia_valid |= ATTR_UID), (f.ia_uid = at.uid);
      if (at.gid !== undefined) (f.ia_valid |= ATTR_GID), (f.ia_gid = at.gid);
      if (at.size !== undefined) (f.ia_valid |= ATTR_SIZE), (f.ia_size = at.size);
      if (at.atime !== undefined) (f.ia_valid |= ATTR_ATIME), (f.ia_atime = at.atime);
      if (at.mtime !== undefined) (f.ia_valid |= ATTR_MTIME), (f.ia_mtime = at.mtime);
      break;
    }
    case 'create':
    case 'mkdir':
      dentry_fields(f, a.args.dentry);
      f.mode = a.args.mode;
      break;
    case 'mknod':
      dentry_fields(f, a.args.dentry);
      f.mode = a.args.mode;
      f.dev = new_encode_dev(a.args.dev);
      break;
    case 'rename':
      dentry_fields(f, a.args.old_dentry);
      f.name2 = name_of(a.args.new_dentry);
      break;
    case 'link':
      f.path = name_of(a.args.dentry);
      f.name2 = name_of(a.args.old_dentry);
      f.mode = a.args.old_dentry.d_inode?.i_mode ?? 0;
      f.ino = a.args.old_dentry.d_inode?.i_ino ?? 0;
      break;
    case 'symlink':
      dentry_fields(f, a.args.dentry);
      f.name2 = a.args.target;
      break;
    default:
      dentry_fields(f, a.args.dentry);
      break;
  }
  return { f, data, data_len };
}

/** The fields of a modifier callback (redirctl or sysfs asking the filter to change). */
export function mod_fields_of(mod: rfs_mod): op_fields {
  const f = urfs_event2_blank();
  f.op_id = URFS_OP_MOD;
  f.call = URFS_CALL_MOD;
  switch (mod.type) {
    case 'set_path':
      f.mod_type = URFS_MOD_SET_PATH;
      f.mod_arg = mod.path_info.flags;
      f.path = mod.path_info.path;
      break;
    case 'activate': f.mod_type = URFS_MOD_ACTIVATE; break;
    case 'deactivate': f.mod_type = URFS_MOD_DEACTIVATE; break;
    case 'rem_path':
      f.mod_type = URFS_MOD_REM_PATH;
      f.mod_arg = mod.id;
      break;
    case 'rem_paths': f.mod_type = URFS_MOD_REM_PATHS; break;
  }
  return { f, data: null, data_len: 0 };
}

export function fields_of(p: request_payload): op_fields {
  return p.kind === 'op' ? op_fields_of(p.cx, p.a) : mod_fields_of(p.mod);
}

/** What the 2007 OP_CALLBACK event carries: cheaper than the whole of fields_of. */
export function event_head_of(p: request_payload): { op_id: number; call: number; retv: number; pid: number;
  uid: number } {
  if (p.kind === 'mod') return { op_id: URFS_OP_MOD, call: URFS_CALL_MOD, retv: 0, pid: 0, uid: 0 };
  return { op_id: p.a.type.id, call: call_of(p.a), retv: p.a.retv, pid: p.cx.caller.pid, uid: p.cx.caller.cred.uid };
}

/** The 2007 urfs_args of the fields (pointers still 0). */
export function urfs_args_of(f: urfs_event2_fields): urfs_args_raw {
  return {
    op_id: f.op_id, call: f.call, retv: f.retv, pid: f.pid, uid: f.uid, path_ptr: 0, path_len: 0, mask: f.mask,
    buf_ptr: 0, buf_len: 0, pos: f.pos, count: f.count, f_flags: f.f_flags, i_mode: f.mode, mod_type: f.mod_type,
    mod_arg: f.mod_arg,
  };
}
