// File system types and the mount table (fs/filesystems.c, fs/namespace.c).
import { EBUSY, EINVAL, ENODEV } from '../uapi/errno.js';
import { d_generation_bump, type Dentry, type FileSystemType, type Path, type VfsMount } from './fs.js';

interface MountState {
  filesystems: Map<string, FileSystemType>;
  /**
   * Mounts by the dentry they cover and the mount that dentry was reached through (Linux's mount hash,
   * keyed on both): the same dentry seen through two mounts (a file system mounted twice, or on its own
   * root) has a mount of each, and following mounts always ends.
   */
  mounts: Map<Dentry, Map<VfsMount, VfsMount>>;
  /** In mount order, for /proc/mounts. */
  order: VfsMount[];
  root: VfsMount | null;
  next_dev: number;
}
const ns: MountState = { filesystems: new Map(), mounts: new Map(), order: [], root: null, next_dev: 1 };

export function namespace_init(): void {
  ns.filesystems = new Map();
  ns.mounts = new Map();
  ns.order = [];
  ns.root = null;
  ns.next_dev = 1;
  d_generation_bump();
}

export function register_filesystem(fs: FileSystemType): number {
  if (ns.filesystems.has(fs.name)) return -EBUSY;
  ns.filesystems.set(fs.name, fs);
  return 0;
}
export function unregister_filesystem(fs: FileSystemType): number {
  if (ns.filesystems.get(fs.name) !== fs) return -EINVAL;
  ns.filesystems.delete(fs.name);
  return 0;
}
export function get_fs_type(name: string): FileSystemType | undefined {
  return ns.filesystems.get(name);
}
export function filesystems(): FileSystemType[] {
  return [...ns.filesystems.values()];
}
/** Anonymous device numbers for pseudo file systems (major 0). */
export function get_anon_bdev(): number {
  return ns.next_dev++;
}

/** Mounts the root file system. */
export function mount_root(fstype: string, devname: string, opts = ''): VfsMount | number {
  const t = ns.filesystems.get(fstype);
  if (!t) return -ENODEV;
  const sb = t.mount(devname, opts);
  if (typeof sb === 'number') return sb;
  const m = { mnt_root: sb.s_root, mnt_sb: sb, mnt_mountpoint: sb.s_root, mnt_devname: devname,
    mnt_fstype: fstype, mnt_opts: opts } as VfsMount;
  m.mnt_parent = m;
  ns.root = m;
  ns.order.push(m);
  d_generation_bump();
  return m;
}

/** Mounts a file system of type `fstype` on the directory at `where`. */
export function do_mount(devname: string, where: Path, fstype: string, opts = ''): number {
  const t = ns.filesystems.get(fstype);
  if (!t) return -ENODEV;
  if (lookup_mnt(where)) return -EBUSY;
  const sb = t.mount(devname, opts);
  if (typeof sb === 'number') return sb;
  const m: VfsMount = { mnt_root: sb.s_root, mnt_sb: sb, mnt_mountpoint: where.dentry, mnt_parent: where.mnt,
    mnt_devname: devname, mnt_fstype: fstype, mnt_opts: opts };
  let here = ns.mounts.get(where.dentry);
  if (!here) ns.mounts.set(where.dentry, (here = new Map()));
  here.set(where.mnt, m);
  where.dentry.d_mounted++;
  ns.order.push(m);
  d_generation_bump();
  return 0;
}

/** Unmounts the file system whose root is `p`. */
export function do_umount(p: Path): number {
  const m = p.mnt;
  if (p.dentry !== m.mnt_root || m === ns.root) return -EINVAL;
  for (const other of ns.order) if (other !== m && other.mnt_parent === m) return -EBUSY;
  const here = ns.mounts.get(m.mnt_mountpoint);
  here?.delete(m.mnt_parent);
  if (!here?.size) ns.mounts.delete(m.mnt_mountpoint);
  m.mnt_mountpoint.d_mounted--;
  ns.order = ns.order.filter((x) => x !== m);
  d_generation_bump();
  m.mnt_sb.s_type.kill_sb?.(m.mnt_sb);
  return 0;
}

/** The mount on `p`'s dentry as reached through `p`'s mount (__lookup_mnt). */
export function lookup_mnt(p: Path): VfsMount | undefined {
  return p.dentry.d_mounted ? ns.mounts.get(p.dentry)?.get(p.mnt) : undefined;
}
export function root_mount(): VfsMount {
  if (!ns.root) throw new Error('no root file system mounted');
  return ns.root;
}
export function mounts(): readonly VfsMount[] {
  return ns.order;
}
