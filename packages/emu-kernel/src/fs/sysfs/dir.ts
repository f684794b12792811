// Directories of sysfs (fs/sysfs/dir.c): one per kobject, under its parent's (or the root), and empty
// directories that other file systems mount on (sysfs_create_mount_point).
import { EEXIST, EINVAL, ENOENT } from '../../uapi/errno.js';
import { S_IFDIR } from '../../uapi/stat.js';
import type { Dentry, Iattr, InodeOperations } from '../fs.js';
import { setattr_copy } from '../inode.js';
import { simple_create_child, simple_dir_operations, simple_lookup, simple_remove } from '../libfs.js';
import { d_move } from '../namei.js';
import { pr_warn } from '../../kernel/printk.js';
import type { Kobject } from '../../lib/kobject.js';
import { sysfs_root } from './mount.js';

/** chmod and chown apply; the size of a sysfs file is not the caller's to set. */
export function sysfs_setattr(dentry: Dentry, attr: Iattr): number {
  setattr_copy(dentry.d_inode!, { ...attr, size: undefined });
  return 0;
}

export const sysfs_dir_inode_operations: InodeOperations = { lookup: simple_lookup, setattr: sysfs_setattr };

/** The path of a sysfs dentry below /sys, for messages. */
export function sysfs_path(d: Dentry): string {
  const parts: string[] = [];
  for (let x: Dentry = d; x.d_parent && x.d_parent !== x; x = x.d_parent) parts.push(x.d_name);
  return '/' + parts.reverse().join('/');
}

export function sysfs_warn_dup(parent: Dentry, name: string): void {
  const p = sysfs_path(parent);
  pr_warn(`sysfs: cannot create duplicate filename '${p === '/' ? '' : p}/${name}'`);
}

/** Makes kobj's directory under its parent's directory (or /sys). 0 or -errno. */
export function sysfs_create_dir_ns(kobj: Kobject): number {
  const parent = kobj.parent ? kobj.parent.sd : sysfs_root();
  if (!parent) return -ENOENT;
  if (!kobj.name || kobj.name.includes('/')) return -EINVAL;
  const d = simple_create_child(parent, kobj.name, S_IFDIR | 0o755, {
    iops: sysfs_dir_inode_operations, fops: simple_dir_operations,
  });
  if (typeof d === 'number') {
    if (d === -EEXIST) sysfs_warn_dup(parent, kobj.name);
    return d;
  }
  d.d_fsdata = kobj;
  kobj.sd = d;
  return 0;
}

/** Removes kobj's directory and everything in it. */
export function sysfs_remove_dir(kobj: Kobject): void {
  if (kobj.sd) simple_remove(kobj.sd);
  kobj.sd = null;
}

export function sysfs_rename_dir(kobj: Kobject, new_name: string): number {
  const d = kobj.sd;
  if (!d || !d.d_parent) return -ENOENT;
  if (d.d_parent.d_subdirs.has(new_name)) return -EEXIST;
  d_move(d, d.d_parent, new_name);
  return 0;
}

/** An empty directory under `parent` (or /sys) for another file system to be mounted on. */
export function sysfs_create_mount_point(parent: Kobject | null, name: string): number {
  const dir = parent ? parent.sd : sysfs_root();
  if (!dir) return -ENOENT;
  const d = simple_create_child(dir, name, S_IFDIR | 0o755, { iops: sysfs_dir_inode_operations });
  return typeof d === 'number' ? d : 0;
}

export function sysfs_remove_mount_point(parent: Kobject | null, name: string): void {
  const dir = parent ? parent.sd : sysfs_root();
  const d = dir?.child(name);
  if (d) simple_remove(d);
}
