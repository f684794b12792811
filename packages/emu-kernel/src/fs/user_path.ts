// Path arguments of system calls (the user half of fs/namei.c): a path copied from user memory, the
// directory a relative path of an *at call starts from, and user_path_at, which resolves both.
import { EBADF, ENAMETOOLONG, ENOENT, ENOTDIR } from '../uapi/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD } from '../uapi/fcntl.js';
import { S_ISDIR } from '../uapi/stat.js';
import type { Path } from './fs.js';
import { kern_path, PATH_MAX, type NameiCtx } from './namei.js';
import { nctx } from './fs_struct.js';
import type { Task } from '../kernel/task.js';
import type { Cred } from '../kernel/cred.js';
import { UserPtr, strndup_user } from '../mm/uaccess.js';

/** A user path argument as a string, or -errno. */
export function getname(task: Task, addr: number): string | number {
  return strndup_user(new UserPtr(task.mm, addr), PATH_MAX, ENAMETOOLONG);
}

/**
 * The walk context of an *at call: a relative `name` starts at the directory open as `dfd` (AT_FDCWD: the
 * working directory); an absolute one ignores `dfd`. EBADF for no such descriptor, ENOTDIR for one that is
 * not a directory.
 */
export function nctx_at(task: Task, dfd: number, name: string): NameiCtx | number {
  const ctx = nctx(task);
  if (name.startsWith('/') || dfd === AT_FDCWD) return ctx;
  const f = task.files.lookup_fd_raw(dfd);
  if (!f) return -EBADF;
  if (!S_ISDIR(f.f_inode.i_mode)) return -ENOTDIR;
  return { pid: ctx.pid, cred: ctx.cred, root: ctx.root, pwd: f.f_path, umask: ctx.umask };
}

/** The context walking as `cred` (built whole, not spread: this runs on every path a call names). */
function with_cred(ctx: NameiCtx, cred: Cred): NameiCtx {
  return cred === ctx.cred ? ctx : { pid: ctx.pid, cred, root: ctx.root, pwd: ctx.pwd, umask: ctx.umask };
}

/** What user_path_at resolved, and the context it walked with (permission checks reuse it). */
export interface AtPath {
  ctx: NameiCtx;
  path: Path;
}

/**
 * user_path_at: the object named by (`dfd`, the path at `filename`). `lookup` holds LOOKUP_* flags; with
 * AT_EMPTY_PATH in `at_flags` an empty path means the descriptor's own object (any kind of file). The walk
 * and later checks use `cred` (access(2) walks with the real ids).
 */
export async function user_path_at(task: Task, dfd: number, filename: number, lookup: number, at_flags = 0,
  cred: Cred = task.cred): Promise<AtPath | number> {
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  if (name === '') {
    if (!(at_flags & AT_EMPTY_PATH)) return -ENOENT;
    const ctx = with_cred(nctx(task), cred);
    if (dfd === AT_FDCWD) return { ctx, path: ctx.pwd };
    const f = task.files.lookup_fd_raw(dfd);
    return f ? { ctx, path: f.f_path } : -EBADF;
  }
  const at = nctx_at(task, dfd, name);
  if (typeof at === 'number') return at;
  const ctx = with_cred(at, cred);
  const path = await kern_path(ctx, name, lookup);
  return typeof path === 'number' ? path : { ctx, path };
}
