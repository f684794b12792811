// configfs items and groups (include/linux/configfs.h, fs/configfs/dir.c, file.c): a subsystem is a
// directory under /config; mkdir in a group asks the subsystem to make an item (make_item), which
// appears as a directory holding one file per attribute; rmdir hands it back (drop_item).
import { EEXIST, EFAULT, EINVAL, EIO, ENOENT, ENOTEMPTY, EPERM, EACCES } from '../../uapi/errno.js';
import { S_IFDIR, S_IFREG } from '../../uapi/stat.js';
import { FMODE_READ, FMODE_WRITE, type Dentry, type FileOperations, type InodeOperations } from '../fs.js';
import { default_llseek, simple_create_child, simple_dir_operations, simple_lookup, simple_read_from_buffer,
  simple_remove } from '../libfs.js';
import { new_inode } from '../inode.js';
import { copy_from_user } from '../../mm/uaccess.js';
import { configfs_root } from './mount.js';
import { PAGE_SIZE } from '../../uapi/mman.js';
import { pr_warn } from '../../kernel/printk.js';

export interface ConfigfsAttribute<I extends ConfigItem = ConfigItem> {
  ca_name: string;
  ca_mode: number;
  /** The value as text (at most PAGE_SIZE bytes), or -errno. */
  show?(item: I): string | number;
  /** Parses and applies `page`; returns the bytes used (page length) or -errno, changing nothing then. */
  store?(item: I, page: string): number;
}

export interface ConfigGroupOperations {
  /** mkdir NAME in the group: a new item, or -errno. */
  make_item?(group: ConfigGroup, name: string): ConfigItem | number;
  /** rmdir of the item: the subsystem lets go of it. */
  drop_item?(group: ConfigGroup, item: ConfigItem): void;
}

export interface ConfigItemType {
  ct_owner?: unknown;
  ct_item_ops?: { release?(item: ConfigItem): void };
  ct_group_ops?: ConfigGroupOperations;
  ct_attrs?: ConfigfsAttribute[];
}

export class ConfigItem {
  ci_name = '';
  ci_type: ConfigItemType | null = null;
  ci_parent: ConfigGroup | null = null;
  ci_dentry: Dentry | null = null;
}

export class ConfigGroup extends ConfigItem {
  readonly cg_children = new Map<string, ConfigItem>();
}

export interface ConfigfsSubsystem {
  su_group: ConfigGroup;
}

export function config_item_init_type_name(item: ConfigItem, name: string, type: ConfigItemType): void {
  item.ci_name = name;
  item.ci_type = type;
}
export function config_group_init_type_name(group: ConfigGroup, name: string, type: ConfigItemType): void {
  config_item_init_type_name(group, name, type);
}
export function config_item_name(item: ConfigItem): string {
  return item.ci_name;
}

interface AttrNode {
  item: ConfigItem;
  attr: ConfigfsAttribute;
}

const dec = new TextDecoder();
const enc = new TextEncoder();

const attr_fops: FileOperations = {
  open(inode, file) {
    const { attr } = inode.i_private as AttrNode;
    if (file.f_mode & FMODE_WRITE && !attr.store) return -EACCES;
    if (file.f_mode & FMODE_READ && !attr.show) return -EACCES;
    return 0;
  },
  read(file, buf, count, ppos) {
    const { item, attr } = file.f_inode.i_private as AttrNode;
    const r = attr.show!(item);
    if (typeof r === 'number') return r;
    let bytes = enc.encode(r);
    if (bytes.length > PAGE_SIZE) {
      pr_warn(`configfs: ${item.ci_name}/${attr.ca_name}: show gave more than a page, cut`);
      bytes = bytes.subarray(0, PAGE_SIZE);
    }
    return simple_read_from_buffer(buf, count, ppos, bytes);
  },
  write(file, buf, count, ppos) {
    const { item, attr } = file.f_inode.i_private as AttrNode;
    if (count > PAGE_SIZE - 1) return -EINVAL;
    const bytes = new Uint8Array(count);
    if (copy_from_user(bytes, buf, count)) return -EFAULT;
    const r = attr.store!(item, dec.decode(bytes));
    if (!Number.isInteger(r)) return -EIO;
    if (r > 0) ppos.pos += r;
    return r;
  },
  llseek: default_llseek,
};

function add_attrs(dir: Dentry, item: ConfigItem): number {
  for (const attr of item.ci_type?.ct_attrs ?? []) {
    const d = simple_create_child(dir, attr.ca_name, S_IFREG | (attr.ca_mode & 0o777), {
      fops: attr_fops, data: { item, attr } satisfies AttrNode, size: PAGE_SIZE,
    });
    if (typeof d === 'number') return d;
  }
  return 0;
}

/** Directory operations of a group: mkdir makes an item through the subsystem, rmdir drops it. */
const group_iops: InodeOperations = {
  lookup: simple_lookup,
  mkdir(dir, dentry, _mode, cred) {
    const group = dir.i_private as ConfigGroup;
    const make = group.ci_type?.ct_group_ops?.make_item;
    if (!make) return -EPERM;
    if (group.cg_children.has(dentry.d_name)) return -EEXIST;
    const item = make(group, dentry.d_name);
    if (typeof item === 'number') return item < 0 ? item : -EINVAL;
    item.ci_name ||= dentry.d_name;
    item.ci_parent = group;
    const inode = new_inode(dir.i_sb, S_IFDIR | 0o755, cred);
    inode.i_op = item instanceof ConfigGroup ? group_iops : item_iops;
    inode.i_fop = simple_dir_operations;
    inode.i_private = item;
    inode.i_nlink = 2;
    dentry.d_inode = inode;
    item.ci_dentry = dentry;
    const r = add_attrs(dentry, item);
    if (r < 0) {
      for (const c of [...dentry.d_subdirs.values()]) simple_remove(c);
      dentry.d_inode = null;
      group.ci_type?.ct_group_ops?.drop_item?.(group, item);
      return r;
    }
    group.cg_children.set(dentry.d_name, item);
    dir.i_nlink++;
    return 0;
  },
  rmdir(dir, dentry) {
    const group = dir.i_private as ConfigGroup;
    const item = dentry.d_inode?.i_private as ConfigItem | undefined;
    if (!item || group.cg_children.get(dentry.d_name) !== item) return -ENOENT;
    if (item instanceof ConfigGroup && item.cg_children.size) return -ENOTEMPTY;
    for (const c of [...dentry.d_subdirs.values()]) simple_remove(c);
    group.cg_children.delete(dentry.d_name);
    dir.i_nlink--;
    const ops = group.ci_type?.ct_group_ops;
    if (ops?.drop_item) ops.drop_item(group, item);
    else item.ci_type?.ct_item_ops?.release?.(item);
    return 0;
  },
};

/** An item's own directory holds only its attributes: no mkdir below it. */
const item_iops: InodeOperations = { lookup: simple_lookup };

/** Makes /config/<name> for the subsystem's group. 0 or -errno. */
export function configfs_register_subsystem(subsys: ConfigfsSubsystem): number {
  const group = subsys.su_group;
  const root = configfs_root();
  if (!group.ci_name) return -EINVAL;
  const d = simple_create_child(root, group.ci_name, S_IFDIR | 0o755, { iops: group_iops, fops: simple_dir_operations, data: group });
  if (typeof d === 'number') return d;
  group.ci_dentry = d;
  const r = add_attrs(d, group);
  if (r < 0) simple_remove(d);
  return r;
}

/** Removes the subsystem's directory; its items are dropped first. */
export function configfs_unregister_subsystem(subsys: ConfigfsSubsystem): void {
  const group = subsys.su_group;
  const d = group.ci_dentry;
  if (!d) return;
  for (const [name, item] of [...group.cg_children]) {
    group.cg_children.delete(name);
    group.ci_type?.ct_group_ops?.drop_item?.(group, item);
  }
  simple_remove(d);
  group.ci_dentry = null;
}
