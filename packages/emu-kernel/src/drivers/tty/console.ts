// The machine's terminals. /dev/console (5,1) and /dev/tty (5,0) read the host's input and write to the
// host's standard output; /dev/ttyS0 (4,64), a serial line in Linux terms, is wired to the host's standard
// error so the shell's fd 2 reaches the host's stderr.
import { EFAULT } from '../../uapi/errno.js';
import { MINOR, MAJOR } from '../../kernel/kdev_t.js';
import { TCGETS, TIOCGWINSZ } from '../../uapi/ioctl.js';
import type { FileOperations } from '../../fs/fs.js';
import { copy_from_user, copy_to_user, put_user } from '../../mm/uaccess.js';
import { TtyInput } from './tty_buffer.js';
import { register_chrdev } from '../char/chrdev.js';
import { host } from '../../kernel/host.js';

export const TTYAUX_MAJOR = 5, TTY_MAJOR = 4;

let input = new TtyInput();
let listening = false;

function start_input(): void {
  if (listening) return;
  listening = true;
  const inp = input;
  host().consoleInput((data) => inp.push(data));
}

const tty_fops: FileOperations = {
  read(file, buf, count) {
    start_input();
    return input.read(file, buf, count);
  },
  write(file, buf, count) {
    const data = new Uint8Array(count);
    if (copy_from_user(data, buf, count)) return -EFAULT;
    const isErr = MAJOR(file.f_inode.i_rdev) === TTY_MAJOR && MINOR(file.f_inode.i_rdev) === 64;
    host().consoleWrite(isErr ? 'stderr' : 'stdout', data);
    return count;
  },
  poll(file, wait) {
    start_input();
    return input.poll(file, wait);
  },
  unlocked_ioctl(_file, cmd, arg) {
    if (cmd === TIOCGWINSZ) {
      const b = new Uint8Array(8);
      const v = new DataView(b.buffer);
      v.setUint16(0, 24, true);
      v.setUint16(2, 80, true);
      return copy_to_user(arg, b) ? -EFAULT : 0;
    }
    if (cmd === TCGETS) return put_user(0, arg, 4) ? -EFAULT : 0;
    return -25;
  },
  llseek: () => -29,
};

export function console_init(): void {
  input = new TtyInput();
  listening = false;
  register_chrdev(TTYAUX_MAJOR, '/dev/tty', tty_fops);
  register_chrdev(TTY_MAJOR, 'ttyS', tty_fops);
}
