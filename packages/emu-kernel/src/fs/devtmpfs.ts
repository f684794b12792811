// devtmpfs: /dev, where drivers' device nodes appear and where root may mknod by hand.
import { S_IFCHR, S_IFDIR } from '../uapi/stat.js';
import { MKDEV } from '../kernel/kdev_t.js';
import type { Dentry, FileSystemType, SuperBlock } from './fs.js';
import { ramfs_dir_inode_operations, simple_create_child, simple_dir_operations, simple_fill_super, simple_remove } from './libfs.js';
import { register_filesystem } from './namespace.js';
import { TMPFS_MAGIC } from '../uapi/statfs.js';

let dev_sb: SuperBlock | null = null;

const devtmpfs_type: FileSystemType = {
  name: 'devtmpfs',
  mount() {
    // One instance, as in Linux: every mount of devtmpfs shows the same nodes.
    dev_sb ??= simple_fill_super(devtmpfs_type, S_IFDIR | 0o755, ramfs_dir_inode_operations, simple_dir_operations,
      TMPFS_MAGIC);
    return dev_sb;
  },
};

export function devtmpfs_init(): void {
  dev_sb = null;
  register_filesystem(devtmpfs_type);
}

/** Creates /dev/<name> for a device (device_create's node); `name` may hold one directory level. */
export function devtmpfs_create_node(name: string, major: number, minor: number, mode = 0o600, uid = 0, gid = 0): Dentry | number {
  const sb = devtmpfs_type.mount('devtmpfs', '') as SuperBlock;
  let parent = sb.s_root;
  const parts = name.split('/');
  for (const dir of parts.slice(0, -1)) {
    let d = parent.child(dir);
    if (!d) {
      const r = simple_create_child(parent, dir, S_IFDIR | 0o755, { iops: ramfs_dir_inode_operations });
      if (typeof r === 'number') return r;
      d = r;
    }
    parent = d;
  }
  return simple_create_child(parent, parts[parts.length - 1], S_IFCHR | (mode & 0o7777), {
    rdev: MKDEV(major, minor), uid, gid, iops: { setattr: ramfs_dir_inode_operations.setattr },
  });
}

export function devtmpfs_delete_node(name: string): void {
  if (!dev_sb) return;
  let d: Dentry | undefined = dev_sb.s_root;
  for (const p of name.split('/')) d = d?.child(p);
  if (d) simple_remove(d);
}
