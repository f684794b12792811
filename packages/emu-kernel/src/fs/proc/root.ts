// The proc file system type and its root directory (fs/proc/root.c): the registered entries, the
// /proc/self link, and one directory per live process, made on lookup and listed on readdir from the
// task list rather than stored.
import { ENOENT } from '../../uapi/errno.js';
import { S_IFDIR, S_IFLNK } from '../../uapi/stat.js';
import { DT_DIR, dt_type, type DirContext, type Dentry, type File, type FileSystemType, type SuperBlock } from '../fs.js';
import { simple_create_child, simple_fill_super } from '../libfs.js';
import { register_filesystem } from '../namespace.js';
import { d_invalidate } from '../namei.js';
import { find_task_by_vpid, for_each_process } from '../../kernel/task.js';
import type { Pid } from '../../kernel/pid.js';
import { proc_tree_init } from './generic.js';
import { proc_notify_change } from './inode.js';
import { proc_pid_lookup, proc_pid_ino, PID_DENTRY } from './base.js';
import { PROC_SUPER_MAGIC } from '../../uapi/statfs.js';

let proc_sb: SuperBlock | null = null;

/** Directory positions from here on are PID_POS_BASE + pid, so a listing survives processes coming and going. */
const PID_POS_BASE = 1 << 20;

/** Drops the cached directories of processes that are gone (they are otherwise only dropped when looked up). */
function prune_pid_dentries(root: Dentry): void {
  for (const c of [...root.d_subdirs.values()]) {
    if (c.d_fsdata === PID_DENTRY && !c.d_op?.d_revalidate?.(c, 0)) d_invalidate(c);
  }
}

/**
 * Drops the cached /proc/<pid> directory of a process being reaped (proc_flush_pid, from release_task), so
 * the dcache does not fill up with the directories of every process ever looked at.
 */
export function proc_flush_pid(pid: Pid): void {
  const d = proc_sb?.s_root.d_subdirs.get(String(pid.nr));
  if (d && d.d_fsdata === PID_DENTRY && d.d_inode?.i_private === pid) d_invalidate(d);
}

function proc_root_readdir(file: File, ctx: DirContext): number {
  const d = file.f_dentry;
  if (ctx.pos === 0) prune_pid_dentries(d);
  if (ctx.pos < PID_POS_BASE) {
    const entries: [string, number, number][] = [['.', d.d_inode!.i_ino, DT_DIR], ['..', d.d_inode!.i_ino, DT_DIR]];
    for (const [name, c] of d.d_subdirs) {
      if (c.d_inode && c.d_fsdata !== PID_DENTRY) entries.push([name, c.d_inode.i_ino, dt_type(c.d_inode.i_mode)]);
    }
    while (ctx.pos < entries.length) {
      const [name, ino, type] = entries[ctx.pos];
      if (!ctx.emit(name, ino, type)) return 0;
      ctx.pos++;
    }
    ctx.pos = PID_POS_BASE;
  }
  const pids = [...for_each_process()].filter((t) => t.exit_state !== 'dead').map((t) => t.pid).sort((a, b) => a - b);
  for (const pid of pids) {
    if (pid < ctx.pos - PID_POS_BASE) continue;
    if (!ctx.emit(String(pid), proc_pid_ino(pid), DT_DIR)) return 0;
    ctx.pos = PID_POS_BASE + pid + 1;
  }
  return 0;
}

const proc_type: FileSystemType = {
  name: 'proc',
  mount() {
    // One instance shared by every mount, as in a single pid namespace.
    return proc_sb ?? -ENOENT;
  },
};

/** /proc/self: the pid of whoever follows the link. */
function proc_self_get_link(_d: Dentry, caller?: { pid: number }): string | number {
  if (!caller || caller.pid <= 0) return -ENOENT;
  const t = find_task_by_vpid(caller.pid);
  return t && t.exit_state !== 'dead' ? String(caller.pid) : -ENOENT;
}

/** Registers the proc type and builds its tree (proc_root_init); the caller mounts it on /proc. */
export function proc_root_init(): void {
  proc_sb = simple_fill_super(proc_type, S_IFDIR | 0o555,
    { lookup: proc_pid_lookup, setattr: proc_notify_change },
    { iterate_shared: proc_root_readdir }, PROC_SUPER_MAGIC);
  proc_tree_init(proc_sb);
  register_filesystem(proc_type);
  const self = simple_create_child(proc_sb.s_root, 'self', S_IFLNK | 0o777, { iops: { get_link: proc_self_get_link } });
  if (typeof self !== 'number') self.d_inode!.i_size = 0;
}

export function proc_super(): SuperBlock | null {
  return proc_sb;
}
