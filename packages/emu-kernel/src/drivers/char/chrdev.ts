// Character device registration (Linux keeps this in fs/char_dev.c; drivers find it here): majors,
// the open that routes a device inode to its driver, and /proc/devices.
import { EBUSY, EINVAL, ENXIO, ENODEV } from '../../uapi/errno.js';
import { MAJOR, MINOR } from '../../kernel/kdev_t.js';
import type { FileOperations } from '../../fs/fs.js';
import { set_special_fops } from '../../fs/inode.js';
import { try_module_get, module_put } from '../../kernel/module_types.js';

export const CHRDEV_MAJOR_MAX = 512;
/** Dynamic majors are handed out downwards from here, as Linux does (254..234, then 511..384). */
const DYNAMIC_MAJORS = [...Array.from({ length: 21 }, (_, i) => 254 - i), ...Array.from({ length: 128 }, (_, i) => 511 - i)];

interface CharDeviceStruct {
  major: number;
  baseminor: number;
  minorct: number;
  name: string;
  fops: FileOperations;
}
let chrdevs: CharDeviceStruct[] = [];

export function chrdev_init(): void {
  chrdevs = [];
  set_special_fops('chr', def_chr_fops);
}

/**
 * Registers `fops` for minors [baseminor, baseminor+count) of `major`; major 0 picks a free one.
 * Returns the major (dynamic) or 0, or -errno.
 */
export function __register_chrdev(major: number, baseminor: number, count: number, name: string,
  fops: FileOperations): number {
  if (!Number.isInteger(major) || major < 0 || major >= CHRDEV_MAJOR_MAX || count < 1) return -EINVAL;
  if (major === 0) {
    const free = DYNAMIC_MAJORS.find((m) => !chrdevs.some((c) => c.major === m));
    if (free === undefined) return -EBUSY;
    major = free;
  }
  const end = baseminor + count;
  if (chrdevs.some((c) => c.major === major && c.baseminor < end && baseminor < c.baseminor + c.minorct)) return -EBUSY;
  chrdevs.push({ major, baseminor, minorct: count, name, fops });
  return major;
}

/** register_chrdev(major, name, fops): all 256 minors. Returns the major for major 0, else 0, or -errno. */
export function register_chrdev(major: number, name: string, fops: FileOperations): number {
  const r = __register_chrdev(major, 0, 256, name, fops);
  return r < 0 ? r : major === 0 ? r : 0;
}

export function unregister_chrdev(major: number, name: string): void {
  chrdevs = chrdevs.filter((c) => !(c.major === major && c.name === name));
}

/** Undoes one __register_chrdev: the region that starts at `baseminor` of `major`. */
export function __unregister_chrdev(major: number, baseminor: number, count: number, name: string): void {
  chrdevs = chrdevs.filter((c) => !(c.major === major && c.baseminor === baseminor && c.minorct === count &&
    c.name === name));
}

/** alloc_chrdev_region: a dynamic major for `count` minors; returns the first dev_t or -errno. */
export function alloc_chrdev_region(baseminor: number, count: number, name: string, fops: FileOperations): number {
  const major = __register_chrdev(0, baseminor, count, name, fops);
  return major < 0 ? major : ((major << 20) | baseminor) >>> 0;
}

function lookup(dev: number): CharDeviceStruct | undefined {
  const ma = MAJOR(dev), mi = MINOR(dev);
  return chrdevs.find((c) => c.major === ma && mi >= c.baseminor && mi < c.baseminor + c.minorct);
}

/** The open of every character device inode: swaps in the driver's fops, then calls its open. */
const def_chr_fops: FileOperations = {
  async open(inode, file) {
    const cd = lookup(inode.i_rdev);
    if (!cd) return -ENXIO;
    if (!try_module_get(cd.fops.owner)) return -ENODEV;
    file.f_op = cd.fops;
    if (cd.fops.open) {
      const r = await cd.fops.open(inode, file);
      if (r < 0) {
        module_put(cd.fops.owner);
        return r;
      }
    }
    return 0;
  },
};

/** Lines of /proc/devices' "Character devices:" section. */
export function chrdev_show(): string {
  const seen = new Map<number, string>();
  for (const c of [...chrdevs].sort((a, b) => a.major - b.major)) if (!seen.has(c.major)) seen.set(c.major, c.name);
  return [...seen].map(([m, n]) => `${String(m).padStart(3, ' ')} ${n}\n`).join('');
}
