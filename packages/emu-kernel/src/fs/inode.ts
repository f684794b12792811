// Inode helpers shared by every file system (fs/inode.c): new_inode, special inodes, attribute changes,
// write access (include/linux/fs.h's get_write_access and put_write_access).
import { S_IFMT, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK } from '../uapi/stat.js';
import { Inode, type Iattr, type SuperBlock, type FileOperations } from './fs.js';
import type { Cred } from '../kernel/cred.js';
import { ENXIO, ETXTBSY } from '../uapi/errno.js';
import { NSEC_PER_SEC, timespec64_to_seconds } from '../kernel/time64.js';
import { host } from '../kernel/host.js';

let clock: () => number = () => host().wallclock() / 1000;
export function inode_init(wallclock_seconds: () => number): void {
  clock = wallclock_seconds;
}
/** Seconds since the epoch, for inode times. */
export function current_time(): number {
  return clock();
}

/**
 * A time as the inode's file system can store it (timestamp_truncate): the seconds clamped to the super
 * block's range (a clamped time loses its fraction), the fraction cut down to the granularity. A double
 * of seconds is off by up to |t| * 1.11e-7 ns: a time on a granule (as utimensat passes one) that the double
 * puts just below it stays on it, so the cut is exact while that error is under half a granule.
 */
export function timestamp_truncate(t: number, inode: Inode): number {
  const sb = inode.i_sb;
  const sec = Math.floor(t);
  if (sec <= sb.s_time_min) return sb.s_time_min;
  if (sec >= sb.s_time_max) return sb.s_time_max;
  if (sb.s_time_gran === 1) return t;
  const slack = Math.max(0.5, Math.abs(t) * 1.2e-7);
  const gran = sb.s_time_gran;
  const nsec = Math.min(Math.floor(((t - sec) * NSEC_PER_SEC + slack) / gran) * gran, NSEC_PER_SEC - gran);
  return timespec64_to_seconds(sec, nsec);
}

export function new_inode(sb: SuperBlock, mode: number, cred?: Cred): Inode {
  const inode = new Inode(sb, sb.get_next_ino());
  inode.i_mode = mode;
  inode.i_uid = cred?.euid ?? 0;
  inode.i_gid = cred?.egid ?? 0;
  inode.i_atime = inode.i_mtime = inode.i_ctime = current_time();
  return inode;
}

// Character devices and fifos get their file operations from the char device layer and the pipe code;
// they register here at boot so this file does not depend on drivers.
const special: { chr: FileOperations; fifo: FileOperations } = {
  chr: { open: () => -ENXIO },
  fifo: { open: () => -ENXIO },
};
export function set_special_fops(kind: 'chr' | 'fifo', fops: FileOperations): void {
  special[kind] = fops;
}
const bad_sock_fops: FileOperations = { open: () => -ENXIO };

/** Sets up a device, fifo or socket inode: its file operations come from the device, not the fs. */
export function init_special_inode(inode: Inode, mode: number, rdev: number): void {
  inode.i_mode = mode;
  switch (mode & S_IFMT) {
    case S_IFCHR:
      inode.i_fop = special.chr;
      inode.i_rdev = rdev;
      break;
    case S_IFBLK:
      inode.i_fop = bad_sock_fops;
      inode.i_rdev = rdev;
      break;
    case S_IFIFO:
      inode.i_fop = special.fifo;
      break;
    case S_IFSOCK:
      inode.i_fop = bad_sock_fops;
      break;
  }
}

/** Applies mode/owner/time changes to the in-memory inode (simple_setattr without size). */
export function setattr_copy(inode: Inode, attr: Iattr): void {
  if (attr.mode !== undefined) inode.i_mode = (inode.i_mode & S_IFMT) | (attr.mode & 0o7777);
  if (attr.uid !== undefined) inode.i_uid = attr.uid;
  if (attr.gid !== undefined) inode.i_gid = attr.gid;
  if (attr.atime !== undefined) inode.i_atime = attr.atime;
  if (attr.mtime !== undefined) inode.i_mtime = attr.mtime;
  inode.i_ctime = current_time();
}

/** Devices, fifos and sockets (special_file): their opens for writing take no write access, as in Linux. */
export function special_file(mode: number): boolean {
  const t = mode & S_IFMT;
  return t === S_IFCHR || t === S_IFBLK || t === S_IFIFO || t === S_IFSOCK;
}

/** Takes write access on the inode for an open file (get_write_access): 0, or -ETXTBSY while writes are denied. */
export function get_write_access(inode: Inode): number {
  if (inode.i_writecount < 0) return -ETXTBSY;
  inode.i_writecount++;
  return 0;
}

/** Gives back what get_write_access took (put_write_access). */
export function put_write_access(inode: Inode): void {
  if (inode.i_writecount > 0) inode.i_writecount--;
}
