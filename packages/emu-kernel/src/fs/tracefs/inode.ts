// tracefs (fs/tracefs/inode.c): the file system of the tracing files, mounted on /sys/kernel/tracing and,
// as Linux automounts it, on /sys/kernel/debug/tracing (the same super block: one set of files). The
// root is 0700 (root only). A file's `data` is its inode's i_private, and its open starts file->private_data
// with it before the file's own open runs.
import { ENODEV } from '../../uapi/errno.js';
import { S_IFDIR, S_IFMT, S_IFREG } from '../../uapi/stat.js';
import type { Dentry, FileOperations, FileSystemType, Iattr, InodeOperations, SuperBlock } from '../fs.js';
import { setattr_copy } from '../inode.js';
import { simple_create_child, simple_dir_operations, simple_lookup, simple_remove, simple_fill_super } from '../libfs.js';
import { register_filesystem } from '../namespace.js';
import { TRACEFS_MAGIC } from '../../uapi/statfs.js';

let tracefs_sb: SuperBlock | null = null;

/** Mode and owner changes are kept; a size (a truncating open) is left to the file's own open. */
function tracefs_setattr(dentry: Dentry, attr: Iattr): number {
  setattr_copy(dentry.d_inode!, { ...attr, size: undefined });
  return 0;
}
const tracefs_dir_iops: InodeOperations = { lookup: simple_lookup, setattr: tracefs_setattr };
const tracefs_file_iops: InodeOperations = { setattr: tracefs_setattr };

const trace_fs_type: FileSystemType = {
  name: 'tracefs',
  mount: () => tracefs_sb ?? -ENODEV,
};

export function tracefs_init(): void {
  tracefs_sb = simple_fill_super(trace_fs_type, S_IFDIR | 0o700, tracefs_dir_iops, simple_dir_operations,
    TRACEFS_MAGIC);
  register_filesystem(trace_fs_type);
}

function with_private(fops: FileOperations): FileOperations {
  return {
    ...fops,
    open(inode, file) {
      if (inode.i_private !== undefined) file.private_data = inode.i_private;
      return fops.open ? fops.open(inode, file) : 0;
    },
  };
}

/** tracefs_create_file: null when the name is taken or tracefs is not up. */
export function tracefs_create_file(name: string, mode: number, parent: Dentry | null, data: unknown,
  fops: FileOperations): Dentry | null {
  const dir = parent ?? tracefs_sb?.s_root ?? null;
  if (!dir) return null;
  if ((mode & S_IFMT) === 0) mode |= S_IFREG;
  const d = simple_create_child(dir, name, mode, { data, fops: with_private(fops), iops: tracefs_file_iops });
  return typeof d === 'number' ? null : d;
}

/** tracefs_create_dir: a directory (0755) under parent or the root. */
export function tracefs_create_dir(name: string, parent: Dentry | null): Dentry | null {
  const dir = parent ?? tracefs_sb?.s_root ?? null;
  if (!dir) return null;
  const d = simple_create_child(dir, name, S_IFDIR | 0o755, { iops: tracefs_dir_iops, fops: simple_dir_operations });
  return typeof d === 'number' ? null : d;
}

/** tracefs_remove: a file or a directory with everything below it. */
export function tracefs_remove(dentry: Dentry | null | undefined): void {
  if (dentry && dentry.d_hashed && dentry !== tracefs_sb?.s_root) simple_remove(dentry);
}
