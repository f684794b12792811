// -b for filter programs: the program runs again as a child with a pipe as descriptor 3 (`--ready-fd=3`
// on its command line), and the parent returns once the child wrote "ok" there (its filter is active) or
// failed first. urfs_run uses it; so may any program that serves a connection.
import {
  close, dprintf, environ, free, getenv, HEAP, malloc, pipe, read, spawn, waitpid, writeAll,
} from '@urfs/emu-kernel/user/libc';
import { which, DEFAULT_PATH } from '@urfs/emu-kernel/user/util/path';
import { strerror } from '@urfs/emu-kernel/uapi/errno';

/** Where the program that runs `argv` is: argv[0] searched in PATH as the shell did. */
export function urfs_self_exe(argv: readonly string[]): string | null {
  return argv[0] ? which(argv[0], getenv('PATH') ?? DEFAULT_PATH) : null;
}

/**
 * Runs the program (`exe`, by default itself) again without -b/--background and with --ready-fd=3, and
 * returns 0 once the child says it is active, 1 when it fails first.
 */
export function urfs_background(name: string, argv: readonly string[], exe = urfs_self_exe(argv)): number {
  const p = pipe();
  if (!exe || !p) return dprintf(2, `${name}: cannot start in the background\n`), 1;
  const args = [argv[0], ...argv.slice(1).filter((a) => a !== '-b' && a !== '--background'), '--ready-fd=3'];
  const pid = spawn(exe, args, environ, [0, 1, 2, p[1]]);
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    return dprintf(2, `${name}: cannot start: ${strerror(-pid)}\n`), 1;
  }
  const buf = malloc(8);
  const ok = read(p[0], buf, 8) >= 2 && HEAP[buf] === 0x6f && HEAP[buf + 1] === 0x6b;
  free(buf);
  close(p[0]);
  if (!ok) waitpid(pid);
  return ok ? 0 : 1;
}

/** The child's side: tells the waiting parent (descriptor `fd` from --ready-fd=N) that it is active. */
export function urfs_ready(fd: number): void {
  if (fd < 0) return;
  writeAll(fd, 'ok\n');
  close(fd);
}
