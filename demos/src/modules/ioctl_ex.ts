// ioctl_ex: a character device with a dynamic major and its node /dev/ioctl_ex (0666). ioctl moves messages
// of up to 200 bytes each way (see ../mechanisms/ioctl_ex_uapi.ts for the commands); an unknown command is
// ENOTTY. write() posts a message for readers, read() takes the pending one; poll() says POLLIN while one
// is pending, and sleepers are woken (wake_up_interruptible) when a message arrives, also from a timer
// (IOCTL_EX_POST_LATER) so a program can be seen waiting on several descriptors at once.
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { register_chrdev, unregister_chrdev } from '@urfs/emu-kernel/drivers/char/chrdev';
import { devtmpfs_create_node, devtmpfs_delete_node } from '@urfs/emu-kernel/fs/devtmpfs';
import type { FileOperations } from '@urfs/emu-kernel/fs/fs';
import { copy_from_user, copy_to_user, type UserPtr } from '@urfs/emu-kernel/mm/uaccess';
import { poll_wait } from '@urfs/emu-kernel/fs/poll_table';
import { init_waitqueue_head, wake_up_interruptible, wait_event_interruptible } from '@urfs/emu-kernel/kernel/wait';
import { timer_setup, mod_timer, del_timer_sync, jiffies, msecs_to_jiffies } from '@urfs/emu-kernel/kernel/timer';
import { _IOC_TYPE, _IOC_SIZE } from '@urfs/emu-kernel/uapi/ioctl';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '@urfs/emu-kernel/uapi/poll';
import { EFAULT, EINVAL, ENOTTY, EAGAIN, ERESTARTSYS } from '@urfs/emu-kernel/uapi/errno';
import { O_NONBLOCK } from '@urfs/emu-kernel/uapi/fcntl';
import {
  IOCTL_EX_NAME, IOCTL_EX_MSG_SIZE, IOCTL_EX_MAGIC, IOCTL_EX_RESET, IOCTL_EX_GET_MSG, IOCTL_EX_SET_MSG, IOCTL_EX_XCHG,
  IOCTL_EX_POST_LATER, ioctl_ex_reply,
} from '../mechanisms/ioctl_ex_uapi.js';

const enc = new TextEncoder(), dec = new TextDecoder();
const KERNEL_MSG = 'Hello from the kernel (ioctl_ex)';

/** The NUL-terminated string in a user message buffer, or a -errno. */
function get_msg(arg: UserPtr): string | number {
  const b = new Uint8Array(IOCTL_EX_MSG_SIZE);
  if (copy_from_user(b, arg, b.length)) return -EFAULT;
  const nul = b.indexOf(0);
  if (nul < 0) return -EINVAL; // 200 bytes and no terminator: too long
  return dec.decode(b.subarray(0, nul));
}
/** Copies `s` into a user message buffer, cut to 199 bytes plus NUL. */
function put_msg(arg: UserPtr, s: string): number {
  const b = new Uint8Array(IOCTL_EX_MSG_SIZE);
  b.set(enc.encode(s).subarray(0, IOCTL_EX_MSG_SIZE - 1));
  return copy_to_user(arg, b, b.length) ? -EFAULT : 0;
}

export default function ioctl_ex(): ModuleDef {
  let major = 0;
  let kmsg = KERNEL_MSG;
  /** The message posted for readers (write, SET_MSG, the timer), or null. */
  let pending: Uint8Array | null = null;
  const wq = init_waitqueue_head();
  const post = (s: string | Uint8Array): void => {
    pending = typeof s === 'string' ? enc.encode(s) : s;
    wake_up_interruptible(wq);
  };
  const timer = timer_setup(() => post('timer message from ioctl_ex\n'));

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Character device with ioctl (_IO/_IOR/_IOW/_IOWR), read/write and poll',
    version: '0.1',
    init(THIS_MODULE: Module): number {
      const fops: FileOperations = {
        owner: THIS_MODULE,
        async read(file, buf, count) {
          if (!pending) {
            if (file.f_flags & O_NONBLOCK) return -EAGAIN;
            const r = await wait_event_interruptible(wq, () => pending !== null);
            if (r) return -ERESTARTSYS;
          }
          const m = pending!;
          const n = Math.min(count, m.length);
          if (copy_to_user(buf, m.subarray(0, n), n)) return -EFAULT;
          pending = n < m.length ? m.subarray(n) : null;
          return n;
        },
        write(_file, buf, count) {
          if (count > IOCTL_EX_MSG_SIZE) return -EINVAL;
          const b = new Uint8Array(count);
          if (copy_from_user(b, buf, count)) return -EFAULT;
          pr_info(`ioctl_ex: write of ${count} bytes: ${dec.decode(b).trimEnd()}`);
          post(b);
          return count;
        },
        poll(file, pt) {
          poll_wait(file, wq, pt);
          return (pending ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
        },
        unlocked_ioctl(_file, cmd, arg) {
          if (_IOC_TYPE(cmd) !== IOCTL_EX_MAGIC.charCodeAt(0)) return -ENOTTY;
          switch (cmd) {
            case IOCTL_EX_RESET:
              kmsg = KERNEL_MSG;
              pending = null;
              pr_info('ioctl_ex: reset');
              return 0;
            case IOCTL_EX_GET_MSG:
              pr_info(`ioctl_ex: GET_MSG (${_IOC_SIZE(cmd)} bytes): giving "${kmsg}"`);
              return put_msg(arg, kmsg);
            case IOCTL_EX_SET_MSG: {
              const m = get_msg(arg);
              if (typeof m === 'number') return m;
              pr_info(`ioctl_ex: SET_MSG: user says "${m}"`);
              post(m + '\n');
              return 0;
            }
            case IOCTL_EX_XCHG: {
              const m = get_msg(arg);
              if (typeof m === 'number') return m;
              pr_info(`ioctl_ex: XCHG: got "${m}"`);
              return put_msg(arg, ioctl_ex_reply(m));
            }
            case IOCTL_EX_POST_LATER: {
              const ms = arg.value;
              if (ms < 0 || ms > 60000) return -EINVAL;
              mod_timer(timer, jiffies() + msecs_to_jiffies(ms));
              return 0;
            }
            default:
              return -ENOTTY;
          }
        },
      };
      const r = register_chrdev(0, IOCTL_EX_NAME, fops);
      if (r < 0) return r;
      major = r;
      const d = devtmpfs_create_node(IOCTL_EX_NAME, major, 0, 0o666);
      if (typeof d === 'number') {
        unregister_chrdev(major, IOCTL_EX_NAME);
        return d;
      }
      pr_info(`ioctl_ex: registered, major ${major}, /dev/${IOCTL_EX_NAME}`);
      return 0;
    },
    exit(): void {
      del_timer_sync(timer);
      devtmpfs_delete_node(IOCTL_EX_NAME);
      unregister_chrdev(major, IOCTL_EX_NAME);
      pr_info('ioctl_ex: unregistered');
    },
  };
}
