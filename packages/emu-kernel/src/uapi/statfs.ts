// struct statfs as x86_64 lays it out (asm-generic/statfs.h, 120 bytes), its f_flags bits, and the file
// system magic numbers of include/uapi/linux/magic.h for the file systems this machine has.
export const STATFS_SIZE = 120;
/** ST_VALID: f_flags is filled in (always, since Linux 2.6.36). */
export const ST_RDONLY = 0x0001, ST_NOSUID = 0x0002, ST_NODEV = 0x0004, ST_NOEXEC = 0x0008, ST_VALID = 0x0020,
  ST_NOATIME = 0x0400, ST_NODIRATIME = 0x0800, ST_RELATIME = 0x1000;

export const TMPFS_MAGIC = 0x01021994, PROC_SUPER_MAGIC = 0x9fa0, SYSFS_MAGIC = 0x62656572,
  DEBUGFS_MAGIC = 0x64626720, CONFIGFS_MAGIC = 0x62656570, PIPEFS_MAGIC = 0x50495045,
  SOCKFS_MAGIC = 0x534f434b, TRACEFS_MAGIC = 0x74726163;

export interface Statfs {
  f_type: number; f_bsize: number; f_blocks: number; f_bfree: number; f_bavail: number;
  f_files: number; f_ffree: number; f_fsid: [number, number]; f_namelen: number; f_frsize: number;
  f_flags: number;
}

// f_type 0, f_bsize 8, f_blocks 16, f_bfree 24, f_bavail 32, f_files 40, f_ffree 48, f_fsid 56 (2 x int),
// f_namelen 64, f_frsize 72, f_flags 80, f_spare 88..119.
export function encodeStatfs(s: Statfs): Uint8Array {
  const b = new Uint8Array(STATFS_SIZE);
  const v = new DataView(b.buffer);
  const u64 = (o: number, x: number) => v.setBigUint64(o, BigInt(x), true);
  u64(0, s.f_type); u64(8, s.f_bsize); u64(16, s.f_blocks); u64(24, s.f_bfree); u64(32, s.f_bavail);
  u64(40, s.f_files); u64(48, s.f_ffree);
  v.setInt32(56, s.f_fsid[0], true);
  v.setInt32(60, s.f_fsid[1], true);
  u64(64, s.f_namelen); u64(72, s.f_frsize); u64(80, s.f_flags);
  return b;
}

export function decodeStatfs(b: Uint8Array): Statfs {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = (o: number) => Number(v.getBigUint64(o, true));
  return {
    f_type: n(0), f_bsize: n(8), f_blocks: n(16), f_bfree: n(24), f_bavail: n(32), f_files: n(40), f_ffree: n(48),
    f_fsid: [v.getInt32(56, true), v.getInt32(60, true)], f_namelen: n(64), f_frsize: n(72), f_flags: n(80),
  };
}
