// lkdtm (drivers/misc/lkdtm): the Linux Kernel Dump Test Module. Writing the name of a crash type to
// /sys/kernel/debug/provoke-crash/DIRECT makes that write fault inside the kernel, as a bug there would:
// for tests of what a fault does to the kernel, and of the harnesses that must notice one.
//
//   insmod lkdtm && echo BUG > /sys/kernel/debug/provoke-crash/DIRECT
//
// BUG is BUG(): the kernel gives up (an Error thrown); EXCEPTION is a dereference of a null pointer (the
// engine's TypeError).
import type { ModuleDef } from '../kernel/module.js';
import type { Dentry, FileOperations } from '../fs/fs.js';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove } from '../fs/debugfs/inode.js';
import { copy_from_user } from '../mm/uaccess.js';
import { pr_info } from '../kernel/printk.js';
import { EFAULT, EINVAL, ENOMEM } from '../uapi/errno.js';

const crash_types = new Map<string, () => never>([
  ['BUG', () => { throw new Error('kernel BUG at drivers/misc/lkdtm'); }],
  ['EXCEPTION', () => (null as unknown as { deref: () => never }).deref()],
]);

/** The longest name a write is read for. */
const NAME_MAX = 32;

export default function lkdtm(): ModuleDef {
  let dir: Dentry | null = null;
  const direct_fops: FileOperations = {
    write(_file, buf, count) {
      const k = new Uint8Array(Math.min(count, NAME_MAX));
      if (copy_from_user(k, buf, k.length)) return -EFAULT;
      const name = new TextDecoder().decode(k).trim();
      const crash = crash_types.get(name);
      if (!crash) return -EINVAL;
      pr_info(`lkdtm: Performing direct entry ${name}`);
      return crash();
    },
  };
  return {
    license: 'GPL',
    description: 'Linux Kernel Dump Test Module: faults in the kernel on request',
    init(THIS_MODULE) {
      direct_fops.owner = THIS_MODULE;
      dir = debugfs_create_dir('provoke-crash', null);
      if (!dir || !debugfs_create_file('DIRECT', 0o200, dir, null, direct_fops)) {
        debugfs_remove(dir);
        return -ENOMEM;
      }
      return 0;
    },
    exit() {
      debugfs_remove(dir);
    },
  };
}
