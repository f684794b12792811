// bench_relay: the relay test of the benchmark (thesis ch. 4), kernel to user only. A relay channel with
// one sub-buffer of 2 MiB (files /sys/kernel/debug/bench_relay/cpuN) and a character device
// /dev/bench_relay whose ioctl BENCH_RELAY_FILL(count) writes `count` bytes of the module's buffer into
// the channel (copy 1) and flushes the sub-buffer; the program's read of the relay file is copy 2.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { misc_register, misc_deregister, MISC_DYNAMIC_MINOR, type MiscDevice } from '@urfs/emu-kernel/drivers/char/misc';
import type { FileOperations, Dentry } from '@urfs/emu-kernel/fs/fs';
import { relay_open, relay_close, relay_write, relay_flush, type Rchan } from '@urfs/emu-kernel/kernel/relay';
import { debugfs_create_dir, debugfs_remove_recursive } from '@urfs/emu-kernel/fs/debugfs/inode';
import { EINVAL, ENOMEM, ENOSPC, ENOTTY } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_MAX, BENCH_RELAY_FILL, BENCH_RELAY_NAME } from '../bench/bench_abi.js';

export default function bench_relay(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);
  let misc: MiscDevice | null = null;
  let dir: Dentry | null = null;
  let chan: Rchan | null = null;

  function cleanup(): void {
    relay_close(chan);
    chan = null;
    debugfs_remove_recursive(dir);
    dir = null;
  }

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark relay: an ioctl fills the sub-buffer, the program reads the relay file',
    init(THIS_MODULE: Module): number {
      dir = debugfs_create_dir(BENCH_RELAY_NAME, null);
      if (!dir) return -ENOMEM;
      chan = relay_open('cpu', dir, BENCH_MAX, 1);
      if (!chan) return cleanup(), -ENOMEM;
      const fops: FileOperations = {
        owner: THIS_MODULE,
        unlocked_ioctl(_file, cmd, arg) {
          if (cmd !== BENCH_RELAY_FILL) return -ENOTTY;
          const n = arg.value;
          if (n < 1 || n > BENCH_MAX) return -EINVAL;
          if (!relay_write(chan!, kbuf.subarray(0, n))) return -ENOSPC; // the reader has not taken the last fill
          relay_flush(chan!);
          return n;
        },
      };
      misc = { minor: MISC_DYNAMIC_MINOR, name: BENCH_RELAY_NAME, fops, mode: 0o666 };
      const r = misc_register(misc);
      if (r < 0) cleanup();
      return r;
    },
    exit(): void {
      if (misc) misc_deregister(misc);
      misc = null;
      cleanup();
    },
  };
}
