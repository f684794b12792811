// pipe2(2): two descriptors on one new pipe.
import { EFAULT, EINVAL } from '../uapi/errno.js';
import { O_CLOEXEC, O_NONBLOCK, O_RDONLY, O_WRONLY } from '../uapi/fcntl.js';
import { File, FMODE_READ, FMODE_WRITE } from './fs.js';
import { create_pipe, pipefifo_fops, pipe_mnt } from './pipe.js';
import type { Task } from '../kernel/task.js';
import { UserPtr, copy_to_user } from '../mm/uaccess.js';

export function sys_pipe2(task: Task, fildes: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const { inode, dentry, pipe } = create_pipe();
  const path = { mnt: pipe_mnt(), dentry };
  const r = new File(path, inode, O_RDONLY | (flags & O_NONBLOCK), FMODE_READ, task.cred);
  const w = new File(path, inode, O_WRONLY | (flags & O_NONBLOCK), FMODE_WRITE, task.cred);
  r.private_data = w.private_data = pipe;
  r.f_op = w.f_op = pipefifo_fops;
  const fd0 = task.files.get_unused_fd();
  if (fd0 < 0) return fd0;
  task.files.fd_install(fd0, r, (flags & O_CLOEXEC) !== 0);
  const fd1 = task.files.get_unused_fd();
  if (fd1 < 0) {
    task.files.remove(fd0);
    return fd1;
  }
  task.files.fd_install(fd1, w, (flags & O_CLOEXEC) !== 0);
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setInt32(0, fd0, true);
  v.setInt32(4, fd1, true);
  if (copy_to_user(new UserPtr(task.mm, fildes), out)) {
    task.files.remove(fd0);
    task.files.remove(fd1);
    return -EFAULT;
  }
  return 0;
}
