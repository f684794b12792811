// insmod redirfs: starts the framework (the VFS hook), the control device /dev/redirctl and the sysfs
// control /sys/fs/redirfs. Filter modules depend on it, so it cannot be unloaded while one is loaded;
// unloading drops whatever filters kernel code registered without a module.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { redirfs_init, redirfs_exit } from '../chain.js';
import { redirctl_init, redirctl_exit } from '../redirctl.js';
import { rfs_sysfs_init, rfs_sysfs_exit } from '../sysfs.js';

export default function redirfs(): ModuleDef {
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'RedirFS: the Redirecting FileSystem framework (VFS filters, /dev/redirctl, /sys/fs/redirfs)',
    version: '0.2',
    init(): number {
      let err = redirfs_init();
      if (err) return err;
      err = redirctl_init();
      if (err) {
        redirfs_exit();
        return err;
      }
      err = rfs_sysfs_init();
      if (err) {
        redirctl_exit();
        redirfs_exit();
        return err;
      }
      return 0;
    },
    exit(): void {
      rfs_sysfs_exit();
      redirctl_exit();
      redirfs_exit();
    },
  };
}
