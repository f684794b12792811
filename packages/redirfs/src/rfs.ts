// The RedirFS API's types and constants (redirfs.h): error codes, callback return values, path flags and
// the structures a filter passes in or gets in its callbacks. liburfs exports the same names to user space.
import {
  EINVAL, ENOMEM, ENOENT, ENAMETOOLONG, EEXIST, ENODATA, ENOTDIR, EOPNOTSUPP,
} from '@urfs/emu-kernel/uapi/errno';
import type { VfsCaller, VfsOp, VfsOpArgs } from '@urfs/emu-kernel/fs/vfs_hook';
import type { rfs_op_id } from './ops.js';

/** enum rfs_err: what every API call returns, each error the negative errno. */
export const RFS_ERR_OK = 0;
export const RFS_ERR_INVAL = -EINVAL;
export const RFS_ERR_NOMEM = -ENOMEM;
export const RFS_ERR_NOENT = -ENOENT;
export const RFS_ERR_NAMETOOLONG = -ENAMETOOLONG;
export const RFS_ERR_EXIST = -EEXIST;
export const RFS_ERR_NODATA = -ENODATA;
export const RFS_ERR_NOTDIR = -ENOTDIR;
export const RFS_ERR_OPNOTSUPP = -EOPNOTSUPP;
export type rfs_err = typeof RFS_ERR_OK | typeof RFS_ERR_INVAL | typeof RFS_ERR_NOMEM | typeof RFS_ERR_NOENT |
  typeof RFS_ERR_NAMETOOLONG | typeof RFS_ERR_EXIST | typeof RFS_ERR_NODATA | typeof RFS_ERR_NOTDIR |
  typeof RFS_ERR_OPNOTSUPP;

const RFS_ERRS: readonly number[] = [RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOMEM, RFS_ERR_NOENT, RFS_ERR_NAMETOOLONG,
  RFS_ERR_EXIST, RFS_ERR_NODATA, RFS_ERR_NOTDIR, RFS_ERR_OPNOTSUPP];

/** An -errno as an rfs_err: the ones the enum has pass, anything else is RFS_ERR_INVAL. */
export function rfs_err_of(err: number): rfs_err {
  return (RFS_ERRS.includes(err) ? err : RFS_ERR_INVAL) as rfs_err;
}

/** enum rfs_retv: what a callback returns. STOP ends the pre-callback chain and skips the operation. */
export const RFS_STOP = 0 as const;
export const RFS_CONTINUE = 1 as const;
export type rfs_retv = typeof RFS_STOP | typeof RFS_CONTINUE;

/** Path flags: exactly one of SINGLE / SUBTREE and one of INCLUDE / EXCLUDE. */
export const RFS_PATH_SINGLE = 1;
export const RFS_PATH_SUBTREE = 2;
export const RFS_PATH_INCLUDE = 4;
export const RFS_PATH_EXCLUDE = 8;

/** Longest filter name (it names a sysfs directory). */
export const RFS_NAME_MAX = 255;

export interface rfs_filter_info {
  name: string;
  /** Unique; the lowest number is called first. */
  priority: number;
  /** Non-zero (or true) activates the filter at registration. */
  active: number | boolean;
}

export interface rfs_path_info {
  path: string;
  flags: number;
}

/** A path as the query API reports it: the id names it for removal. */
export interface rfs_path_entry {
  id: number;
  path: string;
  flags: number;
}

/** Which callback runs: the operation's id and whether before or after the operation. */
export interface rfs_op_type {
  id: rfs_op_id;
  call: 'pre' | 'post';
}

/** The arguments of one operation as its callbacks see them (struct rfs_args). */
export interface rfs_op_args<K extends VfsOp> {
  /** The VFS operation, to narrow `args` in TypeScript (`if (a.op === 'read') a.args.buf`). */
  op: K;
  /** The operation's arguments; a pre-callback may change them (e.g. replace a write's buf). */
  args: VfsOpArgs[K];
  /** The result: set by a pre-callback that stops, by the operation otherwise; a post-callback may change it. */
  retv: number;
  type: rfs_op_type;
}
export type rfs_args = { [K in VfsOp]: rfs_op_args<K> }[VfsOp];

/**
 * One operation call (rfs_context): shared by the pre- and post-callbacks of every filter in the chain.
 * `caller` is who made the call; data attached with rfs_attach_data_context lives until the call ends.
 */
export interface rfs_context {
  readonly caller: VfsCaller;
}

export type rfs_callback = (context: rfs_context, args: rfs_args) => rfs_retv | Promise<rfs_retv>;

export interface rfs_op_info {
  op_id: rfs_op_id;
  pre_cb?: rfs_callback | null;
  post_cb?: rfs_callback | null;
}

/**
 * What the administrator asks a filter to change (union rfs_mod); the filter's modifier callback decides.
 * redirctl sends the first three; sysfs's `paths` file also removes paths (as later RedirFS's rem_path
 * and rem_paths filter operations did): one by its id, or all of them.
 */
export type rfs_mod =
  | { type: 'set_path'; path_info: rfs_path_info }
  | { type: 'activate' }
  | { type: 'deactivate' }
  | { type: 'rem_path'; id: number }
  | { type: 'rem_paths' };

export type rfs_mod_cb = (mod: rfs_mod) => rfs_err | Promise<rfs_err>;
