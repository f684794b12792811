// The machine's terminals. /dev/console (5,1) and /dev/tty (5,0) read the host's input and write to the
// host's standard output; /dev/ttyS0 (4,64), a serial line in Linux terms, is wired to the host's standard
// error so the shell's fd 2 reaches the host's stderr.
import { EAGAIN, EFAULT, ERESTARTSYS } from '../../uapi/errno.js';
import { O_NONBLOCK } from '../../uapi/fcntl.js';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, POLLHUP } from '../../uapi/poll.js';
import { MINOR, MAJOR } from '../../uapi/stat.js';
import { TCGETS, TIOCGWINSZ } from '../../uapi/ioctl.js';
import type { FileOperations } from '../../fs/fs.js';
import { copy_from_user, copy_to_user, put_user } from '../../mm/uaccess.js';
import { register_chrdev } from '../char/chrdev.js';
import { WaitQueueHead, wait_event_interruptible } from '../../kernel/wait.js';
import { current } from '../../kernel/task.js';
import { host } from '../../kernel/host.js';
import { poll_wait } from '../../fs/poll_table.js';

export const TTYAUX_MAJOR = 5, TTY_MAJOR = 4;

interface ConsoleInput {
  chunks: Uint8Array[];
  eof: boolean;
  wq: WaitQueueHead;
  listening: boolean;
}
let input: ConsoleInput = { chunks: [], eof: false, wq: new WaitQueueHead(), listening: false };

function start_input(): void {
  if (input.listening) return;
  input.listening = true;
  const inp = input;
  host().consoleInput((data) => {
    if (data === null) inp.eof = true;
    else inp.chunks.push(data);
    inp.wq.wake();
  });
}

const tty_fops: FileOperations = {
  async read(file, buf, count) {
    start_input();
    const task = current();
    while (!input.chunks.length) {
      if (input.eof) return 0;
      if (file.f_flags & O_NONBLOCK) return -EAGAIN;
      if (await wait_event_interruptible(input.wq, () => input.chunks.length > 0 || input.eof, task)) return -ERESTARTSYS;
    }
    const c = input.chunks[0];
    const n = Math.min(count, c.length);
    if (copy_to_user(buf, c.subarray(0, n), n)) return -EFAULT;
    if (n === c.length) input.chunks.shift();
    else input.chunks[0] = c.subarray(n);
    return n;
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
    poll_wait(file, input.wq, wait);
    let mask = POLLOUT | POLLWRNORM;
    if (input.chunks.length) mask |= POLLIN | POLLRDNORM;
    if (input.eof) mask |= POLLIN | POLLHUP;
    return mask;
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
  input = { chunks: [], eof: false, wq: new WaitQueueHead(), listening: false };
  register_chrdev(TTYAUX_MAJOR, '/dev/tty', tty_fops);
  register_chrdev(TTY_MAJOR, 'ttyS', tty_fops);
}
