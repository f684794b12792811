// Attribute groups (fs/sysfs/group.c): several attributes created and removed together, in a
// subdirectory of the kobject's directory when the group is named.
import { ENOENT, EINVAL } from '../../uapi/errno.js';
import { S_IFDIR } from '../../uapi/stat.js';
import type { Dentry } from '../fs.js';
import { simple_create_child, simple_dir_operations, simple_remove } from '../libfs.js';
import type { AttributeGroup, Kobject } from '../../lib/kobject.js';
import { sysfs_dir_inode_operations } from './dir.js';
import { sysfs_add_file_mode } from './file.js';

function create_files(dir: Dentry, kobj: Kobject, grp: AttributeGroup): number {
  for (let i = 0; i < grp.attrs.length; i++) {
    const attr = grp.attrs[i];
    let mode = attr.mode;
    if (grp.is_visible) {
      mode = grp.is_visible(kobj, attr, i);
      if (!mode) continue;
    }
    const r = sysfs_add_file_mode(dir, kobj, attr, mode & 0o777);
    if (r) {
      for (let j = 0; j < i; j++) {
        const d = dir.child(grp.attrs[j].name);
        if (d) simple_remove(d);
      }
      return r;
    }
  }
  return 0;
}

/** sysfs_create_group(kobj, grp): 0 or -errno (nothing is left behind on failure). */
export function sysfs_create_group(kobj: Kobject, grp: AttributeGroup): number {
  if (!kobj.sd) return -EINVAL;
  let dir = kobj.sd;
  if (grp.name) {
    const d = simple_create_child(kobj.sd, grp.name, S_IFDIR | 0o755, {
      iops: sysfs_dir_inode_operations, fops: simple_dir_operations,
    });
    if (typeof d === 'number') return d;
    dir = d;
  }
  const r = create_files(dir, kobj, grp);
  if (r && grp.name) simple_remove(dir);
  return r;
}

export function sysfs_create_groups(kobj: Kobject, groups: readonly AttributeGroup[]): number {
  for (let i = 0; i < groups.length; i++) {
    const r = sysfs_create_group(kobj, groups[i]);
    if (r) {
      for (let j = 0; j < i; j++) sysfs_remove_group(kobj, groups[j]);
      return r;
    }
  }
  return 0;
}

export function sysfs_remove_group(kobj: Kobject, grp: AttributeGroup): void {
  if (!kobj.sd) return;
  if (grp.name) {
    const d = kobj.sd.child(grp.name);
    if (d) simple_remove(d);
    return;
  }
  for (const a of grp.attrs) {
    const d = kobj.sd.child(a.name);
    if (d) simple_remove(d);
  }
}

export function sysfs_remove_groups(kobj: Kobject, groups: readonly AttributeGroup[]): void {
  for (const g of groups) sysfs_remove_group(kobj, g);
}

/** Adds one attribute to an existing named group's directory (sysfs_add_file_to_group). */
export function sysfs_add_file_to_group(kobj: Kobject, attr: AttributeGroup['attrs'][number], group: string | null): number {
  const dir = group ? kobj.sd?.child(group) : kobj.sd;
  if (!dir) return -ENOENT;
  return sysfs_add_file_mode(dir, kobj, attr, attr.mode);
}
