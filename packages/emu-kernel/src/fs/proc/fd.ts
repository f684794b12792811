// /proc/<pid>/fd (fs/proc/fd.c): one symlink per open descriptor, naming the open file's path. The
// entries come from the task's descriptor table at each lookup and readdir.
import { EACCES, ENOENT } from '../../uapi/errno.js';
import { S_IFDIR, S_IFLNK, S_ISFIFO } from '../../uapi/stat.js';
import { DT_DIR, DT_LNK, FMODE_READ, FMODE_WRITE, type DirContext, type Dentry, type DentryOperations, type File,
  type Inode } from '../fs.js';
import { new_inode } from '../inode.js';
import { simple_create_child } from '../libfs.js';
import { d_path } from '../namei.js';
import { mounts } from '../namespace.js';
import { find_task_by_vpid, type Task } from '../../kernel/task.js';
import { pid_task, Pid } from '../../kernel/pid.js';

/** What an fd link's inode names: the process by its struct pid, and the descriptor. */
interface FdInfo {
  pid: Pid;
  fd: number;
}

/** The live process of an fd directory (its inode holds the Pid) or of an fd link (FdInfo). */
function task_of(inode: Inode): Task | null {
  const p = inode.i_private as FdInfo | Pid | undefined;
  const task = p ? pid_task(p instanceof Pid ? p : p.pid) : null;
  return task && task.exit_state === 'running' ? task : null;
}

/** ptrace_may_access, reduced (see base.ts): owner, root, or the process itself. */
function may_access(t: Task, caller_pid: number): boolean {
  if (caller_pid === 0 || caller_pid === t.pid) return true;
  const c = find_task_by_vpid(caller_pid)?.cred;
  return !!c && (c.euid === 0 || c.euid === t.cred.euid);
}

/**
 * What the link of an open file reads as: its path, or for objects outside the mount tree (pipes,
 * anonymous inodes) the name their file system gives them, "pipe:[ino]" (d_dname).
 */
export function file_link_name(f: File): string {
  const { mnt, dentry } = f.f_path;
  if (dentry.d_sb !== mnt.mnt_sb || !mounts().includes(mnt)) {
    return S_ISFIFO(f.f_inode.i_mode) && !dentry.d_name.startsWith('pipe:') ? `pipe:[${f.f_inode.i_ino}]` : dentry.d_name;
  }
  const p = d_path(f.f_path);
  return dentry.d_hashed ? p : `${p} (deleted)`;
}

function fd_mode(f: File): number {
  let mode = S_IFLNK;
  if (f.f_mode & FMODE_READ) mode |= 0o500;
  if (f.f_mode & FMODE_WRITE) mode |= 0o300;
  return mode;
}

const fd_dentry_operations: DentryOperations = {
  d_revalidate(dentry) {
    const info = dentry.d_inode?.i_private as FdInfo | undefined;
    const t = info ? task_of(dentry.d_inode!) : null;
    if (!info || !t) return 0;
    const f = t.files.lookup_fd_raw(info.fd);
    if (!f) return 0;
    dentry.d_inode!.i_mode = fd_mode(f);
    dentry.d_inode!.i_uid = t.cred.euid;
    dentry.d_inode!.i_gid = t.cred.egid;
    return 1;
  },
};

function fd_instantiate(dentry: Dentry, task: Task, fd: number, f: File): void {
  const inode = new_inode(dentry.d_sb, fd_mode(f));
  inode.i_uid = task.cred.euid;
  inode.i_gid = task.cred.egid;
  inode.i_private = { pid: task.thread_pid, fd } satisfies FdInfo;
  inode.i_size = 64;
  inode.i_op = {
    get_link(d, caller) {
      const info = d.d_inode!.i_private as FdInfo;
      const t = task_of(d.d_inode!);
      if (!t) return -ENOENT;
      if (!may_access(t, caller?.pid ?? 0)) return -EACCES;
      const file = t.files.lookup_fd_raw(info.fd);
      return file ? file_link_name(file) : -ENOENT;
    },
    jump_link(d, caller) {
      const info = d.d_inode!.i_private as FdInfo;
      const t = task_of(d.d_inode!);
      if (!t) return -ENOENT;
      if (!may_access(t, caller?.pid ?? 0)) return -EACCES;
      return t.files.lookup_fd_raw(info.fd)?.f_path ?? -ENOENT;
    },
  };
  dentry.d_inode = inode;
  dentry.d_op = fd_dentry_operations;
}

function proc_fd_lookup(dir: Inode, dentry: Dentry): number {
  const t = task_of(dir);
  if (!t || !/^(0|[1-9][0-9]{0,9})$/.test(dentry.d_name)) return 0;
  const fd = Number(dentry.d_name);
  const f = t.files.lookup_fd_raw(fd);
  if (f) fd_instantiate(dentry, t, fd, f);
  return 0;
}

function proc_readfd(file: File, ctx: DirContext): number {
  const dir = file.f_inode;
  const t = task_of(dir);
  if (!t) return -ENOENT;
  if (ctx.pos === 0) {
    if (!ctx.emit('.', dir.i_ino, DT_DIR)) return 0;
    ctx.pos = 1;
  }
  if (ctx.pos === 1) {
    if (!ctx.emit('..', file.f_dentry.parent.d_inode!.i_ino, DT_DIR)) return 0;
    ctx.pos = 2;
  }
  for (let fd = ctx.pos - 2; fd < t.files.fds.length; fd++) {
    if (!t.files.lookup_fd_raw(fd)) continue;
    if (!ctx.emit(String(fd), 0x20000 + fd, DT_LNK)) return 0;
    ctx.pos = fd + 3;
  }
  return 0;
}

/** Makes /proc/<pid>/fd under the pid directory. */
export function proc_fd_instantiate_dir(piddir: Dentry, task: Task): void {
  simple_create_child(piddir, 'fd', S_IFDIR | 0o500, {
    uid: task.cred.euid, gid: task.cred.egid, data: task.thread_pid,
    iops: { lookup: proc_fd_lookup }, fops: { iterate_shared: proc_readfd },
  });
}
