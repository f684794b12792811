// configfs (fs/configfs/mount.c): user-space-driven kernel objects, mounted on /config. The tree starts
// empty; subsystems (configfs_register_subsystem in item.ts) hang their directories from the root.
import { ENODEV } from '../../uapi/errno.js';
import { S_IFDIR } from '../../uapi/stat.js';
import type { Dentry, FileSystemType, SuperBlock } from '../fs.js';
import { simple_dir_inode_operations, simple_dir_operations, simple_fill_super } from '../libfs.js';
import { register_filesystem } from '../namespace.js';
import { CONFIGFS_MAGIC } from '../../uapi/statfs.js';

let configfs_sb: SuperBlock | null = null;

const configfs_fs_type: FileSystemType = {
  name: 'configfs',
  mount: () => configfs_sb ?? -ENODEV,
};

export function configfs_init(): void {
  configfs_sb = simple_fill_super(configfs_fs_type, S_IFDIR | 0o755, simple_dir_inode_operations, simple_dir_operations,
    CONFIGFS_MAGIC);
  register_filesystem(configfs_fs_type);
}

/** The root of the configfs tree, where subsystems' directories go. */
export function configfs_root(): Dentry {
  if (!configfs_sb) throw new Error('configfs is not initialized');
  return configfs_sb.s_root;
}
