// mount(2) and umount2(2) (fs/namespace.c): root attaches a registered file system type to a directory,
// or detaches one that nothing uses. Remounting changes a mount's options; bind and move mounts are
// not supported (EINVAL).
import { EBUSY, EINVAL, ENOTDIR, EPERM } from '../uapi/errno.js';
import { S_ISDIR } from '../uapi/stat.js';
import { PAGE_SIZE } from '../uapi/mman.js';
import type { Task } from '../kernel/task.js';
import { for_each_process } from '../kernel/task.js';
import { capable } from '../kernel/cred.js';
import { UserPtr, strndup_user } from '../mm/uaccess.js';
import { kern_path, LOOKUP_FOLLOW } from './namei.js';
import { do_mount, do_umount, mounts } from './namespace.js';
import { nctx } from './fs_struct.js';
import { getname } from './user_path.js';
import type { VfsMount } from './fs.js';

export const MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16, MS_REMOUNT = 32,
  MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOATIME = 1024, MS_NODIRATIME = 2048, MS_BIND = 4096, MS_MOVE = 8192,
  MS_REC = 16384, MS_SILENT = 32768, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24;
const MS_MGC_VAL = 0xc0ed0000, MS_MGC_MSK = 0xffff0000;
export const MNT_FORCE = 1, MNT_DETACH = 2, MNT_EXPIRE = 4, UMOUNT_NOFOLLOW = 8;

const FLAG_OPTS: [number, string][] = [
  [MS_RDONLY, 'ro'], [MS_NOSUID, 'nosuid'], [MS_NODEV, 'nodev'], [MS_NOEXEC, 'noexec'], [MS_SYNCHRONOUS, 'sync'],
  [MS_DIRSYNC, 'dirsync'], [MS_NOATIME, 'noatime'], [MS_NODIRATIME, 'nodiratime'], [MS_RELATIME, 'relatime'],
];

/** The option string of a mount: the flag words, then the file system's own options. */
function mount_opts(flags: number, data: string): string {
  return [...FLAG_OPTS.filter(([f]) => flags & f).map(([, o]) => o), ...(data ? [data] : [])].join(',');
}

/** A user string argument that may be NULL (mount's source and data). */
function copy_mount_string(task: Task, addr: number): string | number | null {
  if (!addr) return null;
  return strndup_user(new UserPtr(task.mm, addr), PAGE_SIZE, EINVAL);
}

export async function sys_mount(task: Task, dev_name: number, dir_name: number, type: number, flags: number,
  data: number): Promise<number> {
  const cred = task.cred;
  if (!capable(cred)) return -EPERM;
  const dir = getname(task, dir_name);
  if (typeof dir === 'number') return dir;
  const fstype = copy_mount_string(task, type);
  if (typeof fstype === 'number') return fstype;
  const dev = copy_mount_string(task, dev_name);
  if (typeof dev === 'number') return dev;
  const opts = copy_mount_string(task, data);
  if (typeof opts === 'number') return opts;
  if ((flags & MS_MGC_MSK) >>> 0 === MS_MGC_VAL) flags &= ~MS_MGC_MSK;
  const p = await kern_path(nctx(task), dir, LOOKUP_FOLLOW);
  if (typeof p === 'number') return p;
  if (flags & (MS_BIND | MS_MOVE)) return -EINVAL;
  if (flags & MS_REMOUNT) {
    if (p.dentry !== p.mnt.mnt_root) return -EINVAL;
    p.mnt.mnt_opts = mount_opts(flags, opts ?? '');
    if (sb_owner_count(p.mnt) === 1) p.mnt.mnt_sb.s_readonly = (flags & MS_RDONLY) !== 0;
    return 0;
  }
  if (!S_ISDIR(p.dentry.d_inode!.i_mode)) return -ENOTDIR;
  if (fstype === null) return -EINVAL;
  const r = do_mount(dev ?? 'none', p, fstype, mount_opts(flags, opts ?? ''));
  if (r) return r;
  // Read-only is enforced on the super block, so only for a mount that does not share it.
  const m = mounts()[mounts().length - 1];
  if (flags & MS_RDONLY && m && sb_owner_count(m) === 1) m.mnt_sb.s_readonly = true;
  return 0;
}

function sb_owner_count(m: VfsMount): number {
  return mounts().filter((x) => x.mnt_sb === m.mnt_sb).length;
}

/** Something uses the mount: a process's working directory or root, or an open file. */
function mount_busy(m: VfsMount): boolean {
  for (const t of for_each_process()) {
    if (t.exit_state === 'dead') continue;
    if (t.fs.pwd.mnt === m || t.fs.root.mnt === m) return true;
    if (t.files.fds.some((e) => e?.file.f_path.mnt === m)) return true;
  }
  return false;
}

export async function sys_umount(task: Task, name: number, flags: number): Promise<number> {
  if (!capable(task.cred)) return -EPERM;
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) return -EINVAL;
  if (flags & MNT_EXPIRE && flags & (MNT_FORCE | MNT_DETACH)) return -EINVAL;
  const path = getname(task, name);
  if (typeof path === 'number') return path;
  const p = await kern_path(nctx(task), path, flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
  if (typeof p === 'number') return p;
  if (p.dentry !== p.mnt.mnt_root) return -EINVAL;
  if (p.mnt.mnt_parent === p.mnt) return -EBUSY;
  if (!(flags & MNT_DETACH) && mount_busy(p.mnt)) return -EBUSY;
  return do_umount(p);
}
