// Device numbers inside the kernel (include/linux/kdev_t.h): 12 bits of major above 20 bits of minor.
// User space sees another encoding (glibc's makedev, uapi/stat.ts); the system calls convert at the
// boundary, as Linux's new_encode_dev / new_decode_dev do for stat and mknod.
export const MINORBITS = 20;
export const MINORMASK = (1 << MINORBITS) - 1;
export const MKDEV = (ma: number, mi: number) => ((ma << MINORBITS) | mi) >>> 0;
export const MAJOR = (dev: number) => dev >>> MINORBITS;
export const MINOR = (dev: number) => dev & MINORMASK;

/** The kernel's dev_t as user space encodes it: minor's low byte, major, then minor's upper bits. */
export function new_encode_dev(dev: number): number {
  const major = MAJOR(dev), minor = MINOR(dev);
  return ((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/**
 * A user dev_t (64 bits as glibc lays them out; the upper 32 carry only bits a 12-bit major or 20-bit
 * minor cannot have) as the kernel's.
 */
export function new_decode_dev(dev: number): number {
  const lo = dev % 2 ** 32;
  const major = (lo & 0xfff00) >>> 8;
  const minor = (lo & 0xff) | ((lo >>> 12) & 0xfff00);
  return MKDEV(major, minor);
}
