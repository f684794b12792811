// Opening and closing files (fs/open.c): open, creat, close, chdir, chmod, chown, truncate, access.
import {
  EACCES, EBADF, EEXIST, EFAULT, EINVAL, EIO, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, EPERM, ENODEV,
} from '../uapi/errno.js';
import {
  O_ACCMODE, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, O_CLOEXEC, O_APPEND,
  O_NONBLOCK,
  R_OK, W_OK, X_OK, AT_FDCWD, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_EACCESS,
} from '../uapi/fcntl.js';
import { S_ISDIR, S_ISLNK, S_ISREG } from '../uapi/stat.js';
import {
  File, FMODE_READ, FMODE_WRITE, FMODE_LSEEK, FMODE_PREAD, FMODE_WRITER, FMODE_NONOTIFY, type Iattr, type Path,
} from './fs.js';
import {
  kern_path, lookup_create, vfs_create, inode_permission, MAY_READ, MAY_WRITE, MAY_EXEC, MAY_OPEN, MAY_ACCESS, LOOKUP_FOLLOW,
  PATH_MAX, type NameiCtx,
} from './namei.js';
import { vfs_dispatch, type VfsCaller } from './vfs_hook.js';
import { filp_close, fput, release_unopened, with_fd } from './file.js';
import { pr_err } from '../kernel/printk.js';
import { nctx, vcaller } from './fs_struct.js';
import { getname, nctx_at, user_path_at } from './user_path.js';
import { try_module_get, module_put } from '../kernel/module_types.js';
import type { Task } from '../kernel/task.js';
import { setattr_copy, timestamp_truncate, special_file, get_write_access, put_write_access } from './inode.js';
import { iversion_on_success, inode_inc_iversion } from './iversion.js';
import type { Cred } from '../kernel/cred.js';
import { chown_ok, chgrp_ok, chown_kill_privs, setattr_prepare_mode, setattr_should_drop_suidgid, attr_kill_privs } from './attr.js';

/** Opens the object at `path` (already resolved) into a new File, through the hook. */
export function vfs_open(path: Path, flags: number, cred: Cred, caller: VfsCaller): Promise<File | number> {
  return do_dentry_open(path, flags, 0, cred, caller);
}

/**
 * do_dentry_open: makes the File (its mode from the access mode, plus `fmode_extra`) and runs the file
 * system's open through the hook. An open for writing takes write access first and holds it until the
 * last fput (Linux's order: the open's callbacks already count this writer).
 */
async function do_dentry_open(path: Path, flags: number, fmode_extra: number, cred: Cred, caller: VfsCaller):
  Promise<File | number> {
  const inode = path.dentry.d_inode!;
  const acc = flags & O_ACCMODE;
  let fmode = FMODE_LSEEK | FMODE_PREAD | fmode_extra;
  if (acc === O_RDONLY || acc === O_RDWR) fmode |= FMODE_READ;
  if (acc === O_WRONLY || acc === O_RDWR) fmode |= FMODE_WRITE;
  const owner = inode.i_fop.owner;
  if (!try_module_get(owner)) return -ENODEV;
  if (fmode & FMODE_WRITE && !special_file(inode.i_mode)) {
    const w = get_write_access(inode);
    if (w < 0) {
      module_put(owner);
      return w;
    }
    fmode |= FMODE_WRITER;
  }
  // O_TRUNC stays for the file system's open to see (tracefs clears a file so), then goes as in Linux.
  const file = new File(path, inode, flags & ~(O_CREAT | O_EXCL), fmode, cred);
  file.f_owner_pid = caller.pid;
  // Whether the file system's open ran and succeeded: a filter may stop the call before it, or turn its
  // success into an error after it, and only an open that ran has anything to release.
  let opened = false;
  const ran = (v: number) => {
    opened = v >= 0;
    return v;
  };
  let r = await vfs_dispatch('open', { inode, file }, caller, (a) => {
    const v = a.file.f_op.open ? a.file.f_op.open(a.inode, a.file) : 0;
    return typeof v === 'number' ? ran(v) : v.then(ran);
  });
  file.f_flags &= ~O_TRUNC;
  if (r >= 0 && !opened) {
    pr_err(`open of ${path.dentry.d_name}: succeeded without the file system's open (a filter stopped it with ${r})`);
    r = -EIO;
  }
  if (r < 0) {
    if (opened) await release_unopened(file);
    if (fmode & FMODE_WRITER) put_write_access(inode);
    module_put(owner);
    return r;
  }
  // A driver's open may swap f_op (char devices): the module reference follows the new table.
  if (file.f_op.owner !== owner) {
    module_put(owner);
  }
  inode.i_openers++;
  return file;
}

/** What a dentry_open_nonotify may ask besides O_RDONLY: nothing that writes, creates or truncates. */
const NONOTIFY_FLAGS = O_NONBLOCK | O_DIRECTORY | O_CLOEXEC;

/**
 * dentry_open_nonotify (Linux's, for the files fanotify hands its listener): opens the existing object at
 * `path` for the kernel, on behalf of a listener that must not hear of it. `flags`: O_RDONLY, with at most
 * O_NONBLOCK, O_DIRECTORY and O_CLOEXEC (kept in f_flags for fd_install_task), else -EINVAL.
 * The file system's open runs; the File is marked FMODE_NONOTIFY, and no RedirFS filter sees its open nor
 * any later operation on it (read, llseek, readdir, mmap, ioctl, poll, flush, release). Like Linux's
 * dentry_open it checks no permission: the caller decides who may have the object. Returns the File
 * (one reference, the caller's: fput, or fd_install_task to hand it to a task) or -errno.
 */
export async function dentry_open_nonotify(path: Path, flags: number, cred: Cred): Promise<File | number> {
  if ((flags & O_ACCMODE) !== O_RDONLY || flags & ~NONOTIFY_FLAGS) return -EINVAL;
  const inode = path.dentry.d_inode;
  if (!inode) return -ENOENT;
  if (S_ISLNK(inode.i_mode)) return -ELOOP;
  if (flags & O_DIRECTORY && !S_ISDIR(inode.i_mode)) return -ENOTDIR;
  return do_dentry_open(path, flags, FMODE_NONOTIFY, cred, { pid: 0, cred, path });
}

/**
 * notify_change: setattr through the hook (chmod, chown, truncate, utimes). A truncation by an
 * unprivileged caller takes the set-id bits off (as do_truncate's dentry_needs_remove_privs), and a mode
 * change by a caller outside the file's group S_ISGID (setattr_prepare): both land in attr.mode before the
 * hook, so a filter sees the change that will be made. Times are cut to what the file system can store
 * after the hook ran, so neither a caller nor a filter can store one stat cannot report.
 */
export async function notify_change(ctx: Pick<NameiCtx, 'pid' | 'cred'>, path: Path, attr: Iattr): Promise<number> {
  const inode = path.dentry.d_inode!;
  const setattr = inode.i_op.setattr;
  if (attr.size !== undefined) attr_kill_privs(inode, attr, setattr_should_drop_suidgid(ctx.cred, inode));
  setattr_prepare_mode(ctx.cred, inode, attr);
  return vfs_dispatch('setattr', { dentry: path.dentry, attr }, { pid: ctx.pid, cred: ctx.cred, path }, (a) => {
    const i = a.dentry.d_inode!;
    if (a.attr.atime !== undefined) a.attr.atime = timestamp_truncate(a.attr.atime, i);
    if (a.attr.mtime !== undefined) a.attr.mtime = timestamp_truncate(a.attr.mtime, i);
    // Every setattr that succeeds changes the object (mode, owner, times, size): its version moves.
    if (setattr) return iversion_on_success(setattr(a.dentry, a.attr), 0, i);
    setattr_copy(i, a.attr);
    if (a.attr.size !== undefined) i.i_size = a.attr.size;
    inode_inc_iversion(i);
    return 0;
  });
}

/**
 * file_remove_privs: before a write by a caller without CAP_FSETID, a regular file loses S_ISUID (and
 * S_ISGID as setattr_should_drop_sgid says), through notify_change. 0 or -errno (the write then fails).
 */
export async function file_remove_privs(file: File, caller: VfsCaller): Promise<number> {
  const kill = setattr_should_drop_suidgid(caller.cred, file.f_inode);
  if (!kill.suid && !kill.sgid) return 0;
  const attr: Iattr = {};
  attr_kill_privs(file.f_inode, attr, kill);
  return notify_change(caller, file.f_path, attr);
}

/** Opens `pathname` for `ctx` with open(2) semantics; returns the File or -errno. */
export async function do_filp_open(ctx: NameiCtx, pathname: string, flags: number, mode: number): Promise<File | number> {
  const acc = flags & O_ACCMODE;
  if (acc === 3) return -EINVAL;
  let path: Path | number;
  let created = false;
  if (flags & O_CREAT) {
    const lc = await lookup_create(ctx, pathname);
    if (typeof lc === 'number') {
      if (lc !== -EEXIST) return lc;
      path = await kern_path(ctx, pathname, LOOKUP_FOLLOW);
    } else if (!lc.dentry.d_inode) {
      const r = await vfs_create(ctx, lc.parent, lc.dentry, mode);
      // Another open created the name since the lookup (Linux holds the directory's lock across both):
      // without O_EXCL that is the file to open.
      if (r === -EEXIST && !(flags & O_EXCL)) {
        path = await kern_path(ctx, pathname, LOOKUP_FOLLOW);
      } else {
        if (r < 0) return r;
        // A filter may stop the create with success: there is still nothing to open.
        if (!lc.dentry.d_inode) return -ENOENT;
        path = { mnt: lc.parent.mnt, dentry: lc.dentry };
        created = true;
      }
    } else {
      if (flags & O_EXCL) return -EEXIST;
      path = await kern_path(ctx, pathname, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
    }
  } else {
    path = await kern_path(ctx, pathname, flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
  }
  if (typeof path === 'number') return path;
  const inode = path.dentry.d_inode!;
  if (S_ISLNK(inode.i_mode)) return -ELOOP;
  if (flags & O_DIRECTORY && !S_ISDIR(inode.i_mode)) return -ENOTDIR;
  if (S_ISDIR(inode.i_mode) && (acc !== O_RDONLY || flags & O_TRUNC)) return -EISDIR;
  if (!created) {
    let mask = MAY_OPEN;
    if (acc === O_RDONLY || acc === O_RDWR) mask |= MAY_READ;
    if (acc === O_WRONLY || acc === O_RDWR || flags & O_TRUNC) mask |= MAY_WRITE;
    if (flags & O_APPEND && mask & MAY_WRITE) mask |= 0x8;
    const perm = await inode_permission(ctx, inode, path.dentry, mask, path);
    if (perm) return perm;
  }
  const caller = { pid: ctx.pid, cred: ctx.cred, path };
  const file = await vfs_open(path, flags, ctx.cred, caller);
  // As Linux's handle_truncate: only an open that succeeded truncates, so a denied open leaves the file whole.
  if (typeof file !== 'number' && flags & O_TRUNC && S_ISREG(inode.i_mode) && !created && inode.i_size !== 0) {
    const r = await notify_change(ctx, path, { size: 0 });
    if (r < 0) {
      await fput(file, caller);
      return r;
    }
  }
  return file;
}

/** openat: a relative path starts at the directory open as `dfd` (AT_FDCWD: the working directory). */
export async function sys_openat(task: Task, dfd: number, filename: number, flags: number, mode: number): Promise<number> {
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  const ctx = nctx_at(task, dfd, name);
  if (typeof ctx === 'number') return ctx;
  const fd = task.files.get_unused_fd();
  if (fd < 0) return fd;
  const f = await do_filp_open(ctx, name, flags, mode & 0o7777);
  if (typeof f === 'number') return f;
  if (task.exit_state !== 'running') {
    await filp_close(f, vcaller(task));
    return -EBADF;
  }
  const fd2 = task.files.get_unused_fd(fd);
  task.files.fd_install(fd2, f, (flags & O_CLOEXEC) !== 0);
  return fd2;
}

export function sys_open(task: Task, filename: number, flags: number, mode: number): Promise<number> {
  return sys_openat(task, AT_FDCWD, filename, flags, mode);
}

export function sys_creat(task: Task, filename: number, mode: number): Promise<number> {
  return sys_open(task, filename, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

export async function sys_close(task: Task, fd: number): Promise<number> {
  const f = task.files.remove(fd);
  if (typeof f === 'number') return f;
  const r = await filp_close(f, vcaller(task));
  return r < 0 ? r : 0;
}

export async function sys_chdir(task: Task, filename: number): Promise<number> {
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  const ctx = nctx(task);
  const p = await kern_path(ctx, name, LOOKUP_FOLLOW);
  if (typeof p === 'number') return p;
  if (!S_ISDIR(p.dentry.d_inode!.i_mode)) return -ENOTDIR;
  const perm = await inode_permission(ctx, p.dentry.d_inode!, p.dentry, MAY_EXEC, p);
  if (perm) return perm;
  task.fs.pwd = p;
  return 0;
}

async function chmod_common(task: Task, path: Path, mode: number): Promise<number> {
  const inode = path.dentry.d_inode!;
  if (task.cred.euid !== 0 && task.cred.euid !== inode.i_uid) return -EPERM;
  if (path.dentry.d_sb.s_readonly) return -30;
  return notify_change(nctx(task), path, { mode: mode & 0o7777 });
}

/** fchmodat (the system call has no flags: a symbolic link is always followed). */
export async function sys_fchmodat(task: Task, dfd: number, filename: number, mode: number): Promise<number> {
  const p = await user_path_at(task, dfd, filename, LOOKUP_FOLLOW);
  return typeof p === 'number' ? p : chmod_common(task, p.path, mode);
}

export function sys_chmod(task: Task, filename: number, mode: number): Promise<number> {
  return sys_fchmodat(task, AT_FDCWD, filename, mode);
}

export function sys_fchmod(task: Task, fd: number, mode: number): Promise<number> {
  return with_fd(task, fd, (f) => chmod_common(task, f.f_path, mode));
}

/**
 * chown_common: -1 leaves an id. The owner may set the group to one it is in, only root gives a file away
 * (EPERM); a change of a non-directory's owner or group removes its set-id bits (chown_kill_privs).
 */
async function chown_common(task: Task, path: Path, uid: number, gid: number): Promise<number> {
  const inode = path.dentry.d_inode!;
  const attr: Iattr = {};
  const u = uid | 0, g = gid | 0;
  if (u !== -1) attr.uid = u >>> 0;
  if (g !== -1) attr.gid = g >>> 0;
  if (path.dentry.d_sb.s_readonly) return -30;
  if (attr.uid !== undefined && !chown_ok(task.cred, inode, attr.uid)) return -EPERM;
  if (attr.gid !== undefined && !chgrp_ok(task.cred, inode, attr.gid)) return -EPERM;
  chown_kill_privs(task.cred, inode, attr);
  return notify_change(nctx(task), path, attr);
}

/** fchownat: AT_SYMLINK_NOFOLLOW changes a symbolic link itself, AT_EMPTY_PATH the descriptor's object. */
export async function sys_fchownat(task: Task, dfd: number, filename: number, uid: number, gid: number,
  flags: number): Promise<number> {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const p = await user_path_at(task, dfd, filename, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, flags);
  return typeof p === 'number' ? p : chown_common(task, p.path, uid, gid);
}

export function sys_chown(task: Task, filename: number, uid: number, gid: number, follow = true): Promise<number> {
  return sys_fchownat(task, AT_FDCWD, filename, uid, gid, follow ? 0 : AT_SYMLINK_NOFOLLOW);
}

export function sys_fchown(task: Task, fd: number, uid: number, gid: number): Promise<number> {
  return with_fd(task, fd, (f) => chown_common(task, f.f_path, uid, gid));
}

export async function sys_truncate(task: Task, filename: number, length: number): Promise<number> {
  const name = getname(task, filename);
  if (typeof name === 'number') return name;
  if (length < 0) return -EINVAL;
  const ctx = nctx(task);
  const p = await kern_path(ctx, name, LOOKUP_FOLLOW);
  if (typeof p === 'number') return p;
  const inode = p.dentry.d_inode!;
  if (S_ISDIR(inode.i_mode)) return -EISDIR;
  if (!S_ISREG(inode.i_mode)) return -EINVAL;
  const perm = await inode_permission(ctx, inode, p.dentry, MAY_WRITE, p);
  if (perm) return perm;
  return notify_change(ctx, p, { size: length });
}

export function sys_ftruncate(task: Task, fd: number, length: number): Promise<number> {
  return with_fd(task, fd, (f) => {
    if (length < 0 || !S_ISREG(f.f_inode.i_mode)) return -EINVAL;
    if (!(f.f_mode & FMODE_WRITE)) return -EINVAL;
    return notify_change(nctx(task), f.f_path, { size: length });
  });
}

/**
 * faccessat2: access(2)'s check, with the real ids as Linux does unless AT_EACCESS asks for the effective
 * ones; AT_SYMLINK_NOFOLLOW checks a symbolic link itself.
 */
export async function sys_faccessat2(task: Task, dfd: number, filename: number, mode: number, flags: number):
  Promise<number> {
  if (mode & ~(R_OK | W_OK | X_OK)) return -EINVAL;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const cred = flags & AT_EACCESS ? task.cred : { ...task.cred, euid: task.cred.uid, egid: task.cred.gid };
  const p = await user_path_at(task, dfd, filename, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW, flags, cred);
  if (typeof p === 'number') return p;
  const ctx = p.ctx;
  if (!mode) return 0;
  let mask = 0;
  if (mode & R_OK) mask |= MAY_READ;
  if (mode & W_OK) mask |= MAY_WRITE;
  if (mode & X_OK) mask |= MAY_EXEC;
  return inode_permission(ctx, p.path.dentry.d_inode!, p.path.dentry, mask | MAY_ACCESS, p.path);
}

export function sys_access(task: Task, filename: number, mode: number): Promise<number> {
  return sys_faccessat2(task, AT_FDCWD, filename, mode, 0);
}
