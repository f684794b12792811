// A task's view of the file system for path walks (include/linux/fs_struct.h).
import type { Task } from '../kernel/task.js';
import type { NameiCtx } from './namei.js';
import type { VfsCaller } from './vfs_hook.js';
import type { Path } from './fs.js';

export function nctx(task: Task): NameiCtx {
  return { pid: task.pid, cred: task.cred, root: task.fs.root, pwd: task.fs.pwd, umask: task.umask };
}
export function vcaller(task: Task, path?: Path): VfsCaller {
  return { pid: task.pid, cred: task.cred, path };
}
