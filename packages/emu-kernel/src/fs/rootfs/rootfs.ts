// The root file system: names, directories, symlinks and file contents live in a memfs volume; the
// metadata memfs cannot hold or enforce (owner, mode, device numbers, fifos) lives in our inodes.
// memfs nodes are always created world-accessible so memfs's own host-uid checks never interfere.
import { memfs, type Volume } from 'memfs';
import { EEXIST, EINVAL, EIO, ENOENT, ENOTDIR, ENOTEMPTY, EISDIR, ENOSPC, EPERM, ENAMETOOLONG, EBADF, EFBIG } from '../../uapi/errno.js';
import { S_IFMT, S_IFDIR, S_IFLNK, S_IFREG, S_ISDIR, S_ISREG } from '../../uapi/stat.js';
import {
  SEEK_CUR, SEEK_END, SEEK_SET, FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE,
} from '../../uapi/fcntl.js';
import { Dentry, SuperBlock, dt_type, type FileSystemType, type Inode, type FileOperations,
  type InodeOperations, type File, type Iattr, type DirContext } from '../fs.js';
import { new_inode, init_special_inode, setattr_copy, current_time } from '../inode.js';
import { copy_from_user, copy_to_user, type UserPtr } from '../../mm/uaccess.js';
import type { Cred } from '../../kernel/cred.js';
import { get_anon_bdev } from '../namespace.js';
import { TMPFS_MAGIC } from '../../uapi/statfs.js';
import { PAGE_SIZE } from '../../uapi/mman.js';
import type { Statfs } from '../../uapi/statfs.js';
import { generic_file_mmap } from '../../mm/filemap.js';

interface RootfsInfo {
  vol: Volume;
  /** Our inode for each memfs node, so hard links share one inode. */
  inodes: Map<number, Inode>;
  /** Bytes of file data the mount holds, and may hold (see rootfs_charge). */
  used: number;
  size: number;
}

/**
 * memfs keeps every byte of a file in host memory, holes included: a write or a truncate far past the
 * end would allocate that much of the host. So a rootfs mount is sized like a tmpfs one: its files hold
 * at most ROOTFS_SIZE bytes together, or what its size= option says (ENOSPC beyond), and no file grows
 * past ROOTFS_MAXBYTES, its s_maxbytes (EFBIG).
 */
export const ROOTFS_SIZE = 256 << 20, ROOTFS_MAXBYTES = ROOTFS_SIZE;
/** The size each regular file is charged for. */
const charged = new WeakMap<Inode, number>();

/** Charges `inode` for a new size: 0, or -EFBIG / -ENOSPC (and nothing charged). */
function rootfs_charge(inode: Inode, size: number): number {
  if (size > ROOTFS_MAXBYTES) return -EFBIG;
  const fi = info(inode.i_sb);
  const delta = size - (charged.get(inode) ?? 0);
  if (delta > 0 && fi.used + delta > fi.size) return -ENOSPC;
  fi.used += delta;
  charged.set(inode, size);
  return 0;
}

/** A file whose last name and last opener are gone gives its bytes back. */
function rootfs_uncharge_if_gone(inode: Inode): void {
  if (inode.i_nlink > 0 || inode.i_openers > 0 || !charged.has(inode)) return;
  info(inode.i_sb).used -= charged.get(inode)!;
  charged.delete(inode);
}

/**
 * memfs asks its `process` for the caller's ids on every call and checks its own modes against them. Our
 * VFS does the permission checks, so memfs always sees root, and never the host's real process object.
 */
const MEMFS_PROCESS = {
  getuid: () => 0,
  getgid: () => 0,
  cwd: () => '/',
  platform: 'linux',
  emitWarning: () => {},
  env: {},
};

function info(sb: SuperBlock): RootfsInfo {
  return sb.s_fs_info as RootfsInfo;
}

/** The memfs path of a dentry: its names up to the root of this file system. */
function mpath(d: Dentry): string {
  const parts: string[] = [];
  for (let x = d; x.d_parent && x.d_parent !== x; x = x.d_parent) parts.push(x.d_name);
  return '/' + parts.reverse().join('/');
}

function errno_of(e: unknown): number {
  const code = (e as { code?: string }).code;
  const map: Record<string, number> = { ENOENT, EEXIST, ENOTDIR, ENOTEMPTY, EISDIR, ENOSPC, EPERM, EINVAL,
    ENAMETOOLONG, EBADF };
  return -(code && map[code] ? map[code] : EIO);
}

/** Errors come back as negative numbers; memfs results (descriptors, counts) are never negative. */
function isErr(x: unknown): x is number {
  return typeof x === 'number' && x < 0;
}

/** memfs's i-node: what rename needs of it. */
interface MemfsNode {
  nlink: number;
  isDirectory(): boolean;
}
/** memfs's directory entry (its Link): a name in a parent, the node it names, and a directory's entries. */
interface MemfsLink {
  name: string;
  parent: MemfsLink | null;
  children: Map<string, MemfsLink>;
  getNode(): MemfsNode;
  setChild(name: string, link: MemfsLink): MemfsLink;
  deleteChild(link: MemfsLink): void;
  syncSteps(): void;
}
/** The part of memfs's volume that holds its nodes by number and its entries by path. */
interface MemfsCore {
  inodes: Record<number, object | undefined>;
  deleteNode(node: object): void;
  /** The entry at a path; the last component is not followed. Throws memfs's errors. */
  getLinkOrThrow(filename: string, funcName?: string): MemfsLink;
}
const core_of = (vol: Volume) => (vol as unknown as { _core: MemfsCore })._core;

/**
 * rename as Linux has it, on memfs's entries: memfs's own renameSync follows a symlink named as the
 * source (it would move the link's target, and fail on a dangling link) and keeps a replaced node in its
 * volume. Here the entry itself moves, in one synchronous step; what it replaces goes as unlink or rmdir
 * would take it (a directory only if it is empty: -ENOTEMPTY and nothing changed). 0 or -errno.
 */
function memfs_rename(vol: Volume, from: string, to: string): number {
  const core = core_of(vol);
  const r = m(() => {
    const link = core.getLinkOrThrow(from, 'rename');
    const cut = to.lastIndexOf('/');
    const newDir = core.getLinkOrThrow(to.slice(0, cut) || '/', 'rename');
    const name = to.slice(cut + 1);
    const old = newDir.children.get(name);
    if (old === link) return 0;
    if (!link.parent) return -EINVAL;
    if (old) {
      const node = old.getNode();
      if (node.isDirectory() && [...old.children.keys()].some((k) => k !== '.' && k !== '..')) return -ENOTEMPTY;
      newDir.deleteChild(old);
      if (node.isDirectory() || --node.nlink <= 0) core.deleteNode(node);
    }
    link.parent.deleteChild(link);
    link.name = name;
    newDir.setChild(name, link);
    link.syncSteps();
    return 0;
  });
  return r as number;
}

/**
 * rmdir. memfs's rmdirSync unlinks the directory but keeps its node in the volume's table for good (its
 * unlink lets a file's node go with its last link): the node is let go here, as unlink would.
 */
function memfs_rmdir(vol: Volume, path: string): void {
  const ino = Number(vol.lstatSync(path).ino);
  vol.rmdirSync(path);
  const core = core_of(vol);
  const node = core.inodes[ino];
  if (node) core.deleteNode(node);
}

/** Runs a memfs call, turning its thrown error into -errno. */
function m<T>(fn: () => T): T | number {
  try {
    return fn();
  } catch (e) {
    return errno_of(e);
  }
}

/**
 * Our inode for memfs node `mino`. memfs recycles the number of a deleted node, so a node just created
 * (`fresh`) must never inherit a cached inode: it would carry the dead file's owner, mode and type.
 */
function iget(sb: SuperBlock, mino: number, mode: number, cred?: Cred, fresh = false): Inode {
  const fi = info(sb);
  let inode = fresh ? undefined : fi.inodes.get(mino);
  if (inode) return inode;
  inode = new_inode(sb, mode, cred);
  inode.i_private = mino;
  fi.inodes.set(mino, inode);
  if (S_ISDIR(mode)) {
    inode.i_op = rootfs_dir_iops;
    inode.i_fop = rootfs_dir_fops;
  } else if (S_ISREG(mode)) {
    inode.i_op = rootfs_file_iops;
    inode.i_fop = rootfs_file_fops;
  } else if ((mode & S_IFMT) === S_IFLNK) {
    inode.i_op = rootfs_symlink_iops;
  } else {
    inode.i_op = rootfs_file_iops;
    init_special_inode(inode, mode, 0);
  }
  return inode;
}

/** Drops one link of a regular file or symlink; the last one unhashes the inode (open files keep it). */
function forget(inode: Inode): void {
  inode.i_nlink--;
  const fi = info(inode.i_sb);
  if ((inode.i_nlink <= 0 || S_ISDIR(inode.i_mode)) && fi.inodes.get(inode.i_private as number) === inode) {
    fi.inodes.delete(inode.i_private as number);
  }
  rootfs_uncharge_if_gone(inode);
}

/**
 * Size and link count come from memfs; owner, mode and the three times are our inode's alone (memfs's
 * times are its host clock's milliseconds, moved by its own rules, and could not hold a nanosecond).
 */
function refresh(inode: Inode, path: string): void {
  const st = m(() => info(inode.i_sb).vol.lstatSync(path));
  if (isErr(st)) return;
  if (S_ISREG(inode.i_mode) || (inode.i_mode & S_IFMT) === S_IFLNK) inode.i_size = Number(st.size);
  inode.i_nlink = Number(st.nlink);
}

/** A directory gained or lost an entry: its mtime and ctime move (as every Linux file system does). */
function dir_changed(dir: Inode): void {
  dir.i_mtime = dir.i_ctime = current_time();
}

const rootfs_dir_iops: InodeOperations = {
  lookup(dir, dentry) {
    const vol = info(dir.i_sb).vol;
    const st = m(() => vol.lstatSync(mpath(dentry)));
    if (isErr(st)) return st === -ENOENT ? 0 : st;
    const mode = st.isDirectory() ? S_IFDIR | 0o755 : st.isSymbolicLink() ? S_IFLNK | 0o777 : S_IFREG | 0o644;
    dentry.d_inode = iget(dir.i_sb, Number(st.ino), mode);
    return 0;
  },
  create(dir, dentry, mode, cred) {
    const vol = info(dir.i_sb).vol;
    const fd = m(() => vol.openSync(mpath(dentry), 'wx', 0o666));
    if (isErr(fd)) return fd;
    const st = vol.fstatSync(fd);
    vol.closeSync(fd);
    const inode = iget(dir.i_sb, Number(st.ino), mode, cred, true);
    inode.i_mode = mode;
    if (!S_ISREG(mode)) init_special_inode(inode, mode, 0);
    dentry.d_inode = inode;
    dir_changed(dir);
    return 0;
  },
  mknod(dir, dentry, mode, dev, cred) {
    const r = rootfs_dir_iops.create!(dir, dentry, mode, cred);
    if (r !== 0) return r;
    init_special_inode(dentry.d_inode!, mode, dev);
    return 0;
  },
  mkdir(dir, dentry, mode, cred) {
    const vol = info(dir.i_sb).vol;
    const r = m(() => vol.mkdirSync(mpath(dentry), 0o777));
    if (isErr(r)) return r;
    const st = vol.lstatSync(mpath(dentry));
    dentry.d_inode = iget(dir.i_sb, Number(st.ino), mode, cred, true);
    dentry.d_inode.i_mode = mode;
    dir_changed(dir);
    return 0;
  },
  symlink(dir, dentry, target, cred) {
    const vol = info(dir.i_sb).vol;
    const r = m(() => vol.symlinkSync(target, mpath(dentry)));
    if (isErr(r)) return r;
    const st = vol.lstatSync(mpath(dentry));
    dentry.d_inode = iget(dir.i_sb, Number(st.ino), S_IFLNK | 0o777, cred, true);
    dentry.d_inode.i_size = new TextEncoder().encode(target).length;
    dir_changed(dir);
    return 0;
  },
  link(old, dir, dentry) {
    const vol = info(dir.i_sb).vol;
    const r = m(() => vol.linkSync(mpath(old), mpath(dentry)));
    if (isErr(r)) return r;
    dentry.d_inode = old.d_inode;
    old.d_inode!.i_nlink++;
    dir_changed(dir);
    old.d_inode!.i_ctime = dir.i_ctime;
    return 0;
  },
  unlink(dir, dentry) {
    const r = m(() => info(dir.i_sb).vol.unlinkSync(mpath(dentry)));
    if (isErr(r)) return r;
    forget(dentry.d_inode!);
    dir_changed(dir);
    dentry.d_inode!.i_ctime = dir.i_ctime;
    return 0;
  },
  rmdir(dir, dentry) {
    const r = m(() => memfs_rmdir(info(dir.i_sb).vol, mpath(dentry)));
    if (isErr(r)) return r;
    info(dir.i_sb).inodes.delete(dentry.d_inode!.i_private as number);
    dentry.d_inode!.i_nlink = 0;
    dir_changed(dir);
    return 0;
  },
  rename(old_dir, old_dentry, new_dir, new_dentry) {
    const replaced = new_dentry.d_inode;
    const r = memfs_rename(info(old_dentry.d_sb).vol, mpath(old_dentry), mpath(new_dentry));
    if (r) return r;
    // Both directories changed; the moved inode's ctime moves (as ext4's and tmpfs's), and the replaced
    // one lost a name (a directory all it had).
    dir_changed(old_dir);
    dir_changed(new_dir);
    old_dentry.d_inode!.i_ctime = old_dir.i_ctime;
    if (replaced) {
      if (S_ISDIR(replaced.i_mode)) {
        replaced.i_nlink = 0;
        info(replaced.i_sb).inodes.delete(replaced.i_private as number);
      } else forget(replaced);
      replaced.i_ctime = old_dir.i_ctime;
    }
    return 0;
  },
  setattr: rootfs_setattr,
  getattr(inode) {
    void inode;
  },
};

function rootfs_setattr(dentry: Dentry, attr: Iattr): number {
  const inode = dentry.d_inode!;
  if (attr.size !== undefined) {
    if (!S_ISREG(inode.i_mode)) return -EINVAL;
    const c = rootfs_charge(inode, attr.size);
    if (c) return c;
    const r = m(() => info(inode.i_sb).vol.truncateSync(mpath(dentry), attr.size));
    if (isErr(r)) return r;
    inode.i_size = attr.size;
    inode.i_mtime = current_time();
  }
  setattr_copy(inode, attr);
  return 0;
}

const rootfs_file_iops: InodeOperations = {
  setattr: rootfs_setattr,
};

const rootfs_symlink_iops: InodeOperations = {
  get_link(dentry) {
    const r = m(() => info(dentry.d_sb).vol.readlinkSync(mpath(dentry)));
    return isErr(r) ? r : String(r);
  },
  setattr: rootfs_setattr,
};

/**
 * A read moves the atime as Linux's default relatime does (file_accessed, relatime_need_update): when
 * the atime is not after the mtime or ctime, or is a day old.
 */
function file_accessed(inode: Inode): void {
  const now = current_time();
  if (inode.i_atime <= inode.i_mtime || inode.i_atime <= inode.i_ctime || now - inode.i_atime >= 24 * 3600) {
    inode.i_atime = now;
  }
}

/** Open files keep a memfs descriptor: it follows renames and outlives unlink, as Linux files do. */
const rootfs_file_fops: FileOperations = {
  open(inode, file) {
    const r = m(() => info(inode.i_sb).vol.openSync(mpath(file.f_dentry), 'r+'));
    if (isErr(r)) return r;
    file.private_data = r;
    return 0;
  },
  release(inode, file) {
    m(() => info(inode.i_sb).vol.closeSync(file.private_data as number));
    rootfs_uncharge_if_gone(inode);
    return 0;
  },
  read(file, buf, count, ppos) {
    const vol = info(file.f_inode.i_sb).vol;
    const kbuf = new Uint8Array(count);
    const n = m(() => vol.readSync(file.private_data as number, kbuf, 0, count, ppos.pos));
    if (isErr(n)) return n;
    const got = n as number;
    if (got > 0 && copy_to_user(buf, kbuf, got)) return -14;
    ppos.pos += got;
    file_accessed(file.f_inode);
    return got;
  },
  write(file, buf, count, ppos) {
    const inode = file.f_inode;
    const vol = info(inode.i_sb).vol;
    const kbuf = new Uint8Array(count);
    if (copy_from_user(kbuf, buf, count)) return -14;
    const fd = file.private_data as number;
    // As generic_write_check_limits: nothing at or past the limit, a write across it is cut there.
    if (ppos.pos >= ROOTFS_MAXBYTES) return count ? -EFBIG : 0;
    const n0 = Math.min(count, ROOTFS_MAXBYTES - ppos.pos);
    const end = ppos.pos + n0;
    if (end > inode.i_size) {
      const c = rootfs_charge(inode, end);
      if (c) return c;
    }
    const n = m(() => vol.writeSync(fd, kbuf, 0, n0, ppos.pos));
    if (isErr(n)) return n;
    ppos.pos += n as number;
    inode.i_size = Math.max(inode.i_size, ppos.pos);
    inode.i_mtime = inode.i_ctime = current_time();
    return n as number;
  },
  llseek(file, offset, whence) {
    return generic_file_llseek_size(file, offset, whence,
      Number(info(file.f_inode.i_sb).vol.fstatSync(file.private_data as number).size));
  },
  fsync() {
    return 0;
  },
  fallocate: rootfs_fallocate,
  mmap: generic_file_mmap,
  append_at_size: true,
};

/**
 * Every byte is in memory already, so there is nothing to reserve: a growing mode charges and extends
 * the file (zeros), a hole or a zeroed range is written with zeros where the file has bytes.
 */
function rootfs_fallocate(file: File, mode: number, offset: number, len: number): number {
  const inode = file.f_inode;
  const vol = info(inode.i_sb).vol;
  const fd = file.private_data as number;
  const end = offset + len;
  const size = Number(vol.fstatSync(fd).size);
  const keep = (mode & FALLOC_FL_KEEP_SIZE) !== 0;
  if (end > ROOTFS_MAXBYTES) return -EFBIG;
  if (mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) {
    const zeros = new Uint8Array(Math.min(65536, len));
    for (let pos = offset, stop = Math.min(end, size); pos < stop; pos += zeros.length) {
      const w = m(() => vol.writeSync(fd, zeros, 0, Math.min(zeros.length, stop - pos), pos));
      if (isErr(w)) return w;
    }
  }
  if (!keep && end > size) {
    const c = rootfs_charge(inode, end);
    if (c) return c;
    const t = m(() => vol.ftruncateSync(fd, end));
    if (isErr(t)) return t;
    inode.i_size = end;
  }
  if (mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE) || (!keep && end > size)) {
    inode.i_mtime = inode.i_ctime = current_time();
  }
  return 0;
}

/** lseek over a file of `size` bytes (fs/read_write.c generic_file_llseek_size). */
export function generic_file_llseek_size(file: File, offset: number, whence: number, size: number): number {
  let pos: number;
  switch (whence) {
    case SEEK_SET: pos = offset; break;
    case SEEK_CUR: pos = file.f_pos + offset; break;
    case SEEK_END: pos = size + offset; break;
    default: return -EINVAL;
  }
  if (pos < 0 || !Number.isSafeInteger(pos)) return -EINVAL;
  file.f_pos = pos;
  return pos;
}

const rootfs_dir_fops: FileOperations = {
  iterate_shared(file, ctx: DirContext) {
    const dentry = file.f_dentry;
    const vol = info(dentry.d_sb).vol;
    const names = m(() => vol.readdirSync(mpath(dentry)) as string[]);
    if (isErr(names)) return names;
    const entries: [string, number, number][] = [
      ['.', file.f_inode.i_ino, 4],
      ['..', dentry.parent.d_inode!.i_ino, 4],
    ];
    for (const name of [...names].sort()) {
      const child = dentry.child(name);
      let inode = child?.d_inode;
      if (!inode) {
        const d = new Dentry(name, dentry, dentry.d_sb);
        rootfs_dir_iops.lookup!(dentry.d_inode!, d);
        inode = d.d_inode;
        if (inode) {
          d.d_hashed = true;
          dentry.d_subdirs.set(name, d);
        }
      }
      if (inode) entries.push([name, inode.i_ino, dt_type(inode.i_mode)]);
    }
    while (ctx.pos < entries.length) {
      const [name, ino, type] = entries[ctx.pos];
      if (!ctx.emit(name, ino, type)) break;
      ctx.pos++;
    }
    file_accessed(file.f_inode);
    return 0;
  },
};

/**
 * The times a rootfs inode holds. They live in our inode (seconds in a double), no longer in memfs, but the
 * range stays a Date's, 10^8 days either side of 1970. The granularity is a microsecond: a double of
 * seconds holds that exactly until 2106 (a nanosecond it could not), so what utimensat stores, stat reports.
 */
const MEMFS_TIME_MAX = 8.64e12;
export const ROOTFS_TIME_GRAN = 1000;

/**
 * The size a mount's options give: "size=BYTES" (suffix k, m or g), at most ROOTFS_SIZE; -EINVAL for a
 * size it cannot be. Other options (the generic ro, nosuid...) are not this file system's business.
 */
function rootfs_parse_options(data: string): number {
  let size = ROOTFS_SIZE;
  for (const opt of data.split(',')) {
    if (!opt.startsWith('size=')) continue;
    const o = /^size=(\d+)([kmg]?)$/i.exec(opt);
    if (!o) return -EINVAL;
    size = Number(o[1]) * { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[o[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
    if (size > ROOTFS_SIZE) return -EINVAL;
  }
  return size;
}

/** As tmpfs answers: its size and what its files are charged, in pages; inodes are not limited. */
function rootfs_statfs(sb: SuperBlock): Partial<Statfs> {
  const fi = info(sb);
  const blocks = Math.floor(fi.size / PAGE_SIZE), used = Math.ceil(fi.used / PAGE_SIZE);
  return { f_blocks: blocks, f_bfree: Math.max(0, blocks - used), f_bavail: Math.max(0, blocks - used) };
}

export const rootfs_fs_type: FileSystemType = {
  name: 'rootfs',
  mount(_dev, data) {
    const size = rootfs_parse_options(data);
    if (size < 0) return size;
    const sb = new SuperBlock(rootfs_fs_type, get_anon_bdev());
    sb.s_time_min = -MEMFS_TIME_MAX;
    sb.s_time_max = MEMFS_TIME_MAX;
    sb.s_time_gran = ROOTFS_TIME_GRAN;
    sb.s_magic = TMPFS_MAGIC;
    sb.s_op = { statfs: rootfs_statfs };
    sb.s_fs_info = { vol: memfs({}, { cwd: '/', process: MEMFS_PROCESS }).vol, inodes: new Map(), used: 0, size } satisfies RootfsInfo;
    const vol = info(sb).vol;
    const root = iget(sb, Number(vol.lstatSync('/').ino), S_IFDIR | 0o755);
    const d = new Dentry('/', null, sb);
    d.d_inode = root;
    sb.s_root = d;
    return sb;
  },
};

/** Refreshes size/nlink/times of a rootfs inode from memfs before a stat. */
export function rootfs_refresh(d: Dentry): void {
  if (d.d_sb.s_type === rootfs_fs_type && d.d_inode && d.d_hashed) refresh(d.d_inode, mpath(d));
}

export type { UserPtr };
