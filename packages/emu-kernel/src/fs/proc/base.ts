// /proc/<pid> (fs/proc/base.c): a directory per live process, made when a walk looks the pid up and
// dropped again once the process is reaped (proc_flush_pid, or d_revalidate). Its files print the task's
// state when read. Its inodes hold the process's struct pid, never the task: a cached dentry or an open
// file of a process that is gone keeps nothing of it.
import { EACCES, EINVAL, ENOENT, EPERM, ESRCH, EFAULT } from '../../uapi/errno.js';
import { S_IFDIR, S_IFLNK, S_IFREG } from '../../uapi/stat.js';
import { Inode, type Dentry, type DentryOperations, type FileOperations, type InodeOperations } from '../fs.js';
import { current_time } from '../inode.js';
import { simple_create_child, simple_dir_operations, simple_lookup } from '../libfs.js';
import { d_path } from '../namei.js';
import { current, find_task_by_vpid, type Task } from '../../kernel/task.js';
import { pid_task, type Pid } from '../../kernel/pid.js';
import { host } from '../../kernel/host.js';
import { copy_from_user } from '../../mm/uaccess.js';
import { seq_lseek, seq_puts, seq_read, seq_write, single_open, single_release, type SeqFile } from '../seq_file.js';
import { proc_pid_stat, proc_pid_statm, proc_pid_status, uptime_ms } from './array.js';
import { proc_fd_instantiate_dir } from './fd.js';
import { mounts_show } from './proc_namespace.js';

/** The inode number of /proc/<pid>: fixed per pid, so readdir and stat agree. */
export const proc_pid_ino = (pid: number): number => 0x40000000 + pid;

/** Marks the dentries of /proc/<pid> directories (the root's readdir lists those from the task list). */
export const PID_DENTRY = Symbol('proc pid dentry');

/** The task of a /proc/<pid> inode (get_proc_task), or null once it has been reaped. */
export function proc_task(inode: Inode): Task | null {
  const pid = inode.i_private as Pid | undefined;
  return pid ? pid_task(pid) : null;
}

/** The credentials of the process with pid `pid` (root for the kernel, pid 0). */
function caller_cred(pid: number): { euid: number } | null {
  if (pid === 0) return { euid: 0 };
  return find_task_by_vpid(pid)?.cred ?? null;
}

/** ptrace_may_access, reduced: the process itself, its owner, or root may look at its links and fds. */
export function proc_may_access(t: Task, caller_pid: number): boolean {
  const c = caller_cred(caller_pid);
  return !!c && (c.euid === 0 || c.euid === t.cred.euid || caller_pid === t.pid);
}

function task_dump_owner(t: Task, inode: Inode): void {
  inode.i_uid = t.cred.euid;
  inode.i_gid = t.cred.egid;
}

/** A directory stays while its task lives; its owner follows the task's credentials (pid_revalidate). */
export const pid_dentry_operations: DentryOperations = {
  d_revalidate(dentry) {
    const inode = dentry.d_inode;
    const t = inode ? proc_task(inode) : null;
    if (!t || !inode) return 0;
    task_dump_owner(t, inode);
    for (const c of dentry.d_subdirs.values()) if (c.d_inode) task_dump_owner(t, c.d_inode);
    return 1;
  },
};

const enc = new TextEncoder();

type TaskShow = (m: SeqFile<unknown>, t: Task, reader_pid: number) => number | void;

/** A per-process file printed by `show` when opened and read (ONE entries of base.c). */
function task_file_ops(show: TaskShow, write?: FileOperations['write']): FileOperations {
  return {
    open(inode, file) {
      if (!proc_task(inode)) return -ESRCH;
      return single_open(file, (m) => {
        const t = proc_task(inode);
        return t ? show(m, t, file.f_owner_pid) : -ESRCH;
      }, inode.i_private);
    },
    read: seq_read,
    llseek: seq_lseek,
    release: single_release,
    write,
  };
}

function argv_bytes(list: readonly string[]): Uint8Array {
  return list.length ? enc.encode(list.join('\0') + '\0') : new Uint8Array(0);
}

const pid_files: { name: string; mode: number; fops: FileOperations }[] = [
  { name: 'status', mode: 0o444, fops: task_file_ops((m, t, r) => seq_puts(m, proc_pid_status(t, r))) },
  {
    name: 'stat', mode: 0o444,
    fops: task_file_ops((m, t, r) => seq_puts(m, proc_pid_stat(t, r, host().now() - uptime_ms()))),
  },
  { name: 'statm', mode: 0o444, fops: task_file_ops((m, t) => seq_puts(m, proc_pid_statm(t))) },
  {
    name: 'cmdline', mode: 0o444,
    fops: task_file_ops((m, t) => void seq_write(m, t.exit_state === 'running' ? argv_bytes(t.cmdline) : new Uint8Array(0))),
  },
  {
    name: 'environ', mode: 0o400,
    fops: task_file_ops((m, t, r) => {
      if (!proc_may_access(t, r)) return -EACCES;
      seq_write(m, t.exit_state === 'running' ? argv_bytes(t.environ) : new Uint8Array(0));
    }),
  },
  {
    name: 'comm', mode: 0o644,
    fops: task_file_ops((m, t) => seq_puts(m, t.comm + '\n'), (file, buf, count) => {
      // Only the process itself may rename itself (comm_write).
      const t = proc_task(file.f_inode);
      const me = current();
      if (!t) return -ESRCH;
      if (!me || me !== t) return -EINVAL;
      const b = new Uint8Array(Math.min(count, 15));
      if (copy_from_user(b, buf, b.length)) return -EFAULT;
      t.comm = new TextDecoder().decode(b).replace(/\n.*$/s, '');
      return count;
    }),
  },
  { name: 'mounts', mode: 0o444, fops: task_file_ops((m) => mounts_show(m)) },
];

/** cwd and root: the task's directories, for the task's owner and root only. */
function task_path_link(which: 'pwd' | 'root'): InodeOperations {
  return {
    get_link(dentry, caller) {
      const t = proc_task(dentry.d_inode!);
      if (!t || t.exit_state !== 'running') return -ENOENT;
      if (!proc_may_access(t, caller?.pid ?? 0)) return -EACCES;
      return d_path(t.fs[which]);
    },
  };
}

/** Builds /proc/<pid> on `dentry` for `task`: the directory and its (fixed) entries. */
export function proc_pid_instantiate(dentry: Dentry, task: Task): void {
  const inode = new Inode(dentry.d_sb, proc_pid_ino(task.pid));
  inode.i_mode = S_IFDIR | 0o555;
  inode.i_atime = inode.i_mtime = inode.i_ctime = current_time();
  inode.i_private = task.thread_pid;
  inode.i_op = { lookup: simple_lookup, setattr: () => -EPERM };
  inode.i_fop = simple_dir_operations;
  inode.i_nlink = 2;
  task_dump_owner(task, inode);
  dentry.d_inode = inode;
  dentry.d_fsdata = PID_DENTRY;
  dentry.d_op = pid_dentry_operations;
  const own = { uid: task.cred.euid, gid: task.cred.egid, data: task.thread_pid };
  for (const f of pid_files) simple_create_child(dentry, f.name, S_IFREG | f.mode, { ...own, fops: f.fops });
  simple_create_child(dentry, 'cwd', S_IFLNK | 0o777, { ...own, iops: task_path_link('pwd') });
  simple_create_child(dentry, 'root', S_IFLNK | 0o777, { ...own, iops: task_path_link('root') });
  proc_fd_instantiate_dir(dentry, task);
}

/** The root directory's lookup: a number names a live process. */
export function proc_pid_lookup(_dir: Inode, dentry: Dentry): number {
  if (!/^[1-9][0-9]{0,9}$/.test(dentry.d_name)) return 0;
  const task = find_task_by_vpid(Number(dentry.d_name));
  if (!task || task.exit_state === 'dead') return 0;
  proc_pid_instantiate(dentry, task);
  return 0;
}
