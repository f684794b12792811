// utimensat(2) (fs/utimes.c): set a file's access and modification times, to now or to given values.
// times NULL (or both UTIME_NOW) needs write access or ownership; explicit times need ownership (or root).
// notify_change clamps the times to the file system's range, as Linux does, rather than refusing them.
import { EACCES, EFAULT, EINVAL, EPERM, EROFS } from '../uapi/errno.js';
import { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW } from '../uapi/fcntl.js';
import { UTIME_NOW, UTIME_OMIT } from '../uapi/stat.js';
import type { Iattr, Path } from './fs.js';
import { inode_permission, MAY_WRITE, LOOKUP_FOLLOW, type NameiCtx } from './namei.js';
import { notify_change } from './open.js';
import { user_path_at } from './user_path.js';
import { nctx } from './fs_struct.js';
import { with_fd } from './file.js';
import { current_time } from './inode.js';
import { timespec64_to_seconds } from '../kernel/time64.js';
import type { Task } from '../kernel/task.js';
import { UserPtr, copy_from_user } from '../mm/uaccess.js';

/** struct timespec[2]: { tv_sec s64, tv_nsec s64 } for atime, then mtime. */
const TIMESPEC_PAIR_SIZE = 32;

type stamp = { sec: number; nsec: number } | typeof UTIME_NOW | typeof UTIME_OMIT;

/** The two times asked for (a timespec, or UTIME_NOW / UTIME_OMIT), or -errno. */
function get_times(task: Task, addr: number): [stamp, stamp] | number {
  if (addr === 0) return [UTIME_NOW, UTIME_NOW];
  const b = new Uint8Array(TIMESPEC_PAIR_SIZE);
  if (copy_from_user(b, new UserPtr(task.mm, addr))) return -EFAULT;
  const v = new DataView(b.buffer);
  const out: stamp[] = [];
  for (const off of [0, 16]) {
    const sec = Number(v.getBigInt64(off, true));
    const nsec = Number(v.getBigInt64(off + 8, true));
    if (nsec === UTIME_NOW || nsec === UTIME_OMIT) out.push(nsec);
    else if (nsec < 0 || nsec >= 1e9) return -EINVAL;
    else out.push({ sec, nsec });
  }
  return [out[0], out[1]];
}

async function utimes_common(task: Task, ctx: NameiCtx, path: Path, times: [stamp, stamp]): Promise<number> {
  const [a, m] = times;
  if (a === UTIME_OMIT && m === UTIME_OMIT) return 0;
  const inode = path.dentry.d_inode!;
  if (path.dentry.d_sb.s_readonly) return -EROFS;
  const owner = task.cred.euid === 0 || task.cred.euid === inode.i_uid;
  const explicit = (t: stamp) => t !== UTIME_NOW && t !== UTIME_OMIT;
  if (explicit(a) || explicit(m)) {
    if (!owner) return -EPERM;
  } else if (!owner && await inode_permission(ctx, inode, path.dentry, MAY_WRITE, path)) {
    return -EACCES;
  }
  const now = current_time();
  const attr: Iattr = {};
  // The nanoseconds cut to the file system's granularity while they are exact (notify_change cuts the
  // double again, which keeps a time on a granule).
  const gran = inode.i_sb.s_time_gran;
  const seconds = (t: stamp) =>
    typeof t === 'number' ? now : timespec64_to_seconds(t.sec, t.nsec - (t.nsec % gran));
  if (a !== UTIME_OMIT) attr.atime = seconds(a);
  if (m !== UTIME_OMIT) attr.mtime = seconds(m);
  return notify_change(ctx, path, attr);
}

/**
 * utimensat(dfd, filename, times, flags). A NULL filename sets the times of `dfd` itself (futimens). A
 * relative name is looked up from `dfd` when it is not AT_FDCWD.
 */
export async function sys_utimensat(task: Task, dfd: number, filename: number, utimes: number, flags: number):
  Promise<number> {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const times = get_times(task, utimes);
  if (typeof times === 'number') return times;
  // A null path (Linux's futimens) names the descriptor itself.
  if (filename === 0) {
    const ctx = nctx(task);
    return with_fd(task, dfd, (f) => utimes_common(task, ctx, f.f_path, times));
  }
  const p = await user_path_at(task, dfd, filename, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, flags);
  if (typeof p === 'number') return p;
  return utimes_common(task, p.ctx, p.path, times);
}
