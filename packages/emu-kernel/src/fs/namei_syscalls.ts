// The name system calls (fs/namei.c's SYSCALL_DEFINEs): mkdir, mknod, unlink, rmdir, symlink, link and
// rename, each in its *at form, whose relative paths start at a directory descriptor; the classic calls
// are the *at calls with AT_FDCWD.
import { EINVAL } from '../uapi/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW } from '../uapi/fcntl.js';
import { new_decode_dev } from '../kernel/kdev_t.js';
import type { Task } from '../kernel/task.js';
import { do_link_path, do_mkdir, do_mknod, do_rmdir, do_symlink, do_unlink, LOOKUP_FOLLOW, type NameiCtx } from './namei.js';
import { do_rename } from './rename.js';
import { getname, nctx_at, user_path_at } from './user_path.js';

/** The name at `filename` and the context to walk it in, or -errno. */
function name_at(task: Task, dfd: number, filename: number): { ctx: NameiCtx; name: string } | number {
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  const ctx = nctx_at(task, dfd, name);
  return typeof ctx === 'number' ? ctx : { ctx, name };
}

export function sys_mkdirat(task: Task, dfd: number, filename: number, mode: number): number | Promise<number> {
  const at = name_at(task, dfd, filename);
  return typeof at === 'number' ? at : do_mkdir(at.ctx, at.name, mode);
}

/** mknodat: `dev` arrives in the user encoding of device numbers. */
export function sys_mknodat(task: Task, dfd: number, filename: number, mode: number, dev: number): number | Promise<number> {
  const at = name_at(task, dfd, filename);
  return typeof at === 'number' ? at : do_mknod(at.ctx, at.name, mode, new_decode_dev(dev));
}

/** unlinkat: AT_REMOVEDIR makes it rmdir. */
export function sys_unlinkat(task: Task, dfd: number, filename: number, flags: number): number | Promise<number> {
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  const at = name_at(task, dfd, filename);
  if (typeof at === 'number') return at;
  return flags & AT_REMOVEDIR ? do_rmdir(at.ctx, at.name) : do_unlink(at.ctx, at.name);
}

/** symlinkat(target, newdfd, linkpath): the target is stored as given, never resolved. */
export function sys_symlinkat(task: Task, oldname: number, newdfd: number, newname: number): number | Promise<number> {
  const target = getname(task, oldname);
  if (typeof target === 'number') return target;
  const at = name_at(task, newdfd, newname);
  return typeof at === 'number' ? at : do_symlink(at.ctx, target, at.name);
}

/** linkat: AT_SYMLINK_FOLLOW links what a symbolic source points to, AT_EMPTY_PATH the source descriptor's file. */
export async function sys_linkat(task: Task, olddfd: number, oldname: number, newdfd: number, newname: number,
  flags: number): Promise<number> {
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const old = await user_path_at(task, olddfd, oldname, flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0, flags);
  if (typeof old === 'number') return old;
  const at = name_at(task, newdfd, newname);
  return typeof at === 'number' ? at : do_link_path(at.ctx, old.path, at.name);
}

export function sys_renameat2(task: Task, olddfd: number, oldname: number, newdfd: number, newname: number,
  flags: number): number | Promise<number> {
  const from = name_at(task, olddfd, oldname);
  if (typeof from === 'number') return from;
  const to = name_at(task, newdfd, newname);
  return typeof to === 'number' ? to : do_rename(from.ctx, from.name, to.name, to.ctx, flags);
}

export const sys_mkdir = (t: Task, filename: number, mode: number) => sys_mkdirat(t, AT_FDCWD, filename, mode);
export const sys_mknod = (t: Task, filename: number, mode: number, dev: number) =>
  sys_mknodat(t, AT_FDCWD, filename, mode, dev);
export const sys_unlink = (t: Task, filename: number) => sys_unlinkat(t, AT_FDCWD, filename, 0);
export const sys_rmdir = (t: Task, filename: number) => sys_unlinkat(t, AT_FDCWD, filename, AT_REMOVEDIR);
export const sys_symlink = (t: Task, oldname: number, newname: number) => sys_symlinkat(t, oldname, AT_FDCWD, newname);
export const sys_link = (t: Task, oldname: number, newname: number) =>
  sys_linkat(t, AT_FDCWD, oldname, AT_FDCWD, newname, 0);
export const sys_rename = (t: Task, oldname: number, newname: number) =>
  sys_renameat2(t, AT_FDCWD, oldname, AT_FDCWD, newname, 0);
