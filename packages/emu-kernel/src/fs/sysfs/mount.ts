// The sysfs file system type (fs/sysfs/mount.c): one tree, shared by every mount, whose directories are
// kobjects and whose files are their attributes. Linux builds it on kernfs; here the dcache is the tree.
import { ENODEV } from '../../uapi/errno.js';
import { S_IFDIR } from '../../uapi/stat.js';
import type { Dentry, FileSystemType, SuperBlock } from '../fs.js';
import { simple_fill_super, simple_dir_operations } from '../libfs.js';
import { register_filesystem } from '../namespace.js';
import { sysfs_dir_inode_operations } from './dir.js';
import { SYSFS_MAGIC } from '../../uapi/statfs.js';

let sysfs_sb: SuperBlock | null = null;

const sysfs_fs_type: FileSystemType = {
  name: 'sysfs',
  mount: () => sysfs_sb ?? -ENODEV,
};

/** Builds the (empty) tree and registers the type; kobject_roots_init fills the top level. */
export function sysfs_init(): void {
  sysfs_sb = simple_fill_super(sysfs_fs_type, S_IFDIR | 0o555, sysfs_dir_inode_operations, simple_dir_operations,
    SYSFS_MAGIC);
  register_filesystem(sysfs_fs_type);
}

/** The root of /sys, where kobjects without a parent go. */
export function sysfs_root(): Dentry {
  if (!sysfs_sb) throw new Error('sysfs is not initialized');
  return sysfs_sb.s_root;
}
