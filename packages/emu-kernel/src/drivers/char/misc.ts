// Miscellaneous character devices (drivers/char/misc.c): a driver with one device node registers a
// struct miscdevice instead of a whole major. Every misc device is a minor of major 10 ("misc" in
// /proc/devices); misc_register also creates its /dev node.
import { EBUSY, EINVAL } from '../../uapi/errno.js';
import type { FileOperations } from '../../fs/fs.js';
import { devtmpfs_create_node, devtmpfs_delete_node } from '../../fs/devtmpfs.js';
import { __register_chrdev, __unregister_chrdev } from './chrdev.js';

export const MISC_MAJOR = 10;
/** Asks misc_register to pick a free minor (written back into the miscdevice). */
export const MISC_DYNAMIC_MINOR = 255;
/** Dynamic minors are handed out downwards from 63, as Linux 2.6 did. */
const DYNAMIC_MINORS = 64;

export interface MiscDevice {
  minor: number;
  /** The node's name under /dev (may contain '/'). */
  name: string;
  fops: FileOperations;
  /** The node's permissions (default 0600). */
  mode?: number;
}

const used = new Set<number>();
const dynamic = new WeakSet<MiscDevice>();

/** Registers the device (a minor of major 10) and creates /dev/<name>. 0 or -errno. */
export function misc_register(misc: MiscDevice): number {
  let minor = misc.minor;
  if (minor === MISC_DYNAMIC_MINOR) {
    minor = -1;
    for (let m = DYNAMIC_MINORS - 1; m >= 0; m--) {
      if (!used.has(m)) {
        minor = m;
        break;
      }
    }
    if (minor < 0) return -EBUSY;
  } else if (!Number.isInteger(minor) || minor < 0 || minor > 255) {
    return -EINVAL;
  } else if (used.has(minor)) {
    return -EBUSY;
  }
  const r = __register_chrdev(MISC_MAJOR, minor, 1, 'misc', misc.fops);
  if (r < 0) return r;
  const node = devtmpfs_create_node(misc.name, MISC_MAJOR, minor, misc.mode ?? 0o600);
  if (typeof node === 'number') {
    __unregister_chrdev(MISC_MAJOR, minor, 1, 'misc');
    return node;
  }
  used.add(minor);
  if (misc.minor === MISC_DYNAMIC_MINOR) {
    dynamic.add(misc);
    misc.minor = minor;
  }
  return 0;
}

/** Removes the node and the registration; a dynamic minor goes back to MISC_DYNAMIC_MINOR. */
export function misc_deregister(misc: MiscDevice): void {
  if (!used.has(misc.minor)) return;
  devtmpfs_delete_node(misc.name);
  __unregister_chrdev(MISC_MAJOR, misc.minor, 1, 'misc');
  used.delete(misc.minor);
  if (dynamic.has(misc)) {
    dynamic.delete(misc);
    misc.minor = MISC_DYNAMIC_MINOR;
  }
}

/** Forgets every registration (a new boot). */
export function misc_init(): void {
  used.clear();
}
