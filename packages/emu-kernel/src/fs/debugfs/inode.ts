// debugfs (fs/debugfs/inode.c): a RAM file system for debugging files, mounted on /sys/kernel/debug.
// Only root may enter it by default (mode 0700), as on Linux. A file's `data` is its inode's i_private;
// the open below also puts it in file->private_data, which is what the usual simple_open does.
import { ENODEV } from '../../uapi/errno.js';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from '../../uapi/stat.js';
import type { Dentry, File, FileOperations, FileSystemType, Iattr, Inode, InodeOperations, SuperBlock } from '../fs.js';
import { setattr_copy } from '../inode.js';
import { simple_create_child, simple_dir_operations, simple_lookup, simple_remove, simple_symlink_iops,
  simple_fill_super } from '../libfs.js';
import { register_filesystem } from '../namespace.js';
import { pr_err } from '../../kernel/printk.js';
import { DEBUGFS_MAGIC } from '../../uapi/statfs.js';

let debugfs_sb: SuperBlock | null = null;

function debugfs_setattr(dentry: Dentry, attr: Iattr): number {
  setattr_copy(dentry.d_inode!, { ...attr, size: undefined });
  return 0;
}
const debugfs_dir_iops: InodeOperations = { lookup: simple_lookup, setattr: debugfs_setattr };
const debugfs_file_iops: InodeOperations = { setattr: debugfs_setattr };

const debug_fs_type: FileSystemType = {
  name: 'debugfs',
  mount: () => debugfs_sb ?? -ENODEV,
};

export function debugfs_init(): void {
  debugfs_sb = simple_fill_super(debug_fs_type, S_IFDIR | 0o700, debugfs_dir_iops, simple_dir_operations,
    DEBUGFS_MAGIC);
  register_filesystem(debug_fs_type);
}

export function debugfs_initialized(): boolean {
  return debugfs_sb !== null;
}

/** simple_open (fs/libfs.c): file->private_data = inode->i_private. */
export function simple_open(inode: Inode, file: File): number {
  if (inode.i_private !== undefined) file.private_data = inode.i_private;
  return 0;
}

/** Wraps a driver's fops so private_data starts as the file's data, then runs the driver's open. */
function debugfs_file_fops(fops: FileOperations): FileOperations {
  return {
    ...fops,
    open(inode, file) {
      simple_open(inode, file);
      return fops.open ? fops.open(inode, file) : 0;
    },
  };
}

function parent_dentry(parent: Dentry | null): Dentry | null {
  if (parent) return parent;
  return debugfs_sb?.s_root ?? null;
}

/**
 * debugfs_create_file(name, mode, parent, data, fops): a file with the permission bits of `mode`.
 * Returns the dentry, or null when the name is taken or the parent is gone (Linux returns an ERR_PTR
 * that callers are told to ignore).
 */
export function debugfs_create_file(name: string, mode: number, parent: Dentry | null, data: unknown,
  fops: FileOperations | null): Dentry | null {
  const dir = parent_dentry(parent);
  if (!dir) return null;
  if ((mode & S_IFMT) === 0) mode |= S_IFREG;
  const d = simple_create_child(dir, name, mode, {
    data, fops: debugfs_file_fops(fops ?? {}), iops: debugfs_file_iops,
  });
  if (typeof d === 'number') {
    pr_err(`debugfs: File '${name}' in directory '${dir.d_name}' already present!`);
    return null;
  }
  return d;
}

/** As debugfs_create_file, with the size stat() reports. */
export function debugfs_create_file_size(name: string, mode: number, parent: Dentry | null, data: unknown,
  fops: FileOperations | null, file_size: number): Dentry | null {
  const d = debugfs_create_file(name, mode, parent, data, fops);
  if (d?.d_inode) d.d_inode.i_size = file_size;
  return d;
}

/** debugfs_create_dir(name, parent): a directory (0755) under parent or the debugfs root. */
export function debugfs_create_dir(name: string, parent: Dentry | null): Dentry | null {
  const dir = parent_dentry(parent);
  if (!dir) return null;
  const d = simple_create_child(dir, name, S_IFDIR | 0o755, { iops: debugfs_dir_iops, fops: simple_dir_operations });
  if (typeof d === 'number') {
    pr_err(`debugfs: Directory '${name}' with parent '${dir.d_name}' already present!`);
    return null;
  }
  return d;
}

export function debugfs_create_symlink(name: string, parent: Dentry | null, target: string): Dentry | null {
  const dir = parent_dentry(parent);
  if (!dir) return null;
  const d = simple_create_child(dir, name, S_IFLNK | 0o777, { iops: simple_symlink_iops(target), size: target.length });
  return typeof d === 'number' ? null : d;
}

/** Removes a file or a directory with everything below it (debugfs_remove is recursive today). */
export function debugfs_remove(dentry: Dentry | null | undefined): void {
  if (dentry && dentry.d_hashed && dentry !== debugfs_sb?.s_root) simple_remove(dentry);
}
export const debugfs_remove_recursive = debugfs_remove;

/** Finds a child by name (debugfs_lookup). */
export function debugfs_lookup(name: string, parent: Dentry | null): Dentry | null {
  return parent_dentry(parent)?.child(name) ?? null;
}
