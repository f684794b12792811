// fallocate(2) (vfs_fallocate in fs/open.c): reserve, extend, punch or zero a range of a regular file.
// The file system does the work (f_op.fallocate); these are the checks every file system shares, in
// Linux's order. Like Linux, RedirFS has no operation for it: filters see the size it leaves on next use.
import { EBADF, EFBIG, EINVAL, EISDIR, ENODEV, EOPNOTSUPP, ESPIPE } from '../uapi/errno.js';
import { FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE } from '../uapi/fcntl.js';
import { S_ISDIR, S_ISFIFO, S_ISREG, S_ISBLK } from '../uapi/stat.js';
import { FMODE_WRITE, type File } from './fs.js';
import { with_fd } from './file.js';
import { file_remove_privs } from './open.js';
import { vcaller } from './fs_struct.js';
import { inode_inc_iversion } from './iversion.js';
import type { Task } from '../kernel/task.js';

const FALLOC_FL_SUPPORTED = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE;

export async function vfs_fallocate(task: Task, file: File, mode: number, offset: number, len: number): Promise<number> {
  const inode = file.f_inode;
  if (offset < 0 || len <= 0) return -EINVAL;
  if (mode & ~FALLOC_FL_SUPPORTED) return -EOPNOTSUPP;
  // A hole never changes the size; punching and zeroing exclude each other.
  if (mode & FALLOC_FL_PUNCH_HOLE && !(mode & FALLOC_FL_KEEP_SIZE)) return -EOPNOTSUPP;
  if (mode & FALLOC_FL_PUNCH_HOLE && mode & FALLOC_FL_ZERO_RANGE) return -EOPNOTSUPP;
  if (!(file.f_mode & FMODE_WRITE)) return -EBADF;
  if (S_ISFIFO(inode.i_mode)) return -ESPIPE;
  if (S_ISDIR(inode.i_mode)) return -EISDIR;
  if (!S_ISREG(inode.i_mode) && !S_ISBLK(inode.i_mode)) return -ENODEV;
  if (!Number.isSafeInteger(offset + len)) return -EFBIG;
  if (!file.f_op.fallocate) return -EOPNOTSUPP;
  const k = await file_remove_privs(file, vcaller(task));
  if (k < 0) return k;
  const r = await file.f_op.fallocate(file, mode, offset, len);
  if (r === 0) inode_inc_iversion(inode);
  return r;
}

export function sys_fallocate(task: Task, fd: number, mode: number, offset: number, len: number): Promise<number> {
  return with_fd(task, fd, (f) => vfs_fallocate(task, f, mode, offset, len));
}
