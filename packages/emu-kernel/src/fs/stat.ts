// stat, fstat, lstat, readlink (fs/stat.c).
import { EBADF, EFAULT, EINVAL } from '../uapi/errno.js';
import { encodeStat, S_ISLNK, S_ISREG, type Stat } from '../uapi/stat.js';
import type { Dentry, Inode } from './fs.js';
import { kern_path, LOOKUP_FOLLOW } from './namei.js';
import { UserPtr, copy_to_user } from '../mm/uaccess.js';
import type { Task } from '../kernel/task.js';
import { nctx } from './fs_struct.js';
import { getname } from './open.js';
import { rootfs_refresh } from './rootfs/rootfs.js';
import { seconds_to_nsec } from '../kernel/time64.js';

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

function put_stat(task: Task, ubuf: number, st: Stat): number {
  return copy_to_user(new UserPtr(task.mm, ubuf), encodeStat(st)) ? -EFAULT : 0;
}

export async function sys_stat(task: Task, filename: number, statbuf: number, follow = true): Promise<number> {
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  const p = await kern_path(nctx(task), name, follow ? LOOKUP_FOLLOW : 0);
  if (typeof p === 'number') return p;
  return put_stat(task, statbuf, vfs_getattr(p.dentry));
}

export function sys_fstat(task: Task, fd: number, statbuf: number): number {
  const f = task.files.lookup_fd_raw(fd);
  if (!f) return -EBADF;
  const st = f.f_dentry.d_hashed || !S_ISREG(f.f_inode.i_mode) ? vfs_getattr(f.f_dentry) : generic_fillattr(f.f_inode);
  return put_stat(task, statbuf, st);
}

export async function sys_readlink(task: Task, filename: number, buf: number, size: number): Promise<number> {
  if (size <= 0) return -EINVAL;
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  const p = await kern_path(nctx(task), name, 0);
  if (typeof p === 'number') return p;
  const inode = p.dentry.d_inode!;
  if (!S_ISLNK(inode.i_mode) || !inode.i_op.get_link) return -EINVAL;
  const target = inode.i_op.get_link(p.dentry, { pid: task.pid });
  if (typeof target === 'number') return target;
  const bytes = new TextEncoder().encode(target).subarray(0, size);
  return copy_to_user(new UserPtr(task.mm, buf), bytes) ? -EFAULT : bytes.length;
}
