// Helpers for file systems whose dcache is their whole content (fs/libfs.c, fs/ramfs): /dev, procfs,
// sysfs, debugfs and configfs build on these.
import { EEXIST, ENOTEMPTY, EINVAL, ENOTDIR, EFAULT, EFBIG } from '../uapi/errno.js';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, S_ISDIR } from '../uapi/stat.js';
import { SEEK_CUR, SEEK_END, SEEK_SET } from '../uapi/fcntl.js';
import { Dentry, SuperBlock, dt_type, type DirContext, type File, type FileOperations, type FileSystemType,
  type Inode, type InodeOperations, type Iattr } from './fs.js';
import { current_time, init_special_inode, new_inode, setattr_copy } from './inode.js';
import { d_add, d_delete } from './namei.js';
import { get_anon_bdev } from './namespace.js';
import { copy_to_user, copy_from_user, type UserPtr } from '../mm/uaccess.js';
import type { Cred } from '../kernel/cred.js';

/** Lookup in a dcache-only file system: the name is either cached or absent. */
export function simple_lookup(): number {
  return 0;
}

/** readdir over the cached children. */
export function dcache_readdir(file: File, ctx: DirContext): number {
  const d = file.f_dentry;
  const entries: [string, number, number][] = [
    ['.', file.f_inode.i_ino, 4],
    ['..', d.parent.d_inode!.i_ino, 4],
  ];
  for (const [name, child] of d.d_subdirs) if (child.d_inode) entries.push([name, child.d_inode.i_ino, dt_type(child.d_inode.i_mode)]);
  while (ctx.pos < entries.length) {
    const [name, ino, type] = entries[ctx.pos];
    if (!ctx.emit(name, ino, type)) break;
    ctx.pos++;
  }
  return 0;
}

export const simple_dir_operations: FileOperations = { iterate_shared: dcache_readdir };
export const simple_dir_inode_operations: InodeOperations = { lookup: simple_lookup };

/** llseek for files without a size limit known to the VFS. */
export function default_llseek(file: File, offset: number, whence: number): number {
  let pos: number;
  switch (whence) {
    case SEEK_SET: pos = offset; break;
    case SEEK_CUR: pos = file.f_pos + offset; break;
    case SEEK_END: pos = file.f_inode.i_size + offset; break;
    default: return -EINVAL;
  }
  if (pos < 0) return -EINVAL;
  file.f_pos = pos;
  return pos;
}
export const no_llseek = (): number => -29; // ESPIPE

/** Copies from a kernel buffer at *ppos into user space (fs/libfs.c). */
export function simple_read_from_buffer(to: UserPtr, count: number, ppos: { pos: number }, from: Uint8Array): number {
  const pos = ppos.pos;
  if (pos < 0) return -EINVAL;
  if (pos >= from.length || !count) return 0;
  const n = Math.min(count, from.length - pos);
  if (copy_to_user(to, from.subarray(pos, pos + n), n)) return -EFAULT;
  ppos.pos = pos + n;
  return n;
}

/** Copies user data into a kernel buffer at *ppos (fs/libfs.c). */
export function simple_write_to_buffer(to: Uint8Array, ppos: { pos: number }, from: UserPtr, count: number): number {
  const pos = ppos.pos;
  if (pos < 0) return -EINVAL;
  if (pos >= to.length || !count) return 0;
  const n = Math.min(count, to.length - pos);
  if (copy_from_user(to.subarray(pos, pos + n), from, n)) return -EFAULT;
  ppos.pos = pos + n;
  return n;
}

/** Makes the root dentry of a new pseudo file system. */
export function simple_fill_super(type: FileSystemType, mode = S_IFDIR | 0o755,
  dir_iops: InodeOperations = simple_dir_inode_operations, dir_fops: FileOperations = simple_dir_operations,
  magic = 0): SuperBlock {
  const sb = new SuperBlock(type, get_anon_bdev());
  sb.s_magic = magic;
  const inode = new_inode(sb, mode);
  inode.i_op = dir_iops;
  inode.i_fop = dir_fops;
  inode.i_nlink = 2;
  const root = new Dentry('/', null, sb);
  root.d_inode = inode;
  sb.s_root = root;
  return sb;
}

/**
 * Creates a child in a dcache-only file system, for kernel code that populates one (debugfs_create_file,
 * proc_create, sysfs_create_file). Returns the dentry or -EEXIST / -ENOTDIR.
 */
export function simple_create_child(parent: Dentry, name: string, mode: number, opts: {
  fops?: FileOperations; iops?: InodeOperations; data?: unknown; rdev?: number; uid?: number; gid?: number;
  size?: number;
} = {}): Dentry | number {
  if (!parent.d_inode || !S_ISDIR(parent.d_inode.i_mode)) return -ENOTDIR;
  if (parent.d_subdirs.has(name)) return -EEXIST;
  const inode = new_inode(parent.d_sb, mode);
  inode.i_uid = opts.uid ?? 0;
  inode.i_gid = opts.gid ?? 0;
  inode.i_private = opts.data;
  inode.i_size = opts.size ?? 0;
  const t = mode & S_IFMT;
  if (t === S_IFDIR) {
    inode.i_op = opts.iops ?? simple_dir_inode_operations;
    inode.i_fop = opts.fops ?? simple_dir_operations;
    inode.i_nlink = 2;
    parent.d_inode.i_nlink++;
  } else if (t === S_IFREG || t === S_IFLNK) {
    inode.i_op = opts.iops ?? {};
    inode.i_fop = opts.fops ?? {};
  } else {
    inode.i_op = opts.iops ?? {};
    init_special_inode(inode, mode, opts.rdev ?? 0);
  }
  const d = new Dentry(name, parent, parent.d_sb);
  d_add(d, inode);
  return d;
}

/** Removes a child (and, recursively, its children) from a dcache-only file system. */
export function simple_remove(d: Dentry): void {
  for (const c of [...d.d_subdirs.values()]) simple_remove(c);
  if (d.d_inode && S_ISDIR(d.d_inode.i_mode) && d.d_parent?.d_inode) d.d_parent.d_inode.i_nlink--;
  d_delete(d);
}

/** A symlink whose target is fixed at creation. */
export function simple_symlink_iops(target: string): InodeOperations {
  return { get_link: () => target };
}

// ramfs-style directory operations for pseudo file systems that users may write to (/dev).
export const ramfs_dir_inode_operations: InodeOperations = {
  lookup: simple_lookup,
  create: (dir, dentry, mode, cred) => ramfs_mknod(dir, dentry, mode, 0, cred),
  mknod: (dir, dentry, mode, dev, cred) => ramfs_mknod(dir, dentry, mode, dev, cred),
  mkdir: (dir, dentry, mode, cred) => ramfs_mknod(dir, dentry, mode | S_IFDIR, 0, cred),
  symlink(dir, dentry, target, cred) {
    const r = ramfs_mknod(dir, dentry, S_IFLNK | 0o777, 0, cred);
    if (r === 0) {
      dentry.d_inode!.i_op = simple_symlink_iops(target);
      dentry.d_inode!.i_size = target.length;
    }
    return r;
  },
  link(old, dir, dentry) {
    old.d_inode!.i_nlink++;
    d_add(dentry, old.d_inode);
    void dir;
    return 0;
  },
  unlink(_dir, dentry) {
    dentry.d_inode!.i_nlink--;
    return 0;
  },
  rmdir(dir, dentry) {
    if (dentry.d_subdirs.size) return -ENOTEMPTY;
    dir.i_nlink--;
    return 0;
  },
  rename(_od, old_dentry, _nd, new_dentry) {
    void old_dentry;
    void new_dentry;
    return 0;
  },
  setattr: simple_setattr,
};

function ramfs_mknod(dir: Inode, dentry: Dentry, mode: number, dev: number, cred: Cred): number {
  if (dentry.d_parent?.d_subdirs.has(dentry.d_name)) return -EEXIST;
  const inode = new_inode(dir.i_sb, mode, cred);
  const t = mode & S_IFMT;
  if (t === S_IFDIR) {
    inode.i_op = ramfs_dir_inode_operations;
    inode.i_fop = simple_dir_operations;
    inode.i_nlink = 2;
    dir.i_nlink++;
  } else if (t === S_IFREG) {
    inode.i_op = { setattr: simple_setattr };
    inode.i_fop = ramfs_file_operations;
    inode.i_private = new Uint8Array(0);
  } else if (t !== S_IFLNK) {
    inode.i_op = { setattr: simple_setattr };
    init_special_inode(inode, mode, dev);
  }
  d_add(dentry, inode);
  dir.i_mtime = current_time();
  return 0;
}

/**
 * The largest RAM file (their s_maxbytes): the bytes are kernel memory, all of them, so a truncate or a
 * write far past the end would allocate that much.
 */
export const RAMFS_MAXBYTES = 16 << 20;

export function simple_setattr(dentry: Dentry, attr: Iattr): number {
  const inode = dentry.d_inode!;
  if (attr.size !== undefined) {
    if (inode.i_private instanceof Uint8Array) {
      if (attr.size > RAMFS_MAXBYTES) return -EFBIG;
      const old = inode.i_private;
      const n = new Uint8Array(attr.size);
      n.set(old.subarray(0, Math.min(old.length, attr.size)));
      inode.i_private = n;
    }
    inode.i_size = attr.size;
  }
  setattr_copy(inode, attr);
  return 0;
}

/** Regular files in RAM (for the few that users create on pseudo file systems). */
export const ramfs_file_operations: FileOperations = {
  read(file, buf, count, ppos) {
    const data = file.f_inode.i_private as Uint8Array;
    return simple_read_from_buffer(buf, count, ppos, data.subarray(0, file.f_inode.i_size));
  },
  write(file, buf, count, ppos) {
    const inode = file.f_inode;
    let data = inode.i_private as Uint8Array;
    // As generic_write_check_limits: nothing at or past the limit, a write across it is cut there.
    if (ppos.pos >= RAMFS_MAXBYTES) return count ? -EFBIG : 0;
    count = Math.min(count, RAMFS_MAXBYTES - ppos.pos);
    const end = ppos.pos + count;
    if (end > data.length) {
      const n = new Uint8Array(Math.min(RAMFS_MAXBYTES, Math.max(end, data.length * 2)));
      n.set(data);
      data = n;
      inode.i_private = n;
    }
    if (copy_from_user(data.subarray(ppos.pos, end), buf, count)) return -EFAULT;
    ppos.pos = end;
    inode.i_size = Math.max(inode.i_size, end);
    inode.i_mtime = current_time();
    return count;
  },
  llseek: default_llseek,
};

