// The input side of a terminal: chunks the host typed or sent, read in order, blocking (interruptibly)
// until some arrive or input ends. Shared by the console and the host-attached hvc terminals.
import { EAGAIN, EFAULT, ERESTARTSYS } from '../../uapi/errno.js';
import { O_NONBLOCK } from '../../uapi/fcntl.js';
import { POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../../uapi/poll.js';
import type { File } from '../../fs/fs.js';
import { poll_wait, type PollTable } from '../../fs/poll_table.js';
import { copy_to_user, type UserPtr } from '../../mm/uaccess.js';
import { WaitQueueHead, wait_event_interruptible } from '../../kernel/wait.js';
import { current } from '../../kernel/task.js';

export class TtyInput {
  private chunks: Uint8Array[] = [];
  private eof = false;
  private readonly wq = new WaitQueueHead();

  /** Queues host input; null marks its end. */
  push(data: Uint8Array | null): void {
    if (data === null) this.eof = true;
    else if (data.length) this.chunks.push(data);
    this.wq.wake();
  }

  async read(file: File, buf: UserPtr, count: number): Promise<number> {
    const task = current();
    while (!this.chunks.length) {
      if (this.eof) return 0;
      if (file.f_flags & O_NONBLOCK) return -EAGAIN;
      if (await wait_event_interruptible(this.wq, () => this.chunks.length > 0 || this.eof, task)) return -ERESTARTSYS;
    }
    const c = this.chunks[0];
    const n = Math.min(count, c.length);
    if (copy_to_user(buf, c.subarray(0, n), n)) return -EFAULT;
    if (n === c.length) this.chunks.shift();
    else this.chunks[0] = c.subarray(n);
    return n;
  }

  poll(file: File, wait: PollTable | null): number {
    poll_wait(file, this.wq, wait);
    let mask = POLLOUT | POLLWRNORM;
    if (this.chunks.length) mask |= POLLIN | POLLRDNORM;
    if (this.eof) mask |= POLLIN | POLLHUP;
    return mask;
  }
}
