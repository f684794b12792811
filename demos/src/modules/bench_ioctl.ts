// bench_ioctl: the ioctl test of the benchmark. /dev/bench_ioctl (0666) moves data through ioctl alone:
// the argument is a struct bench_xfer { u64 ptr; u64 len; } that the module copies in (16 bytes), then it
// copies `len` bytes from the user's `ptr` into its 2 MiB buffer (BENCH_IOC_WRITE) or out of it
// (BENCH_IOC_READ): one data copy each way, as for read/write on the character device, plus the struct.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { misc_register, misc_deregister, MISC_DYNAMIC_MINOR, type MiscDevice } from '@urfs/emu-kernel/drivers/char/misc';
import type { FileOperations } from '@urfs/emu-kernel/fs/fs';
import { UserPtr, copy_from_user, copy_to_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOTTY } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_IOCTL_NAME, BENCH_IOC_READ, BENCH_IOC_WRITE, BENCH_MAX, BENCH_XFER_SIZE } from '../bench/bench_abi.js';

export default function bench_ioctl(): ModuleDef {
  let misc: MiscDevice | null = null;
  const kbuf = new Uint8Array(BENCH_MAX);
  const xfer = new Uint8Array(BENCH_XFER_SIZE);
  const xv = new DataView(xfer.buffer);
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark ioctl: data through a {ptr, len} argument, copied in and out by the module',
    init(THIS_MODULE: Module): number {
      const fops: FileOperations = {
        owner: THIS_MODULE,
        unlocked_ioctl(_file, cmd, arg) {
          if (cmd !== BENCH_IOC_WRITE && cmd !== BENCH_IOC_READ) return -ENOTTY;
          if (copy_from_user(xfer, arg, BENCH_XFER_SIZE)) return -EFAULT;
          const ptr = Number(xv.getBigUint64(0, true)), len = Number(xv.getBigUint64(8, true));
          if (len > BENCH_MAX) return -EINVAL;
          const u = new UserPtr(arg.mm, ptr);
          if (cmd === BENCH_IOC_WRITE) return copy_from_user(kbuf, u, len) ? -EFAULT : len;
          return copy_to_user(u, kbuf, len) ? -EFAULT : len;
        },
      };
      misc = { minor: MISC_DYNAMIC_MINOR, name: BENCH_IOCTL_NAME, fops, mode: 0o666 };
      return misc_register(misc);
    },
    exit(): void {
      if (misc) misc_deregister(misc);
      misc = null;
    },
  };
}
