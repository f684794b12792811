// The VFS objects (Linux's include/linux/fs.h and dcache.h): super blocks, inodes, dentries, files and
// the operation tables a file system or driver fills in.
import type { UserPtr } from '../mm/uaccess.js';
import type { VmArea } from '../mm/mm.js';
import type { Cred } from '../kernel/cred.js';
import type { Module } from '../kernel/module_types.js';
import type { PollTable } from './poll_table.js';
import { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFIFO, S_IFBLK, S_IFSOCK } from '../uapi/stat.js';
import { TIME64_MAX, TIME64_MIN } from '../kernel/time64.js';
import type { Statfs } from '../uapi/statfs.js';

/** A result that is ready now or later: file systems are mostly synchronous, drivers may sleep. */
export type MaybePromise<T> = T | Promise<T>;

export interface FileSystemType {
  name: string;
  /** Builds a super block; `data` is the mount's option string. Returns the super block or -errno. */
  mount(dev_name: string, data: string): SuperBlock | number;
  kill_sb?(sb: SuperBlock): void;
  owner?: Module;
}

/** struct super_operations, for what the VFS asks of a whole file system. */
export interface SuperOperations {
  /** Size and use (statfs); the VFS fills what is not given as simple_statfs does. */
  statfs?(sb: SuperBlock): Partial<Statfs>;
}

export class SuperBlock {
  s_root!: Dentry;
  s_fs_info: unknown;
  /** The file system's magic number (statfs's f_type), set when it fills its super block. */
  s_magic = 0;
  s_op: SuperOperations = {};
  s_readonly = false;
  /** The times the file system can store, in seconds (alloc_super's default: all of time64). */
  s_time_min = TIME64_MIN;
  s_time_max = TIME64_MAX;
  /** The granularity of its times, in nanoseconds: 1 up to a second (NSEC_PER_SEC). */
  s_time_gran = 1;
  private next_ino = 1;
  constructor(readonly s_type: FileSystemType, readonly s_dev: number) {}
  get_next_ino(): number {
    return this.next_ino++;
  }
}

export interface Iattr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: number;
  mtime?: number;
}

export interface InodeOperations {
  /** Fills `dentry.d_inode` when the name exists (leaves it null otherwise). Returns 0 or -errno. */
  lookup?(dir: Inode, dentry: Dentry): MaybePromise<number>;
  create?(dir: Inode, dentry: Dentry, mode: number, cred: Cred): MaybePromise<number>;
  mkdir?(dir: Inode, dentry: Dentry, mode: number, cred: Cred): MaybePromise<number>;
  mknod?(dir: Inode, dentry: Dentry, mode: number, dev: number, cred: Cred): MaybePromise<number>;
  symlink?(dir: Inode, dentry: Dentry, target: string, cred: Cred): MaybePromise<number>;
  link?(old_dentry: Dentry, dir: Inode, dentry: Dentry): MaybePromise<number>;
  unlink?(dir: Inode, dentry: Dentry): MaybePromise<number>;
  rmdir?(dir: Inode, dentry: Dentry): MaybePromise<number>;
  rename?(old_dir: Inode, old_dentry: Dentry, new_dir: Inode, new_dentry: Dentry): MaybePromise<number>;
  /**
   * The target of a symlink, or -errno. `caller` is the process walking the path (its pid; 0 for the
   * kernel): /proc/self and /proc/<pid>/fd/* answer differently per caller, and current() is not valid here.
   */
  get_link?(dentry: Dentry, caller?: { pid: number }): string | number;
  /**
   * A magic link (procfs's fd links): the object it stands for, reached without walking its name, as
   * nd_jump_link does; so a pipe, a socket or a deleted file opens through it too. get_link still names it.
   */
  jump_link?(dentry: Dentry, caller?: { pid: number }): Path | number;
  /** Overrides the mode-bit check (procfs, sysfs use the generic one). Returns 0 or -errno. */
  permission?(inode: Inode, mask: number, cred: Cred): MaybePromise<number>;
  setattr?(dentry: Dentry, attr: Iattr): MaybePromise<number>;
  /** Refreshes size and times from the backing store before stat. */
  getattr?(inode: Inode): void;
  /** Names under a directory whose children are not kept in the dcache (rootfs on memfs). */
  readdir?(dir: Inode): MaybePromise<DirEntry[] | number>;
}

export interface DirEntry {
  name: string;
  ino: number;
  /** DT_* type. */
  type: number;
}

export interface FileOperations {
  owner?: Module | null;
  open?(inode: Inode, file: File): MaybePromise<number>;
  release?(inode: Inode, file: File): MaybePromise<number | void>;
  read?(file: File, buf: UserPtr, count: number, ppos: Loff): MaybePromise<number>;
  write?(file: File, buf: UserPtr, count: number, ppos: Loff): MaybePromise<number>;
  llseek?(file: File, offset: number, whence: number): MaybePromise<number>;
  /** Emits directory entries from `ctx.pos` on; returns 0 or -errno. */
  iterate_shared?(file: File, ctx: DirContext): MaybePromise<number>;
  flush?(file: File): MaybePromise<number>;
  unlocked_ioctl?(file: File, cmd: number, arg: UserPtr): MaybePromise<number>;
  poll?(file: File, wait: PollTable): number;
  mmap?(file: File, vma: VmArea): MaybePromise<number>;
  fsync?(file: File): MaybePromise<number>;
  /** Reserves, extends, punches or zeroes [offset, offset + len) (FALLOC_FL_* modes, already checked). */
  fallocate?(file: File, mode: number, offset: number, len: number): MaybePromise<number>;
  /**
   * An O_APPEND write goes to i_size (what Linux's file systems do in generic_write_checks): the VFS sets
   * the position before the write is dispatched, so filters see where the bytes land. Other files
   * (sysfs, proc, devices) write at the file position, as theirs do.
   */
  append_at_size?: boolean;
}

/** The file position a read or write advances (Linux passes `loff_t *`). */
export interface Loff {
  pos: number;
}

export interface DirContext {
  pos: number;
  /** Returns false when the caller's buffer is full: stop emitting. */
  emit(name: string, ino: number, type: number): boolean;
}

export const DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10,
  DT_SOCK = 12;
export function dt_type(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFDIR: return DT_DIR;
    case S_IFREG: return DT_REG;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFBLK: return DT_BLK;
    case S_IFIFO: return DT_FIFO;
    case S_IFSOCK: return DT_SOCK;
    default: return DT_UNKNOWN;
  }
}

export class Inode {
  i_mode = 0;
  i_uid = 0;
  i_gid = 0;
  i_nlink = 1;
  i_size = 0;
  i_rdev = 0;
  i_atime = 0;
  i_mtime = 0;
  i_ctime = 0;
  i_op: InodeOperations = {};
  i_fop: FileOperations = {};
  i_private: unknown = undefined;
  /** Open files on the inode (used by drivers that count users, and by unmount). */
  i_openers = 0;
  /**
   * The change version (i_version, include/linux/iversion.h): starts at 1 and only grows; the VFS bumps it
   * (inode_inc_iversion) after every change of the object's data, attributes or names. A result derived
   * from the object and stored with the version it was computed at is current while the version is equal
   * and no one can write to the object behind the VFS's back (i_writecount is 0: see shared mappings).
   */
  i_version = 1;
  /**
   * Open files holding write access (Linux's i_writecount, get_write_access): every open of a regular
   * file, directory or symlink with FMODE_WRITE, from its open to its last fput. A shared writable
   * mapping keeps its file, so it counts while mapped. Special files (devices, fifos, sockets) are not
   * counted, as in Linux. Negative would mean writes are denied (deny_write_access; not used yet).
   */
  i_writecount = 0;
  constructor(readonly i_sb: SuperBlock, readonly i_ino: number) {}
}

/** Per-dentry operations (include/linux/dcache.h): only revalidation is modelled. */
export interface DentryOperations {
  /**
   * Called when a cached dentry is found by a path walk: 1 while it is still valid, 0 when the object
   * behind it is gone (a /proc/<pid> directory whose task was reaped); the walk then drops it and asks
   * the directory's lookup again.
   */
  d_revalidate?(dentry: Dentry, flags: number): number;
}

/**
 * The dentry generation: bumped on every change that can alter what is derived from a dentry's ancestry
 * (the dcache's d_move and d_delete, mount and umount), and by a layer that derives such state from data
 * of its own when that data changes (RedirFS: its paths and filters). An answer cached with the
 * generation it was computed at is current while the generation is unchanged. Linux keeps the
 * rename_lock and mount_lock sequence counts for the like.
 */
export let d_generation = 0;
export function d_generation_bump(): void {
  d_generation++;
}

export class Dentry {
  d_inode: Inode | null = null;
  d_op: DentryOperations | null = null;
  readonly d_subdirs = new Map<string, Dentry>();
  d_fsdata: unknown = undefined;
  /** Set while a file system is mounted on this dentry. */
  d_mounted = 0;
  /** Cleared when the dentry is unlinked (open files keep the object alive). */
  d_hashed = true;
  /**
   * The RedirFS path set on this dentry, if any. A plain field rather than a property added later keeps
   * every dentry one shape, so the filter framework's walk up the tree stays a monomorphic read.
   */
  d_rfs_path: unknown = undefined;
  /** RedirFS's cached coverage of this dentry (which filters see it), valid while d_generation is unchanged. */
  d_rfs_cover: unknown = undefined;
  constructor(public d_name: string, public d_parent: Dentry | null, readonly d_sb: SuperBlock) {}
  /** The root of its file system is its own parent, as in Linux. */
  get parent(): Dentry {
    return this.d_parent ?? this;
  }
  child(name: string): Dentry | undefined {
    return this.d_subdirs.get(name);
  }
}

export interface VfsMount {
  mnt_root: Dentry;
  mnt_sb: SuperBlock;
  /** Where it is mounted; the root mount has itself as parent and its root as mountpoint. */
  mnt_mountpoint: Dentry;
  mnt_parent: VfsMount;
  mnt_devname: string;
  mnt_fstype: string;
  mnt_opts: string;
}

export interface Path {
  mnt: VfsMount;
  dentry: Dentry;
}

export const FMODE_READ = 0x1, FMODE_WRITE = 0x2, FMODE_LSEEK = 0x4, FMODE_PREAD = 0x8;
/** The file holds write access on its inode (counted in i_writecount; put back at its last fput). */
export const FMODE_WRITER = 0x10000;
/**
 * No one is notified of this file's operations (Linux's FMODE_NONOTIFY, which fanotify sets on the files
 * it hands its listener): the files dentry_open_nonotify makes, whose open, reads, seeks, mappings and
 * release no RedirFS filter sees, so a filter reading an object it was asked about does not ask itself.
 */
export const FMODE_NONOTIFY = 0x4000000;

export class File {
  f_pos = 0;
  f_count = 1;
  private_data: unknown = undefined;
  f_op: FileOperations;
  /** The process that opened it: drivers use it as Linux drivers use the file's owner. */
  f_owner_pid = 0;
  constructor(
    readonly f_path: Path,
    readonly f_inode: Inode,
    public f_flags: number,
    readonly f_mode: number,
    readonly f_cred: Cred,
  ) {
    this.f_op = f_inode.i_fop;
  }
  get f_dentry(): Dentry {
    return this.f_path.dentry;
  }
}
