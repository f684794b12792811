// What the demo filters share: option parsing, going to the background once the filter is active
// (-b), and the connection's set-up and tear-down around urfs_main. A filter of your own may use it too
// (`import { demo_getopt, demo_background, demo_run } from '@urfs/demos/daemon'`; see the liburfs README).
import {
  spawn, pipe, close, read, malloc, free, HEAP, waitpid, environ, dprintf, writeAll, getpid, getenv,
} from '@urfs/emu-kernel/user/libc';
import { which, DEFAULT_PATH } from '@urfs/emu-kernel/user/util/path';
import {
  urfs_open, urfs_close, urfs_main, urfs_getopt_debug, type urfs_conn, type urfs_filter,
} from '@urfs/liburfs/index';
import { strerror } from '@urfs/emu-kernel/uapi/errno';

export interface demo_opts {
  debug: boolean;
  background: boolean;
  /** The descriptor a background parent waits on for "ok" (internal: --ready-fd=N). */
  ready_fd: number;
  priority: number | null;
  path: string;
}

/** Parses [-d] [-b|--ready] [-p PRIORITY] PATH; a string is the usage error. */
export function demo_getopt(prog: string, argv: string[]): demo_opts | string {
  const { debug, argv: rest } = urfs_getopt_debug(argv.slice(1));
  const o: demo_opts = { debug, background: false, ready_fd: -1, priority: null, path: '' };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-b' || a === '--ready' || a === '--background') o.background = true;
    else if (a.startsWith('--ready-fd=')) o.ready_fd = Number(a.slice(11));
    else if (a === '-p' || a === '--priority') {
      const n = Number(rest[++i]);
      if (!Number.isSafeInteger(n)) return `${prog}: bad priority`;
      o.priority = n;
    } else if (a.startsWith('-') && a !== '-') return `${prog}: unknown option ${a}`;
    else if (!o.path) o.path = a;
    else return `${prog}: too many arguments`;
  }
  if (!o.path) return `usage: ${prog} [-d|--debug] [-b|--ready] [-p PRIORITY] PATH`;
  return o;
}

/**
 * The program file this process was started from, to start it again: argv[0] when it names a path, else
 * argv[0] searched in PATH as the shell did (a program installed with `emu --bin NAME=FILE` is
 * /usr/local/bin/NAME), else /usr/bin/PROG.
 */
export function demo_exe(prog: string, argv: string[]): string {
  const name = argv[0] || prog;
  return which(name, getenv('PATH') ?? DEFAULT_PATH) ?? `/usr/bin/${prog}`;
}

/**
 * -b: runs the filter as a child and returns once it says it is active (0), or when it fails (1). The
 * child (`exe`, by default the program this process runs: demo_exe) gets a pipe as descriptor 3 and
 * writes "ok" on it from urfs_main's ready hook (demo_run, given --ready-fd=3).
 */
export function demo_background(prog: string, argv: string[], exe = demo_exe(prog, argv)): number {
  const p = pipe();
  if (!p) return dprintf(2, `${prog}: pipe failed\n`), 1;
  const args = [argv[0], ...argv.slice(1).filter((a) => a !== '-b' && a !== '--ready' && a !== '--background'), '--ready-fd=3'];
  const pid = spawn(exe, args, environ, [0, 1, 2, p[1]]);
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    return dprintf(2, `${prog}: cannot start: ${strerror(-pid)}\n`), 1;
  }
  const buf = malloc(8);
  const n = read(p[0], buf, 8);
  const ok = n >= 2 && HEAP[buf] === 0x6f && HEAP[buf + 1] === 0x6b;
  free(buf);
  close(p[0]);
  if (!ok) waitpid(pid);
  return ok ? 0 : 1;
}

/**
 * Opens the connection, starts the filter (`start`), prints the active line, runs the main loop until
 * SIGHUP/SIGINT/SIGTERM, then stops the filter and closes. Returns the exit status.
 */
export async function demo_run(prog: string, o: demo_opts, start: (c: urfs_conn) => Promise<{ err: number; filter: urfs_filter | null }>,
  stop: (f: urfs_filter) => void): Promise<number> {
  const { err, conn } = urfs_open({ debug: o.debug });
  if (!conn) {
    dprintf(2, `${prog}: cannot open /dev/urfs: ${strerror(-err)}\n`);
    return 1;
  }
  const r = await start(conn);
  if (r.err || !r.filter) {
    dprintf(2, `${prog}: cannot start the filter on ${o.path}: ${strerror(-r.err)}\n`);
    urfs_close(conn);
    return 1;
  }
  const f = r.filter;
  const ret = await urfs_main(conn, f, {
    on_ready: () => {
      writeAll(1, `${prog}: active on ${o.path} (pid ${getpid()})\n`);
      if (o.ready_fd >= 0) {
        writeAll(o.ready_fd, 'ok\n');
        close(o.ready_fd);
      }
    },
  });
  stop(f);
  urfs_close(conn);
  if (ret < 0) {
    dprintf(2, `${prog}: ${strerror(-ret)}\n`);
    return 1;
  }
  return 0;
}
