// stat, fstat, lstat, newfstatat, readlink, readlinkat (fs/stat.c).
import { EBADF, EFAULT, EINVAL } from '../uapi/errno.js';
import { encodeStat, S_ISLNK, S_ISREG, type Stat } from '../uapi/stat.js';
import type { Dentry, Inode } from './fs.js';
import { LOOKUP_FOLLOW } from './namei.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_SYMLINK_NOFOLLOW } from '../uapi/fcntl.js';
import { UserPtr, copy_to_user } from '../mm/uaccess.js';
import type { Task } from '../kernel/task.js';
import { user_path_at } from './user_path.js';
import { rootfs_refresh } from './rootfs/rootfs.js';
import { seconds_to_nsec } from '../kernel/time64.js';
import { new_encode_dev } from '../kernel/kdev_t.js';

export function generic_fillattr(inode: Inode): Stat {
  const gran = inode.i_sb.s_time_gran;
  return {
    dev: inode.i_sb.s_dev, ino: inode.i_ino, nlink: inode.i_nlink, mode: inode.i_mode, uid: inode.i_uid,
    gid: inode.i_gid, rdev: inode.i_rdev, size: inode.i_size, blksize: 4096, blocks: Math.ceil(inode.i_size / 512),
    atime: inode.i_atime, mtime: inode.i_mtime, ctime: inode.i_ctime,
    atime_nsec: seconds_to_nsec(inode.i_atime, gran), mtime_nsec: seconds_to_nsec(inode.i_mtime, gran),
    ctime_nsec: seconds_to_nsec(inode.i_ctime, gran),
  };
}

export function vfs_getattr(d: Dentry): Stat {
  rootfs_refresh(d);
  d.d_inode!.i_op.getattr?.(d.d_inode!);
  return generic_fillattr(d.d_inode!);
}

/** cp_new_stat: device numbers leave the kernel in the user encoding. */
function put_stat(task: Task, ubuf: number, st: Stat): number {
  const ust = { ...st, dev: new_encode_dev(st.dev), rdev: new_encode_dev(st.rdev) };
  return copy_to_user(new UserPtr(task.mm, ubuf), encodeStat(ust)) ? -EFAULT : 0;
}

/** newfstatat: AT_SYMLINK_NOFOLLOW is lstat, AT_EMPTY_PATH with "" is fstat. */
export async function sys_newfstatat(task: Task, dfd: number, filename: number, statbuf: number, flags: number):
  Promise<number> {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) return -EINVAL;
  const p = await user_path_at(task, dfd, filename, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, flags);
  return typeof p === 'number' ? p : put_stat(task, statbuf, vfs_getattr(p.path.dentry));
}

export function sys_stat(task: Task, filename: number, statbuf: number, follow = true): Promise<number> {
  return sys_newfstatat(task, AT_FDCWD, filename, statbuf, follow ? 0 : AT_SYMLINK_NOFOLLOW);
}

export function sys_fstat(task: Task, fd: number, statbuf: number): number {
  const f = task.files.lookup_fd_raw(fd);
  if (!f) return -EBADF;
  const st = f.f_dentry.d_hashed || !S_ISREG(f.f_inode.i_mode) ? vfs_getattr(f.f_dentry) : generic_fillattr(f.f_inode);
  return put_stat(task, statbuf, st);
}

export async function sys_readlinkat(task: Task, dfd: number, filename: number, buf: number, size: number):
  Promise<number> {
  if (size <= 0) return -EINVAL;
  const p = await user_path_at(task, dfd, filename, 0, AT_EMPTY_PATH);
  if (typeof p === 'number') return p;
  const inode = p.path.dentry.d_inode!;
  if (!S_ISLNK(inode.i_mode) || !inode.i_op.get_link) return -EINVAL;
  const target = inode.i_op.get_link(p.path.dentry, { pid: task.pid });
  if (typeof target === 'number') return target;
  const bytes = new TextEncoder().encode(target).subarray(0, size);
  return copy_to_user(new UserPtr(task.mm, buf), bytes) ? -EFAULT : bytes.length;
}

export function sys_readlink(task: Task, filename: number, buf: number, size: number): Promise<number> {
  return sys_readlinkat(task, AT_FDCWD, filename, buf, size);
}
