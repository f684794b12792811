// /dev/null and /dev/zero (drivers/char/mem.c), /dev/random and /dev/urandom (drivers/char/random.c):
// major 1, minors 3, 5, 8 and 9. Both random devices read the host's cryptographic generator (as Linux's
// do once the pool is initialised, neither blocks); writes are taken and change nothing.
import { EINVAL, ENXIO, EFAULT } from '../../uapi/errno.js';
import { MINOR } from '../../kernel/kdev_t.js';
import type { FileOperations } from '../../fs/fs.js';
import { copy_to_user } from '../../mm/uaccess.js';
import { register_chrdev } from './chrdev.js';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../../uapi/poll.js';
import { host } from '../../kernel/host.js';

export const MEM_MAJOR = 1;

const null_fops: FileOperations = {
  read: () => 0,
  write: (_f, _b, count) => count,
  llseek: (file) => (file.f_pos = 0),
  poll: () => POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM,
};

/** One page of zeros, reused for every read. */
const ZERO_PAGE = new Uint8Array(65536);
const zero_fops: FileOperations = {
  read(_file, buf, count) {
    if (count < 0) return -EINVAL;
    let done = 0;
    while (done < count) {
      const n = Math.min(ZERO_PAGE.length, count - done);
      if (copy_to_user(buf.add(done), ZERO_PAGE, n)) return done ? done : -EFAULT;
      done += n;
    }
    return done;
  },
  write: (_f, _b, count) => count,
  llseek: (file) => (file.f_pos = 0),
  poll: () => POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM,
};

/** A page of random bytes, refilled for every chunk handed out. */
const RANDOM_PAGE = new Uint8Array(65536);
const random_fops: FileOperations = {
  read(_file, buf, count) {
    if (count < 0) return -EINVAL;
    let done = 0;
    while (done < count) {
      const n = Math.min(RANDOM_PAGE.length, count - done);
      const chunk = RANDOM_PAGE.subarray(0, n);
      host().random(chunk);
      const failed = copy_to_user(buf.add(done), chunk, n);
      chunk.fill(0); // what a reader got stays nowhere in the kernel
      if (failed) return done ? done : -EFAULT;
      done += n;
    }
    return done;
  },
  write: (_f, _b, count) => count,
  llseek: (file) => (file.f_pos = 0),
  poll: () => POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM,
};

const devlist: Record<number, FileOperations> = { 3: null_fops, 5: zero_fops, 8: random_fops, 9: random_fops };

const memory_fops: FileOperations = {
  open(inode, file) {
    const fops = devlist[MINOR(inode.i_rdev)];
    if (!fops) return -ENXIO;
    file.f_op = fops;
    return 0;
  },
};

export function chr_dev_init(): number {
  return register_chrdev(MEM_MAJOR, 'mem', memory_fops);
}
