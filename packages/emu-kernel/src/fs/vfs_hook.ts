// The one place every VFS operation passes through. The VFS calls vfs_dispatch(op, args, impl); with no
// hook installed that is just impl(args). RedirFS installs a hook to run its filters' pre- and
// post-callbacks around impl, and may change args or skip impl (RFS_STOP) and set the result itself.
import type { Dentry, File, Iattr, Inode, Loff, Path, DirContext } from './fs.js';
import type { UserPtr } from '../mm/uaccess.js';
import type { VmArea } from '../mm/mm.js';
import type { PollTable } from './poll_table.js';
import type { Cred } from '../kernel/cred.js';
import { current, find_task_by_vpid, set_current, type Task } from '../kernel/task.js';

/** Arguments of each operation, as the file system or driver receives them. */
export interface VfsOpArgs {
  lookup: { dir: Inode; dentry: Dentry };
  create: { dir: Inode; dentry: Dentry; mode: number };
  mkdir: { dir: Inode; dentry: Dentry; mode: number };
  mknod: { dir: Inode; dentry: Dentry; mode: number; dev: number };
  unlink: { dir: Inode; dentry: Dentry };
  rmdir: { dir: Inode; dentry: Dentry };
  rename: { old_dir: Inode; old_dentry: Dentry; new_dir: Inode; new_dentry: Dentry };
  link: { old_dentry: Dentry; dir: Inode; dentry: Dentry };
  symlink: { dir: Inode; dentry: Dentry; target: string };
  permission: { inode: Inode; dentry: Dentry | null; mask: number };
  setattr: { dentry: Dentry; attr: Iattr };
  open: { inode: Inode; file: File };
  release: { inode: Inode; file: File };
  read: { file: File; buf: UserPtr; count: number; ppos: Loff };
  write: { file: File; buf: UserPtr; count: number; ppos: Loff };
  llseek: { file: File; offset: number; whence: number };
  readdir: { file: File; ctx: DirContext };
  flush: { file: File };
  ioctl: { file: File; cmd: number; arg: UserPtr };
  poll: { file: File; wait: PollTable | null };
  mmap: { file: File; vma: VmArea };
}
export type VfsOp = keyof VfsOpArgs;

/** Who is calling: the hook needs it (a filter must not filter its own process's replies, for one). */
export interface VfsCaller {
  pid: number;
  cred: Cred;
  /** Where the object lives, when the VFS knows (open files and path walks do). */
  path?: Path;
}

export type VfsImpl<K extends VfsOp> = (args: VfsOpArgs[K]) => Promise<number> | number;
/**
 * A hook gets the operation, its arguments, its caller, the operation itself and the task it runs for;
 * to let the operation run it calls vfs_run(impl, args, task) (or the hook it stacked on).
 */
export type VfsHook = <K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>,
  task: Task | null) => Promise<number> | number;

let hook: VfsHook | null = null;

/** Installs (or with null removes) the hook; returns the previous one so a caller can restore it. */
export function vfs_set_hook(h: VfsHook | null): VfsHook | null {
  const old = hook;
  hook = h;
  return old;
}

/**
 * Runs the operation itself with `current()` set to the calling task: by the time it runs, the system
 * call has usually awaited (a path walk, a filter), and drivers that sleep interruptibly need their task.
 * A plain function rather than a closure made per call: every VFS operation comes through here.
 */
export function vfs_run<K extends VfsOp>(impl: VfsImpl<K>, args: VfsOpArgs[K], task: Task | null):
  Promise<number> | number {
  const prev = current();
  set_current(task);
  try {
    return impl(args);
  } finally {
    set_current(prev);
  }
}

/** Runs one VFS operation through the hook. Returns the operation's result (>= 0) or -errno. */
export function vfs_dispatch<K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>):
  Promise<number> | number {
  const task = find_task_by_vpid(caller.pid) ?? null;
  return hook === null ? vfs_run(impl, args, task) : hook(op, args, caller, impl, task);
}

/** The dispatch ops the RedirFS op tables map onto, listed for tools and tests. */
export const VFS_OPS: readonly VfsOp[] = [
  'lookup', 'create', 'mkdir', 'mknod', 'unlink', 'rmdir', 'rename', 'link', 'symlink', 'permission',
  'setattr', 'open', 'release', 'read', 'write', 'llseek', 'readdir', 'flush', 'ioctl', 'poll', 'mmap',
];
