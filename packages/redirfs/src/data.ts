// Data a filter attaches to VFS objects and to an operation's context (RedirFS's rfs_attach_data_*,
// rfs_get_data_*, rfs_detach_data_*). Each filter sees only its own data. Attachments are weak: they
// go when the object goes, and all of a filter's go when it unregisters.
import type { Dentry, File, Inode } from '@urfs/emu-kernel/fs/fs';
import { RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_EXIST, RFS_ERR_NODATA, type rfs_err, type rfs_context } from './rfs.js';
import { flt_get, type filter, type rfs_filter } from './filter.js';
import { context } from './context.js';

export interface rfs_attach_result {
  err: rfs_err;
  /** With RFS_ERR_EXIST: the data already attached (left in place). */
  exist?: unknown;
}
export interface rfs_data_result {
  err: rfs_err;
  data?: unknown;
}

type Table = (f: filter) => WeakMap<object, unknown>;

function attach(table: Table, flt: rfs_filter, obj: object, data: unknown): rfs_attach_result {
  const f = flt_get(flt);
  if (!f || !obj || typeof obj !== 'object') return { err: RFS_ERR_INVAL };
  const t = table(f);
  if (t.has(obj)) return { err: RFS_ERR_EXIST, exist: t.get(obj) };
  t.set(obj, data);
  return { err: RFS_ERR_OK };
}
function get(table: Table, flt: rfs_filter, obj: object): rfs_data_result {
  const f = flt_get(flt);
  if (!f || !obj || typeof obj !== 'object') return { err: RFS_ERR_INVAL };
  const t = table(f);
  return t.has(obj) ? { err: RFS_ERR_OK, data: t.get(obj) } : { err: RFS_ERR_NODATA };
}
function detach(table: Table, flt: rfs_filter, obj: object): rfs_data_result {
  const r = get(table, flt, obj);
  if (r.err === RFS_ERR_OK) table(flt as filter).delete(obj);
  return r;
}

const inodes: Table = (f) => f.f_data_inode;
const dentries: Table = (f) => f.f_data_dentry;
const files: Table = (f) => f.f_data_file;

export const rfs_attach_data_inode = (flt: rfs_filter, inode: Inode, data: unknown) => attach(inodes, flt, inode, data);
export const rfs_get_data_inode = (flt: rfs_filter, inode: Inode) => get(inodes, flt, inode);
export const rfs_detach_data_inode = (flt: rfs_filter, inode: Inode) => detach(inodes, flt, inode);

export const rfs_attach_data_dentry = (flt: rfs_filter, dentry: Dentry, data: unknown) =>
  attach(dentries, flt, dentry, data);
export const rfs_get_data_dentry = (flt: rfs_filter, dentry: Dentry) => get(dentries, flt, dentry);
export const rfs_detach_data_dentry = (flt: rfs_filter, dentry: Dentry) => detach(dentries, flt, dentry);

export const rfs_attach_data_file = (flt: rfs_filter, file: File, data: unknown) => attach(files, flt, file, data);
export const rfs_get_data_file = (flt: rfs_filter, file: File) => get(files, flt, file);
export const rfs_detach_data_file = (flt: rfs_filter, file: File) => detach(files, flt, file);

// Per call: what a pre-callback leaves for its post-callback.

function cx_of(flt: rfs_filter, cx: rfs_context): { f: filter; c: context } | null {
  const f = flt_get(flt);
  return f && cx instanceof context ? { f, c: cx } : null;
}

export function rfs_attach_data_context(flt: rfs_filter, cx: rfs_context, data: unknown): rfs_attach_result {
  const x = cx_of(flt, cx);
  if (!x) return { err: RFS_ERR_INVAL };
  if (x.c.cx_data.has(x.f)) return { err: RFS_ERR_EXIST, exist: x.c.cx_data.get(x.f) };
  x.c.cx_data.set(x.f, data);
  return { err: RFS_ERR_OK };
}
export function rfs_get_data_context(flt: rfs_filter, cx: rfs_context): rfs_data_result {
  const x = cx_of(flt, cx);
  if (!x) return { err: RFS_ERR_INVAL };
  return x.c.cx_data.has(x.f) ? { err: RFS_ERR_OK, data: x.c.cx_data.get(x.f) } : { err: RFS_ERR_NODATA };
}
export function rfs_detach_data_context(flt: rfs_filter, cx: rfs_context): rfs_data_result {
  const r = rfs_get_data_context(flt, cx);
  if (r.err === RFS_ERR_OK) (cx as context).cx_data.delete(flt as filter);
  return r;
}

/**
 * The private data (rfs_set_private_data) of the filter whose callback is running with this context
 * (the thesis's rfs_get_contextflt_private_data): how one generic callback tells its filters apart.
 */
export function rfs_get_contextflt_private_data(cx: rfs_context): rfs_data_result {
  if (!(cx instanceof context) || !cx.cx_flt) return { err: RFS_ERR_INVAL };
  return { err: RFS_ERR_OK, data: cx.cx_flt.f_private };
}
