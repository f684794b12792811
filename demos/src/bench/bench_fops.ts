// The file operations the character-device and debugfs benchmark modules share: write copies the user
// buffer into the module's buffer, read copies it back (one copy each way, as in the thesis), and ioctl
// BENCH_CHR_NULL does nothing (the null round trip).
import type { Module } from '@urfs/emu-kernel/kernel/module';
import type { FileOperations } from '@urfs/emu-kernel/fs/fs';
import { copy_from_user, copy_to_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOTTY } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_CHR_NULL, BENCH_MAX } from './bench_abi.js';

export function bench_rw_fops(owner: Module, kbuf: Uint8Array): FileOperations {
  return {
    owner,
    read(_file, buf, count) {
      if (count > BENCH_MAX) return -EINVAL;
      return copy_to_user(buf, kbuf, count) ? -EFAULT : count;
    },
    write(_file, buf, count) {
      if (count > BENCH_MAX) return -EINVAL;
      return copy_from_user(kbuf, buf, count) ? -EFAULT : count;
    },
    unlocked_ioctl(_file, cmd) {
      return cmd === BENCH_CHR_NULL ? 0 : -ENOTTY;
    },
  };
}
