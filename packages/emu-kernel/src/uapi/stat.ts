// File types and permission bits (linux/stat.h) and the struct stat layout user space receives.
export const S_IFMT = 0o170000, S_IFSOCK = 0o140000, S_IFLNK = 0o120000, S_IFREG = 0o100000,
  S_IFBLK = 0o060000, S_IFDIR = 0o040000, S_IFCHR = 0o020000, S_IFIFO = 0o010000;
export const S_ISUID = 0o4000, S_ISGID = 0o2000, S_ISVTX = 0o1000;
export const S_IRWXU = 0o700, S_IRUSR = 0o400, S_IWUSR = 0o200, S_IXUSR = 0o100;
export const S_IRWXG = 0o070, S_IRGRP = 0o040, S_IWGRP = 0o020, S_IXGRP = 0o010;
export const S_IRWXO = 0o007, S_IROTH = 0o004, S_IWOTH = 0o002, S_IXOTH = 0o001;
export const S_IRUGO = 0o444, S_IWUGO = 0o222, S_IXUGO = 0o111;

export const S_ISREG = (m: number) => (m & S_IFMT) === S_IFREG;
export const S_ISDIR = (m: number) => (m & S_IFMT) === S_IFDIR;
export const S_ISCHR = (m: number) => (m & S_IFMT) === S_IFCHR;
export const S_ISBLK = (m: number) => (m & S_IFMT) === S_IFBLK;
export const S_ISFIFO = (m: number) => (m & S_IFMT) === S_IFIFO;
export const S_ISLNK = (m: number) => (m & S_IFMT) === S_IFLNK;
export const S_ISSOCK = (m: number) => (m & S_IFMT) === S_IFSOCK;

/**
 * Device numbers as user space encodes them (glibc's <sys/sysmacros.h>): the minor's low byte, 12 bits of
 * major, 24 more bits of minor, then the major's upper bits. Kept in a double: exact for majors below 2^21.
 */
export function makedev(major: number, minor: number): number {
  return (minor % 256) + (major % 4096) * 2 ** 8 + Math.floor(minor / 256) * 2 ** 20 + Math.floor(major / 4096) * 2 ** 44;
}
export function major(dev: number): number {
  return Math.floor(dev / 2 ** 8) % 4096 + Math.floor(dev / 2 ** 44) * 4096;
}
export function minor(dev: number): number {
  return (dev % 256) + (Math.floor(dev / 2 ** 20) % 2 ** 24) * 256;
}

/**
 * struct stat as x86_64 lays it out (144 bytes): st_dev 0, st_ino 8, st_nlink 16, st_mode 24, st_uid 28,
 * st_gid 32, st_rdev 40, st_size 48, st_blksize 56, st_blocks 64, st_atime 72, st_mtime 88, st_ctime 104.
 */
export const STAT_SIZE = 144;
export interface Stat {
  dev: number; ino: number; nlink: number; mode: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number; atime: number; mtime: number; ctime: number;
  /** st_atim.tv_nsec, st_mtim.tv_nsec, st_ctim.tv_nsec (0..999,999,999); absent: 0. */
  atime_nsec?: number; mtime_nsec?: number; ctime_nsec?: number;
}
export function encodeStat(st: Stat): Uint8Array {
  const b = new Uint8Array(STAT_SIZE);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(st.dev), true);
  v.setBigUint64(8, BigInt(st.ino), true);
  v.setBigUint64(16, BigInt(st.nlink), true);
  v.setUint32(24, st.mode, true);
  v.setUint32(28, st.uid, true);
  v.setUint32(32, st.gid, true);
  v.setBigUint64(40, BigInt(st.rdev), true);
  v.setBigInt64(48, BigInt(st.size), true);
  v.setBigInt64(56, BigInt(st.blksize), true);
  v.setBigInt64(64, BigInt(st.blocks), true);
  v.setBigInt64(72, BigInt(Math.floor(st.atime)), true);
  v.setBigInt64(80, BigInt(st.atime_nsec ?? 0), true);
  v.setBigInt64(88, BigInt(Math.floor(st.mtime)), true);
  v.setBigInt64(96, BigInt(st.mtime_nsec ?? 0), true);
  v.setBigInt64(104, BigInt(Math.floor(st.ctime)), true);
  v.setBigInt64(112, BigInt(st.ctime_nsec ?? 0), true);
  return b;
}
export function decodeStat(b: Uint8Array): Stat {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = (o: number) => Number(v.getBigInt64(o, true));
  return {
    dev: n(0), ino: n(8), nlink: n(16), mode: v.getUint32(24, true), uid: v.getUint32(28, true),
    gid: v.getUint32(32, true), rdev: n(40), size: n(48), blksize: n(56), blocks: n(64),
    atime: n(72), mtime: n(88), ctime: n(104), atime_nsec: n(80), mtime_nsec: n(96), ctime_nsec: n(112),
  };
}

/** utimensat's tv_nsec values: set that time to now, or leave it alone. */
export const UTIME_NOW = (1 << 30) - 1;
export const UTIME_OMIT = (1 << 30) - 2;
