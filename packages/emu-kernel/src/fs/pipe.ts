// Pipes and fifos (fs/pipe.c): a 64 KiB ring per pipe, blocking reads and writes, EOF when the last writer
// goes, EPIPE and SIGPIPE when the last reader goes.
import { EAGAIN, EFAULT, EPIPE, ERESTARTSYS, ESPIPE } from '../uapi/errno.js';
import { O_ACCMODE, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY } from '../uapi/fcntl.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../uapi/poll.js';
import { S_IFIFO } from '../uapi/stat.js';
import { SIGPIPE } from '../uapi/signal.js';
import { Dentry, SuperBlock, type VfsMount, type File, type FileOperations, type FileSystemType, type Inode } from './fs.js';
import { new_inode, set_special_fops } from './inode.js';
import { WaitQueueHead, wait_event_interruptible } from '../kernel/wait.js';
import { copy_from_user, copy_to_user } from '../mm/uaccess.js';
import { poll_wait } from './poll_table.js';
import { current } from '../kernel/task.js';
import { send_sig } from '../kernel/signal.js';
import { PIPEFS_MAGIC } from '../uapi/statfs.js';

export const PIPE_BUF = 4096;
export const PIPE_DEF_BUFFER = 65536;

export class PipeInode {
  readonly buf = new Uint8Array(PIPE_DEF_BUFFER);
  head = 0;
  len = 0;
  readers = 0;
  writers = 0;
  /** Counts opens so a fifo reader can wait for its first writer. */
  w_counter = 0;
  r_counter = 0;
  readonly rd_wait = new WaitQueueHead();
  readonly wr_wait = new WaitQueueHead();
}

function pipe_of(file: File): PipeInode {
  return file.private_data as PipeInode;
}

async function pipe_read(file: File, ubuf: import('../mm/uaccess.js').UserPtr, count: number): Promise<number> {
  const p = pipe_of(file);
  const task = current();
  if (count === 0) return 0;
  while (p.len === 0) {
    if (p.writers === 0) return 0;
    if (file.f_flags & O_NONBLOCK) return -EAGAIN;
    if (await wait_event_interruptible(p.rd_wait, () => p.len > 0 || p.writers === 0, task)) return -ERESTARTSYS;
  }
  const n = Math.min(count, p.len);
  const first = Math.min(n, p.buf.length - p.head);
  if (copy_to_user(ubuf, p.buf.subarray(p.head, p.head + first), first)) return -EFAULT;
  if (n > first && copy_to_user(ubuf.add(first), p.buf.subarray(0, n - first), n - first)) return -EFAULT;
  p.head = (p.head + n) % p.buf.length;
  p.len -= n;
  p.wr_wait.wake();
  return n;
}

async function pipe_write(file: File, ubuf: import('../mm/uaccess.js').UserPtr, count: number): Promise<number> {
  const p = pipe_of(file);
  const task = current();
  let done = 0;
  const data = new Uint8Array(count);
  if (copy_from_user(data, ubuf, count)) return -EFAULT;
  while (done < count) {
    if (p.readers === 0) {
      if (task) send_sig(SIGPIPE, task, 0);
      return done || -EPIPE;
    }
    const room = p.buf.length - p.len;
    // Writes of at most PIPE_BUF bytes are atomic: wait until all of it fits.
    const need = count - done <= PIPE_BUF ? count - done : 1;
    if (room < need) {
      if (file.f_flags & O_NONBLOCK) return done || -EAGAIN;
      if (await wait_event_interruptible(p.wr_wait, () => p.buf.length - p.len >= need || p.readers === 0, task)) {
        return done || -ERESTARTSYS;
      }
      continue;
    }
    const n = Math.min(room, count - done);
    let tail = (p.head + p.len) % p.buf.length;
    let left = n, off = done;
    while (left > 0) {
      const chunk = Math.min(left, p.buf.length - tail);
      p.buf.set(data.subarray(off, off + chunk), tail);
      tail = (tail + chunk) % p.buf.length;
      off += chunk;
      left -= chunk;
    }
    p.len += n;
    done += n;
    p.rd_wait.wake();
  }
  return done;
}

function pipe_poll(file: File, wait: import('./poll_table.js').PollTable): number {
  const p = pipe_of(file);
  poll_wait(file, p.rd_wait, wait);
  poll_wait(file, p.wr_wait, wait);
  let mask = 0;
  const acc = file.f_flags & O_ACCMODE;
  if (acc !== O_WRONLY) {
    if (p.len > 0) mask |= POLLIN | POLLRDNORM;
    if (p.writers === 0 && p.w_counter > 0) mask |= POLLHUP;
  }
  if (acc !== O_RDONLY) {
    if (p.len < p.buf.length) mask |= POLLOUT | POLLWRNORM;
    if (p.readers === 0) mask |= POLLERR;
  }
  return mask;
}

function pipe_release(_inode: Inode, file: File): number {
  const p = pipe_of(file);
  const acc = file.f_flags & O_ACCMODE;
  if (acc === O_RDONLY || acc === O_RDWR) p.readers--;
  if (acc === O_WRONLY || acc === O_RDWR) p.writers--;
  p.rd_wait.wake();
  p.wr_wait.wake();
  return 0;
}

export const pipefifo_fops: FileOperations = {
  read: (file, buf, count) => pipe_read(file, buf, count),
  write: (file, buf, count) => pipe_write(file, buf, count),
  llseek: () => -ESPIPE,
  poll: pipe_poll,
  release: pipe_release,
};

/** fifo inodes share one pipe per inode while open. */
const fifo_pipes = new WeakMap<Inode, PipeInode>();

const fifo_open_fops: FileOperations = {
  async open(inode, file) {
    let p = fifo_pipes.get(inode);
    if (!p) {
      p = new PipeInode();
      fifo_pipes.set(inode, p);
    }
    file.private_data = p;
    file.f_op = pipefifo_fops;
    const task = current();
    const acc = file.f_flags & O_ACCMODE;
    const pipe = p;
    // A pipe reopened through /proc/PID/fd never waits for a partner: its other end may be gone for good.
    const is_pipe = inode.i_sb.s_magic === PIPEFS_MAGIC;
    if (acc === O_RDONLY) {
      p.readers++;
      p.r_counter++;
      p.wr_wait.wake();
      if (!is_pipe && !(file.f_flags & O_NONBLOCK) && p.writers === 0) {
        const start = p.w_counter;
        if (await wait_event_interruptible(p.rd_wait, () => pipe.w_counter !== start, task)) {
          p.readers--;
          return -ERESTARTSYS;
        }
      }
    } else if (acc === O_WRONLY) {
      if (!is_pipe && file.f_flags & O_NONBLOCK && p.readers === 0) return -6; // ENXIO
      p.writers++;
      p.w_counter++;
      p.rd_wait.wake();
      if (!is_pipe && p.readers === 0) {
        const start = p.r_counter;
        if (await wait_event_interruptible(p.wr_wait, () => pipe.r_counter !== start, task)) {
          p.writers--;
          return -ERESTARTSYS;
        }
      }
    } else {
      p.readers++;
      p.writers++;
      p.r_counter++;
      p.w_counter++;
      p.rd_wait.wake();
      p.wr_wait.wake();
    }
    return 0;
  },
};

/** pipefs: the anonymous inodes behind pipe(2). */
const pipefs_type: FileSystemType = {
  name: 'pipefs',
  mount() {
    const sb = new SuperBlock(pipefs_type, 0);
    sb.s_magic = PIPEFS_MAGIC;
    sb.s_root = new Dentry('pipe:', null, sb);
    return sb;
  },
};
let pipe_sb: SuperBlock | null = null;

export function pipe_init(): void {
  pipe_sb = pipefs_type.mount('pipefs', '') as SuperBlock;
  set_special_fops('fifo', fifo_open_fops);
}

/** A new pipe: an inode in pipefs and its buffer (create_pipe_files). */
export function create_pipe(): { inode: Inode; dentry: Dentry; pipe: PipeInode } {
  const sb = pipe_sb!;
  const inode = new_inode(sb, S_IFIFO | 0o600);
  // pipe(2) makes its two files itself; an open of the inode (through /proc/PID/fd) joins the pipe as a fifo's.
  inode.i_fop = fifo_open_fops;
  const pipe = new PipeInode();
  fifo_pipes.set(inode, pipe);
  pipe.readers = 1;
  pipe.writers = 1;
  pipe.r_counter = pipe.w_counter = 1;
  const dentry = new Dentry(`pipe:[${inode.i_ino}]`, sb.s_root, sb);
  dentry.d_inode = inode;
  return { inode, dentry, pipe };
}
/** The internal mount pipes live on (never attached to the tree, as Linux's pipe_mnt). */
export function pipe_mnt(): VfsMount {
  const sb = pipe_sb!;
  const m = { mnt_root: sb.s_root, mnt_sb: sb, mnt_mountpoint: sb.s_root, mnt_devname: 'pipefs', mnt_fstype: 'pipefs',
    mnt_opts: '' } as VfsMount;
  m.mnt_parent = m;
  return m;
}
