// Links between kobjects (fs/sysfs/symlink.c): a symlink in one kobject's directory to another's,
// written as a relative path the way kernfs does (../../module/redirfs).
import { EEXIST, ENOENT } from '../../uapi/errno.js';
import { S_IFLNK } from '../../uapi/stat.js';
import type { Dentry } from '../fs.js';
import { simple_create_child, simple_remove, simple_symlink_iops } from '../libfs.js';
import type { Kobject } from '../../lib/kobject.js';
import { sysfs_root } from './mount.js';
import { sysfs_warn_dup } from './dir.js';

function ancestry(d: Dentry): Dentry[] {
  const chain: Dentry[] = [];
  for (let x: Dentry = d; ; x = x.d_parent!) {
    chain.unshift(x);
    if (!x.d_parent || x.d_parent === x) return chain;
  }
}

/** The relative path from directory `from` to `to` (kernfs_get_target_path). */
export function sysfs_relative_path(from: Dentry, to: Dentry): string {
  const a = ancestry(from), b = ancestry(to);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.length - i;
  const down = b.slice(i).map((d) => d.d_name);
  return [...Array<string>(up).fill('..'), ...down].join('/') || '.';
}

function create_link(kobj: Kobject | null, target: Kobject, name: string, warn: boolean): number {
  const dir = kobj ? kobj.sd : sysfs_root();
  if (!dir || !target.sd) return -ENOENT;
  const path = sysfs_relative_path(dir, target.sd);
  const d = simple_create_child(dir, name, S_IFLNK | 0o777, { iops: simple_symlink_iops(path), size: path.length });
  if (typeof d === 'number') {
    if (d === -EEXIST && warn) sysfs_warn_dup(dir, name);
    return d;
  }
  return 0;
}

/** sysfs_create_link(kobj, target, name): kobj's directory (or /sys for null) gets `name` -> target. */
export function sysfs_create_link(kobj: Kobject | null, target: Kobject, name: string): number {
  return create_link(kobj, target, name, true);
}
export function sysfs_create_link_nowarn(kobj: Kobject | null, target: Kobject, name: string): number {
  return create_link(kobj, target, name, false);
}

export function sysfs_remove_link(kobj: Kobject | null, name: string): void {
  const dir = kobj ? kobj.sd : sysfs_root();
  const d = dir?.child(name);
  if (d) simple_remove(d);
}
