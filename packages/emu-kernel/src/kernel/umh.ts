// Usermode helpers (kernel/umh.c): the kernel starting a user program (an "upcall"), as root, with the
// argv and envp it gives and nothing else inherited. `wait` says how long the caller waits:
//   UMH_NO_WAIT    not at all; returns 0 at once (a failure to start is only logged, as Linux gives the
//                  caller no way to hear of it),
//   UMH_WAIT_EXEC  until the program is executing: 0, or the -errno exec failed with (-ENOENT missing),
//   UMH_WAIT_PROC  until it exits: its wait status (exit code << 8, or the killing signal), or -errno if
//                  it never started.
// The helper's descriptors 0, 1 and 2 are /dev/null, its cwd is /, its parent is the kernel (no process
// can wait for it, so it is reaped as soon as it exits).
import { EINVAL, ENOENT } from '../uapi/errno.js';
import { kernel_spawn } from '../init/main.js';
import { register_exit_notifier } from './exit.js';
import { pr_warn } from './printk.js';
import type { Task } from './task.js';

export const UMH_NO_WAIT = 0, UMH_WAIT_EXEC = 1, UMH_WAIT_PROC = 2, UMH_KILLABLE = 4;

/** The parts of struct subprocess_info this machine uses. */
export interface SubprocessInfo {
  path: string;
  argv: string[];
  envp: string[];
  wait: number;
  /** UMH_WAIT_PROC: the wait status, once the helper has exited. */
  retval: number;
  /** The helper's pid once started. */
  pid: number;
}

/** call_usermodehelper_setup. */
export function call_usermodehelper_setup(path: string, argv: string[], envp: string[]): SubprocessInfo {
  return { path, argv: [...argv], envp: [...envp], wait: UMH_WAIT_EXEC, retval: 0, pid: 0 };
}

/** call_usermodehelper_exec: starts the helper and waits as `wait` says. */
export async function call_usermodehelper_exec(info: SubprocessInfo, wait: number): Promise<number> {
  const how = wait & ~UMH_KILLABLE;
  if (how !== UMH_NO_WAIT && how !== UMH_WAIT_EXEC && how !== UMH_WAIT_PROC) return -EINVAL;
  if (!info.path) return -ENOENT;
  if (!info.path.startsWith('/')) return -ENOENT; // helpers are found by absolute path, never $PATH
  info.wait = how;
  // The helper's argv[0] is its path (kernel_spawn execs argv[0]); the rest is the caller's argv.
  const argv = info.argv.length ? info.argv : [info.path];
  let exited: Promise<number> | null = null;
  let target: Task | null = null;
  let resolve_exit: (status: number) => void = () => {};
  if (how === UMH_WAIT_PROC) {
    exited = new Promise<number>((r) => (resolve_exit = r));
  }
  const unregister = how === UMH_WAIT_PROC
    ? register_exit_notifier((t) => {
      if (t === target) resolve_exit(t.exit_code);
    })
    : () => false;
  const start = kernel_spawn({ argv: [info.path, ...argv.slice(1)], envp: info.envp, cwd: '/',
    stdio: ['/dev/null', '/dev/null', '/dev/null'], parent: null })
    .then((t) => {
      if (typeof t === 'number') return t;
      target = t;
      info.pid = t.pid;
      // A helper that ended before we looked already ran the notifiers.
      if (t.exit_state !== 'running') resolve_exit(t.exit_code);
      return 0;
    });
  if (how === UMH_NO_WAIT) {
    void start.then((r) => {
      if (r < 0) pr_warn(`call_usermodehelper: ${info.path}: error ${r}`);
    });
    return 0;
  }
  const r = await start;
  if (r < 0 || how === UMH_WAIT_EXEC) {
    unregister();
    return r;
  }
  try {
    info.retval = await exited!;
  } finally {
    unregister();
  }
  return info.retval;
}

/** call_usermodehelper(path, argv, envp, wait): setup and exec in one. */
export function call_usermodehelper(path: string, argv: string[], envp: string[], wait: number): Promise<number> {
  return call_usermodehelper_exec(call_usermodehelper_setup(path, argv, envp), wait);
}
