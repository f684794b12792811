// statfs and fstatfs (fs/statfs.c): what a mounted file system says of itself (its type, size and use),
// with the mount's flags. A file system without its own statfs answers as simple_statfs: its magic, a
// page-sized block, no counts.
import { EFAULT } from '../uapi/errno.js';
import { LOOKUP_FOLLOW, NAME_MAX } from './namei.js';
import {
  encodeStatfs, ST_VALID, ST_NODEV, ST_NOEXEC, ST_NOSUID, ST_RDONLY, ST_RELATIME, ST_NOATIME, type Statfs,
} from '../uapi/statfs.js';
import type { Path } from './fs.js';
import { with_fd } from './file.js';
import { user_path_at } from './user_path.js';
import { AT_FDCWD } from '../uapi/fcntl.js';
import { PAGE_SIZE } from '../uapi/mman.js';
import { UserPtr, copy_to_user } from '../mm/uaccess.js';
import type { Task } from '../kernel/task.js';
import { new_encode_dev } from '../kernel/kdev_t.js';

/** The flags of a mount as statfs reports them (calculate_f_flags). */
function mount_flags(opts: string, readonly: boolean): number {
  const o = new Set(opts.split(','));
  let f = ST_VALID | (readonly || o.has('ro') ? ST_RDONLY : 0);
  if (o.has('nosuid')) f |= ST_NOSUID;
  if (o.has('nodev')) f |= ST_NODEV;
  if (o.has('noexec')) f |= ST_NOEXEC;
  if (o.has('noatime')) f |= ST_NOATIME;
  if (o.has('relatime')) f |= ST_RELATIME;
  return f;
}

/** vfs_statfs: the file system's answer (its s_op.statfs, or simple_statfs) plus the mount's flags. */
export function vfs_statfs(path: Path): Statfs {
  const sb = path.dentry.d_sb;
  const dev = sb.s_dev;
  const st: Statfs = {
    f_type: sb.s_magic, f_bsize: PAGE_SIZE, f_blocks: 0, f_bfree: 0, f_bavail: 0, f_files: 0, f_ffree: 0,
    f_fsid: [new_encode_dev(dev) | 0, 0], f_namelen: NAME_MAX,
    f_frsize: PAGE_SIZE, f_flags: 0,
    ...sb.s_op.statfs?.(sb),
  };
  st.f_flags = mount_flags(path.mnt.mnt_opts, sb.s_readonly);
  return st;
}

function put_statfs(task: Task, buf: number, st: Statfs): number {
  return copy_to_user(new UserPtr(task.mm, buf), encodeStatfs(st)) ? -EFAULT : 0;
}

export async function sys_statfs(task: Task, filename: number, buf: number): Promise<number> {
  const p = await user_path_at(task, AT_FDCWD, filename, LOOKUP_FOLLOW);
  return typeof p === 'number' ? p : put_statfs(task, buf, vfs_statfs(p.path));
}

export function sys_fstatfs(task: Task, fd: number, buf: number): Promise<number> {
  return with_fd(task, fd, (f) => put_statfs(task, buf, vfs_statfs(f.f_path)));
}
