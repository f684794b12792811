// dup, dup2, fcntl (fs/fcntl.c, fs/file.c).
import { EBADF, EINVAL } from '../uapi/errno.js';
import { F_DUPFD, F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, O_APPEND, O_NONBLOCK } from '../uapi/fcntl.js';
import type { Task } from '../kernel/task.js';
import { get_file, filp_close } from './file.js';
import { vcaller } from './fs_struct.js';

export const FIOCLEX = 0x5451, FIONCLEX = 0x5450;

export function sys_dup(task: Task, fd: number): number {
  const f = task.files.lookup_fd_raw(fd);
  if (!f) return -EBADF;
  const nfd = task.files.get_unused_fd();
  if (nfd < 0) return nfd;
  task.files.fd_install(nfd, get_file(f));
  return nfd;
}

export async function sys_dup2(task: Task, oldfd: number, newfd: number): Promise<number> {
  const f = task.files.lookup_fd_raw(oldfd);
  if (!f) return -EBADF;
  if (!Number.isInteger(newfd) || newfd < 0 || newfd >= task.files.max) return -EBADF;
  if (oldfd === newfd) return newfd;
  const old = task.files.lookup_fd_raw(newfd);
  task.files.fd_install(newfd, get_file(f));
  if (old) await filp_close(old, vcaller(task));
  return newfd;
}

export function sys_fcntl(task: Task, fd: number, cmd: number, arg: number): number {
  const e = task.files.entry(fd);
  if (!e) return -EBADF;
  switch (cmd) {
    case F_DUPFD: {
      // The lowest descriptor at or above arg; arg is unsigned in Linux, so a negative one is past the limit.
      if (arg < 0 || arg >= task.files.max) return -EINVAL;
      const nfd = task.files.get_unused_fd(arg);
      if (nfd < 0) return nfd;
      task.files.fd_install(nfd, get_file(e.file));
      return nfd;
    }
    case F_GETFD: return e.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD: e.cloexec = (arg & FD_CLOEXEC) !== 0; return 0;
    case F_GETFL: return e.file.f_flags;
    case F_SETFL: {
      const settable = O_APPEND | O_NONBLOCK;
      e.file.f_flags = (e.file.f_flags & ~settable) | (arg & settable);
      return 0;
    }
    default: return -EINVAL;
  }
}
