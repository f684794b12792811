// Per-process descriptor tables (include/linux/fdtable.h) and the reference counting of open files.
import { EBADF, EMFILE, ESRCH } from '../uapi/errno.js';
import { O_CLOEXEC } from '../uapi/fcntl.js';
import { FMODE_WRITER, type File, type Inode } from './fs.js';
import { put_write_access } from './inode.js';
import { vfs_dispatch, type VfsCaller } from './vfs_hook.js';
import { vcaller } from './fs_struct.js';
import { module_put } from '../kernel/module_types.js';
import { pr_err } from '../kernel/printk.js';
import { die } from '../kernel/panic.js';
import type { Task } from '../kernel/task.js';

export const NR_OPEN_DEFAULT = 1024;

interface FdEntry {
  file: File;
  cloexec: boolean;
}

export class FilesStruct {
  readonly fds: (FdEntry | undefined)[] = [];
  constructor(readonly max = NR_OPEN_DEFAULT) {}

  /** The lowest free descriptor at or above `from`, or -EMFILE. */
  get_unused_fd(from = 0): number {
    for (let i = from; i < this.max; i++) if (!this.fds[i]) return i;
    return -EMFILE;
  }
  fd_install(fd: number, file: File, cloexec = false): void {
    this.fds[fd] = { file, cloexec };
  }
  /**
   * files_lookup_fd_raw: the file on `fd`, without a reference. Only for code that is done with it before
   * anything can sleep; an operation that may sleep takes its own reference with fdget.
   */
  lookup_fd_raw(fd: number): File | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.fds[fd]?.file : undefined;
  }
  entry(fd: number): FdEntry | undefined {
    return Number.isInteger(fd) && fd >= 0 ? this.fds[fd] : undefined;
  }
  /** Removes the descriptor and returns its file (the caller drops the reference), or -EBADF. */
  remove(fd: number): File | number {
    const e = this.entry(fd);
    if (!e) return -EBADF;
    this.fds[fd] = undefined;
    return e.file;
  }
  /** A copy for a new process (posix_spawn): every file gains a reference. */
  dup_for_child(keep: (fd: number, e: FdEntry) => boolean = (_fd, e) => !e.cloexec): FilesStruct {
    const n = new FilesStruct(this.max);
    this.fds.forEach((e, fd) => {
      if (e && keep(fd, e)) {
        e.file.f_count++;
        n.fds[fd] = { file: e.file, cloexec: e.cloexec };
      }
    });
    return n;
  }
  open_count(): number {
    return this.fds.filter(Boolean).length;
  }
}

/** Takes another reference on an open file. */
export function get_file(f: File): File {
  f.f_count++;
  return f;
}

/**
 * fdget: the file on `fd` with a reference of the caller's, held for as long as the operation uses it:
 * a close or an exit meanwhile only drops the descriptor, and the file (with whatever the file system
 * holds for it) stays the caller's until fdput. Undefined for a bad descriptor.
 */
export function fdget(task: Task, fd: number): File | undefined {
  const f = task.files.lookup_fd_raw(fd);
  if (f) f.f_count++;
  return f;
}

/** fdput: drops fdget's reference; the last one releases the file (a promise then, else nothing). */
export function fdput(file: File, task: Task): Promise<void> | undefined {
  if (file.f_count > 1) {
    file.f_count--;
    return undefined;
  }
  return fput(file, vcaller(task));
}

/**
 * Runs `fn` on the file open on `fd` with a reference held until it is done (fdget, then fdput even
 * when `fn` fails). -EBADF for a bad descriptor.
 */
export async function with_fd<T = number>(task: Task, fd: number, fn: (f: File) => T | Promise<T>):
  Promise<T | number> {
  const f = fdget(task, fd);
  if (!f) return -EBADF;
  try {
    return await fn(f);
  } finally {
    const p = fdput(f, task);
    if (p) await p;
  }
}

/** A driver's release may return nothing, a number or a promise of one: the VFS sees a number (0 for none). */
function release_impl(a: { inode: Inode; file: File }): number | Promise<number> {
  const r: unknown = a.file.f_op.release?.(a.inode, a.file);
  if (r instanceof Promise) return r.then((v: unknown) => (typeof v === 'number' ? v : 0));
  return typeof r === 'number' ? r : 0;
}

/** Runs a release; a driver release that throws is a kernel fault (an oops), never thrown on. */
async function release_logged(file: File, run: () => number | Promise<number>): Promise<void> {
  try {
    await run();
  } catch (e) {
    die(`BUG: kernel fault in release of ${file.f_dentry.d_name}: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** Undoes a file system's open whose success a filter turned into an error: the file never reaches anyone. */
export function release_unopened(file: File): Promise<void> {
  return release_logged(file, () => release_impl({ inode: file.f_inode, file }));
}

/**
 * Drops a reference. The last one runs the file's release (through the VFS hook) and lets go of the
 * driver's module. Never throws: a failing driver release is logged.
 */
export async function fput(file: File, caller: VfsCaller): Promise<void> {
  if (file.f_count <= 0) {
    pr_err(`fput of ${file.f_dentry.d_name}: no reference left`);
    return;
  }
  if (--file.f_count > 0) return;
  const inode = file.f_inode;
  inode.i_openers = Math.max(0, inode.i_openers - 1);
  // The release always runs: a filter that stops it must not leave the driver's state behind.
  let released = false;
  const args = { inode, file };
  await release_logged(file, () => vfs_dispatch('release', args, caller, (a) => {
    released = true;
    return release_impl(a);
  }));
  if (!released) await release_logged(file, () => release_impl(args));
  // After the release, as Linux's __fput: the release's callbacks still count this writer.
  if (file.f_mode & FMODE_WRITER) put_write_access(inode);
  module_put(file.f_op.owner);
}

/**
 * Gives `file` a descriptor in `task`'s table (get_unused_fd_flags + fd_install, for a task other than
 * the caller, as a listener's events carry descriptors): the lowest free one, close-on-exec when
 * `o_flags` has O_CLOEXEC. Takes over the caller's reference: on success the table holds it; on failure
 * (-EMFILE for a full table, -ESRCH for a task that is exiting, whose table is being emptied) the file is
 * released. Choosing and installing happen with nothing in between, so no other open takes the slot.
 */
export async function fd_install_task(task: Task, file: File, o_flags: number): Promise<number> {
  const fd = task.exit_state === 'running' ? task.files.get_unused_fd() : -ESRCH;
  if (fd < 0) {
    await fput(file, vcaller(task));
    return fd;
  }
  task.files.fd_install(fd, file, (o_flags & O_CLOEXEC) !== 0);
  return fd;
}

/** close(2) minus the table removal: flush (every close), then drop the reference. */
export async function filp_close(file: File, caller: VfsCaller): Promise<number> {
  // Every close flushes through the hook, even when the file system has nothing to flush, so filters
  // see the flush of every file as RedirFS's did.
  let ret = 0;
  try {
    ret = await vfs_dispatch('flush', { file }, caller, (a) => a.file.f_op.flush?.(a.file) ?? 0);
  } catch (e) {
    die(`BUG: kernel fault in flush of ${file.f_dentry.d_name}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  await fput(file, caller);
  return ret;
}
