// The VFS side of proc entries (fs/proc/inode.c): every regular proc file gets proc_reg_* file
// operations that forward to the entry's proc_ops (or to its legacy read_proc / write_proc), and
// answer EIO once the entry has been removed. A write to an entry that has no proc_write (or
// write_proc) is EIO, as in Linux: the mode bits turn non-root writers away first (EACCES), root's
// bypass reaches the entry and gets EIO.
import { EIO, ENOENT, ENOTTY } from '../../uapi/errno.js';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../../uapi/poll.js';
import type { Dentry, FileOperations, Iattr, Inode, InodeOperations } from '../fs.js';
import { default_llseek } from '../libfs.js';
import { setattr_copy } from '../inode.js';
import type { ProcDirEntry } from './internal.js';
import { proc_file_read, proc_file_write } from './legacy.js';

export const DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

/** The proc entry behind an inode of the proc tree (PDE). */
export function PDE(inode: Inode): ProcDirEntry {
  return inode.i_private as ProcDirEntry;
}
/** The entry's private data (PDE_DATA / pde_data): what proc_create_data was given. */
export function pde_data(inode: Inode): unknown {
  return PDE(inode).data;
}
export const PDE_DATA = pde_data;

/** chmod and chown on proc entries change the entry too; sizes are not the caller's to set. */
export function proc_notify_change(dentry: Dentry, attr: Iattr): number {
  const inode = dentry.d_inode!;
  setattr_copy(inode, { ...attr, size: undefined });
  const de = inode.i_private as ProcDirEntry | undefined;
  if (de && typeof de === 'object' && 'subdir' in de) {
    if (attr.mode !== undefined) de.mode = inode.i_mode;
    if (attr.uid !== undefined) de.uid = inode.i_uid;
    if (attr.gid !== undefined) de.gid = inode.i_gid;
  }
  return 0;
}

export const proc_file_inode_operations: InodeOperations = { setattr: proc_notify_change };

/** File operations of a regular proc file: forwards to the entry, looked up at each call. */
export function proc_reg_file_ops(de: ProcDirEntry): FileOperations {
  return {
    get owner() {
      return de.proc_ops ? (de.proc_ops.owner ?? null) : de.owner;
    },
    open(inode, file) {
      if (de.removed) return -ENOENT;
      return de.proc_ops?.proc_open?.(inode, file) ?? 0;
    },
    read(file, buf, count, ppos) {
      if (de.removed) return -EIO;
      if (de.proc_ops) return de.proc_ops.proc_read ? de.proc_ops.proc_read(file, buf, count, ppos) : -EIO;
      return proc_file_read(de, buf, count, ppos);
    },
    write(file, buf, count, ppos) {
      if (de.removed) return -EIO;
      if (de.proc_ops) return de.proc_ops.proc_write ? de.proc_ops.proc_write(file, buf, count, ppos) : -EIO;
      return proc_file_write(de, file, buf, count);
    },
    llseek(file, offset, whence) {
      if (de.removed) return -EIO;
      return de.proc_ops?.proc_lseek ? de.proc_ops.proc_lseek(file, offset, whence) : default_llseek(file, offset, whence);
    },
    release(inode, file) {
      return de.proc_ops?.proc_release?.(inode, file) ?? 0;
    },
    unlocked_ioctl(file, cmd, arg) {
      if (de.removed) return -EIO;
      return de.proc_ops?.proc_ioctl ? de.proc_ops.proc_ioctl(file, cmd, arg) : -ENOTTY;
    },
    poll(file, pt) {
      if (de.removed) return DEFAULT_POLLMASK | 0x008 /* POLLERR */;
      return de.proc_ops?.proc_poll ? de.proc_ops.proc_poll(file, pt) : DEFAULT_POLLMASK;
    },
    mmap(file, vma) {
      if (de.removed) return -EIO;
      return de.proc_ops?.proc_mmap ? de.proc_ops.proc_mmap(file, vma) : -EIO;
    },
  };
}
