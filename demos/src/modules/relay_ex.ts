// insmod relay_ex [subbuf_size=64] [n_subbufs=4] [overwrite=0]: a relay channel with files
// /sys/kernel/debug/relay_ex/cpuN. ioctl(/dev/relay_ex, RELAY_EX_WRITE, n) writes n records
// "record K\n" (of growing length, so sub-buffers end in padding); RELAY_EX_FLUSH ends the current
// sub-buffer. /sys/kernel/debug/relay_ex/stats shows what subbuf_start saw: sub-buffers started,
// padding bytes, records written and dropped. overwrite=0 drops records while full (no-overwrite);
// overwrite=1 overwrites the oldest sub-buffer.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { relay_open, relay_close, relay_write, relay_flush, relay_buf_full, type Rchan } from '@urfs/emu-kernel/kernel/relay';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove_recursive } from '@urfs/emu-kernel/fs/debugfs/inode';
import { simple_read_from_buffer } from '@urfs/emu-kernel/fs/libfs';
import { register_chrdev, unregister_chrdev } from '@urfs/emu-kernel/drivers/char/chrdev';
import { devtmpfs_create_node, devtmpfs_delete_node } from '@urfs/emu-kernel/fs/devtmpfs';
import { EINVAL, ENOMEM, ENOTTY } from '@urfs/emu-kernel/uapi/errno';
import type { Dentry, FileOperations } from '@urfs/emu-kernel/fs/fs';
import { RELAY_EX_WRITE, RELAY_EX_FLUSH, RELAY_EX_MAX_RECORDS } from '../msg/relay_ex_abi.js';

export default function relay_ex(): ModuleDef {
  const params = {
    subbuf_size: module_param('int', 64, 0o444, 'Bytes per sub-buffer'),
    n_subbufs: module_param('int', 4, 0o444, 'Sub-buffers per CPU'),
    overwrite: module_param('bool', false, 0o444, 'Overwrite the oldest sub-buffer when full (else drop)'),
  };
  let chan: Rchan | null = null;
  let dir: Dentry | null = null;
  let major = 0, next = 1;
  const st = { started: 0, padding: 0, written: 0, dropped: 0 };
  const enc = new TextEncoder();
  const fops: FileOperations = {
    unlocked_ioctl(_f, cmd, arg) {
      if (!chan) return -EINVAL;
      if (cmd === RELAY_EX_FLUSH) {
        relay_flush(chan);
        return 0;
      }
      if (cmd !== RELAY_EX_WRITE) return -ENOTTY;
      const n = arg.addr;
      if (!Number.isInteger(n) || n < 1 || n > RELAY_EX_MAX_RECORDS) return -EINVAL;
      for (let i = 0; i < n; i++) {
        const rec = enc.encode(`record ${next++}\n`);
        if (relay_write(chan, rec)) st.written++;
        else st.dropped++;
      }
      return 0;
    },
  };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Relay channel demo: ioctl on /dev/relay_ex writes records, read them from debugfs',
    params,
    init(): number {
      const size = Number(params.subbuf_size.value), n = Number(params.n_subbufs.value);
      const overwrite = Boolean(params.overwrite.value);
      if (size < 16 || size > 65536 || n < 2 || n > 256) return -EINVAL;
      dir = debugfs_create_dir('relay_ex', null);
      if (!dir) return -ENOMEM;
      chan = relay_open('cpu', dir, size, n, {
        subbuf_start(buf, _sub, _prev, prev_padding) {
          if (relay_buf_full(buf) && !overwrite) return false;
          st.started++;
          st.padding += prev_padding;
          return true;
        },
      });
      if (!chan) {
        debugfs_remove_recursive(dir);
        return -ENOMEM;
      }
      debugfs_create_file('stats', 0o444, dir, null, {
        read: (_f, b, c, p) => simple_read_from_buffer(b, c, p, enc.encode(
          `mode ${overwrite ? 'overwrite' : 'no-overwrite'}\nsubbufs started ${st.started}\npadding ${st.padding}\nwritten ${st.written}\ndropped ${st.dropped}\n`)),
      });
      major = register_chrdev(0, 'relay_ex', fops);
      if (major < 0) {
        relay_close(chan);
        debugfs_remove_recursive(dir);
        return major;
      }
      devtmpfs_create_node('relay_ex', major, 0, 0o666);
      pr_info(`relay_ex: ${n} sub-buffers of ${size} bytes per CPU, ${overwrite ? 'overwrite' : 'no-overwrite'} mode`);
      return 0;
    },
    exit(): void {
      devtmpfs_delete_node('relay_ex');
      unregister_chrdev(major, 'relay_ex');
      relay_close(chan);
      debugfs_remove_recursive(dir);
      chan = null;
    },
  };
}
