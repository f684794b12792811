// ioctl(2) (fs/ioctl.c): a few generic commands, then the driver's unlocked_ioctl, else ENOTTY.
import { EBADF, ENOTTY, EFAULT } from '../uapi/errno.js';
import { FIONREAD } from '../uapi/ioctl.js';
import { S_ISREG } from '../uapi/stat.js';
import { UserPtr, put_user } from '../mm/uaccess.js';
import { vfs_dispatch } from './vfs_hook.js';
import type { Task } from '../kernel/task.js';
import { vcaller } from './fs_struct.js';
import { with_fd } from './file.js';
import type { File } from './fs.js';
import { FIOCLEX, FIONCLEX } from './fcntl.js';

export function sys_ioctl(task: Task, fd: number, cmd: number, arg: number): Promise<number> | number {
  cmd = cmd >>> 0;
  if (cmd === FIOCLEX || cmd === FIONCLEX) {
    const e = task.files.entry(fd);
    if (!e) return -EBADF;
    e.cloexec = cmd === FIOCLEX;
    return 0;
  }
  return with_fd(task, fd, (f) => do_vfs_ioctl(task, f, cmd, new UserPtr(task.mm, arg)));
}

function do_vfs_ioctl(task: Task, f: File, cmd: number, uarg: UserPtr): Promise<number> | number {
  if (cmd === FIONREAD && S_ISREG(f.f_inode.i_mode)) {
    return put_user(Math.max(0, f.f_inode.i_size - f.f_pos), uarg, 4) ? -EFAULT : 0;
  }
  if (!f.f_op.unlocked_ioctl) return -ENOTTY;
  return vfs_dispatch('ioctl', { file: f, cmd, arg: uarg }, vcaller(task, f.f_path), (a) =>
    a.file.f_op.unlocked_ioctl!(a.file, a.cmd, a.arg));
}
