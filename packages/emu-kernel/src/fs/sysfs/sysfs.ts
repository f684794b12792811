// The sysfs API in one import (include/linux/sysfs.h).
export { sysfs_create_file, sysfs_create_files, sysfs_remove_file, sysfs_remove_files, sysfs_chmod_file, sysfs_notify,
  sysfs_emit, sysfs_emit_at, sysfs_streq, type SysfsAttrNode } from './file.js';
export { sysfs_create_group, sysfs_create_groups, sysfs_remove_group, sysfs_remove_groups, sysfs_add_file_to_group } from './group.js';
export { sysfs_create_link, sysfs_create_link_nowarn, sysfs_remove_link } from './symlink.js';
export { sysfs_create_mount_point, sysfs_remove_mount_point } from './dir.js';
export { sysfs_root } from './mount.js';
