// Running a command and waiting for it (find -exec, xargs): PATH search, a script without the binfmt
// magic run through /bin/sh, the result as a shell would report it.
import { spawn, waitpid, errno, getenv, environ, strerror } from '../../user/libc.js';
import { ENOENT, ENOEXEC, EINTR } from '../../uapi/errno.js';
import { WIFSIGNALED, WTERMSIG, WEXITSTATUS } from '../../uapi/wait.js';
import { which, DEFAULT_PATH } from '../../user/util/path.js';

export type RunResult =
  | { t: 'exit'; code: number }
  | { t: 'signal'; sig: number }
  /** Could not start: 127 (not found) or 126 (not executable), with the reason. */
  | { t: 'failed'; code: 126 | 127; msg: string };

export function run(argv: string[], fdmap: number[] = [0, 1, 2]): RunResult {
  const name = argv[0];
  const path = which(name, getenv('PATH') ?? DEFAULT_PATH);
  if (!path) return { t: 'failed', code: 127, msg: `${name}: No such file or directory` };
  let pid = spawn(path, argv, environ, fdmap);
  if (pid < 0 && errno === ENOEXEC) pid = spawn('/bin/sh', ['sh', path, ...argv.slice(1)], environ, fdmap);
  if (pid < 0) {
    const e = errno;
    return { t: 'failed', code: e === ENOENT ? 127 : 126, msg: `${name}: ${strerror(e)}` };
  }
  for (;;) {
    const w = waitpid(pid);
    if (!w) {
      if (errno === EINTR) continue;
      return { t: 'exit', code: 1 };
    }
    if (WIFSIGNALED(w[1])) return { t: 'signal', sig: WTERMSIG(w[1]) };
    return { t: 'exit', code: WEXITSTATUS(w[1]) };
  }
}
