// Per-process descriptor tables (include/linux/fdtable.h) and the reference counting of open files.
import { EBADF, EMFILE } from '../uapi/errno.js';
import type { File, Inode } from './fs.js';
import { vfs_dispatch, type VfsCaller } from './vfs_hook.js';
import { module_put } from '../kernel/module_types.js';
import { pr_err } from '../kernel/printk.js';

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
  fget(fd: number): File | undefined {
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

/** A driver's release may return nothing, a number or a promise of one: the VFS sees a number (0 for none). */
function release_impl(a: { inode: Inode; file: File }): number | Promise<number> {
  const r: unknown = a.file.f_op.release?.(a.inode, a.file);
  if (r instanceof Promise) return r.then((v: unknown) => (typeof v === 'number' ? v : 0));
  return typeof r === 'number' ? r : 0;
}

/**
 * Drops a reference. The last one runs the file's release (through the VFS hook) and lets go of the
 * driver's module. Never throws: a failing driver release is logged.
 */
export async function fput(file: File, caller: VfsCaller): Promise<void> {
  if (--file.f_count > 0) return;
  const inode = file.f_inode;
  inode.i_openers = Math.max(0, inode.i_openers - 1);
  try {
    await vfs_dispatch('release', { inode, file }, caller, release_impl);
  } catch (e) {
    pr_err(`release of ${file.f_dentry.d_name} failed: ${e instanceof Error ? e.stack : String(e)}`);
  }
  module_put(file.f_op.owner);
}

/** close(2) minus the table removal: flush (every close), then drop the reference. */
export async function filp_close(file: File, caller: VfsCaller): Promise<number> {
  // Every close flushes through the hook, even when the file system has nothing to flush, so filters
  // see the flush of every file as RedirFS's did.
  let ret = 0;
  try {
    ret = await vfs_dispatch('flush', { file }, caller, (a) => a.file.f_op.flush?.(a.file) ?? 0);
  } catch (e) {
    pr_err(`flush failed: ${String(e)}`);
  }
  await fput(file, caller);
  return ret;
}
