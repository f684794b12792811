// rename(2) (fs/namei.c do_renameat2 and vfs_rename). It never follows the last component of either
// path: a symlink, dangling or not, is renamed itself, and a symlink that is replaced goes, not its
// target. Its rules, in Linux's order:
//  - both paths on one mount (EXDEV); neither last component "/", "." or ".." (EBUSY);
//  - the source exists (ENOENT); a trailing slash on either path needs the source to be a directory (ENOTDIR);
//  - the source must not be an ancestor of the target's parent (EINVAL), nor the target one of the
//    source (a directory that is not empty: ENOTEMPTY), lock_rename's "trap";
//  - source and target one inode (two names of one file): nothing happens, success;
//  - may_delete on the source's parent, may_delete on the target's (or may_create if there is none):
//    write and search permission, the sticky bit, the types (a directory replaces only a directory,
//    ENOTDIR, and a non-directory only a non-directory, EISDIR), mount points (EBUSY);
//  - a directory that changes parent needs write permission on itself, since its ".." changes (EACCES);
//  - the file system replaces a directory only if it is empty (ENOTEMPTY), all in one step.
// Renames of one super block are serialised (Linux's s_vfs_rename_mutex), so the ancestry checked is the
// one the rename acts on, even while a filter holds a rename up.
import { EBUSY, EEXIST, EINVAL, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EXDEV } from '../uapi/errno.js';
import { RENAME_NOREPLACE } from '../uapi/fcntl.js';
import { S_ISDIR } from '../uapi/stat.js';
import type { Dentry, Inode, Path, SuperBlock } from './fs.js';
import {
  caller, d_delete, d_move, inode_permission, last_is_norm, lookup_one, may_create, may_delete, path_parent,
  MAY_EXEC, MAY_WRITE, type NameiCtx,
} from './namei.js';
import { vfs_dispatch } from './vfs_hook.js';
import { iversion_on_success } from './iversion.js';
import { mutex_init, mutex_lock, mutex_unlock, type Mutex } from '../kernel/mutex.js';

/** One rename at a time per super block (s_vfs_rename_mutex). */
const rename_mutex = new WeakMap<SuperBlock, Mutex>();
function s_vfs_rename_mutex(sb: SuperBlock): Mutex {
  let m = rename_mutex.get(sb);
  if (!m) rename_mutex.set(sb, (m = mutex_init()));
  return m;
}

/** `a` is `d` or one of its ancestors. */
export function is_ancestor(a: Dentry, d: Dentry): boolean {
  for (let x: Dentry | null = d; x; x = x.d_parent === x ? null : x.d_parent) if (x === a) return true;
  return false;
}

/**
 * vfs_rename: moves `old_dentry` (in `old_dir`) to the name of `new_dentry` (in `new_dir`, negative or the
 * object it replaces), checking permissions and types. 0 or -errno; on success the dcache follows.
 */
export async function vfs_rename(ctx: NameiCtx, old_dir: Path, old_dentry: Dentry, new_dir: Path,
  new_dentry: Dentry): Promise<number> {
  const source = old_dentry.d_inode!;
  const target = new_dentry.d_inode;
  if (source === target) return 0;
  const isdir = S_ISDIR(source.i_mode);
  let err = await may_delete(ctx, old_dir, old_dentry, isdir);
  if (err) return err;
  err = target ? await may_delete(ctx, new_dir, new_dentry, isdir) : await may_create(ctx, new_dir);
  if (err) return err;
  const odir = old_dir.dentry.d_inode!, ndir = new_dir.dentry.d_inode!;
  if (!odir.i_op.rename) return -EPERM;
  // A directory that changes parent rewrites its "..": that needs write permission on it.
  if (isdir && odir !== ndir) {
    err = await inode_permission(ctx, source, old_dentry, MAY_WRITE, { mnt: old_dir.mnt, dentry: old_dentry });
    if (err) return err;
  }
  if (old_dentry.d_mounted || new_dentry.d_mounted) return -EBUSY;
  const r = await vfs_dispatch('rename',
    { old_dir: odir, old_dentry, new_dir: ndir, new_dentry }, caller(ctx, old_dir),
    (a) => {
      // The renamed inode, the one it replaces (if any) and both directories, as Linux's file systems bump them.
      const moved: Inode | null = a.old_dentry.d_inode, replaced: Inode | null = a.new_dentry.d_inode;
      return iversion_on_success(a.old_dir.i_op.rename!(a.old_dir, a.old_dentry, a.new_dir, a.new_dentry), 0,
        moved, replaced, a.old_dir, a.new_dir);
    });
  if (r === 0) {
    if (new_dentry.d_inode) d_delete(new_dentry);
    d_move(old_dentry, new_dir.dentry, new_dentry.d_name);
  }
  return r;
}

/**
 * do_renameat2: `oldpath` walked in `ctx`, `newpath` in `newctx` (the same but for the directory a relative
 * path starts from). Of the flags only RENAME_NOREPLACE is supported (EEXIST if the target exists); the
 * others are EINVAL, as Linux answers for a file system that does not support them. 0 or -errno.
 */
export async function do_rename(ctx: NameiCtx, oldpath: string, newpath: string, newctx = ctx, flags = 0):
  Promise<number> {
  if (flags & ~RENAME_NOREPLACE) return -EINVAL;
  const op = await path_parent(ctx, oldpath);
  if (typeof op === 'number') return op;
  const np = await path_parent(newctx, newpath);
  if (typeof np === 'number') return np;
  if (op.parent.mnt !== np.parent.mnt) return -EXDEV;
  if (!last_is_norm(op.last) || !last_is_norm(np.last)) return -EBUSY;
  for (const p of [op.parent, np.parent]) {
    const perm = await inode_permission(ctx, p.dentry.d_inode!, p.dentry, MAY_EXEC, p);
    if (perm) return perm;
  }
  const lock = s_vfs_rename_mutex(op.parent.mnt.mnt_sb);
  await mutex_lock(lock);
  try {
    const old_dentry = await lookup_one(ctx, op.parent, op.last);
    if (typeof old_dentry === 'number') return old_dentry;
    if (!old_dentry.d_inode) return -ENOENT;
    const new_dentry = await lookup_one(ctx, np.parent, np.last);
    if (typeof new_dentry === 'number') return new_dentry;
    if (flags & RENAME_NOREPLACE && new_dentry.d_inode) return -EEXIST;
    if (!S_ISDIR(old_dentry.d_inode.i_mode) && (op.trailingSlash || np.trailingSlash)) return -ENOTDIR;
    // lock_rename's trap: the source above the target's parent, or the target above the source.
    if (is_ancestor(old_dentry, np.parent.dentry)) return -EINVAL;
    if (new_dentry.d_inode && is_ancestor(new_dentry, op.parent.dentry)) return -ENOTEMPTY;
    return await vfs_rename(ctx, op.parent, old_dentry, np.parent, new_dentry);
  } finally {
    mutex_unlock(lock);
  }
}
