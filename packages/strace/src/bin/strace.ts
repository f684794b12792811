// strace: traces the system calls and signals of a command, or of running processes, through ptrace.
//   strace [-fTc] [-e trace=SET] [-o FILE] [-s STRSIZE] [-p PID]... [CMD [ARGS...]]
// Lines go to stderr (or FILE) in strace's format; the exit status is the command's.
import {
  spawn, ptrace, waitpid, open, close, dprintf, strerror, errno, stat, access, getenv, environ, signal, kill, getpid,
} from '@urfs/emu-kernel/user/libc';
import { O_WRONLY, O_CREAT, O_TRUNC, X_OK } from '@urfs/emu-kernel/uapi/fcntl';
import { S_ISREG } from '@urfs/emu-kernel/uapi/stat';
import { PTRACE_ATTACH } from '@urfs/emu-kernel/uapi/ptrace';
import { SIGINT, SIGTERM, SIGHUP, SIG_DFL } from '@urfs/emu-kernel/uapi/signal';
import { WIFSIGNALED, WTERMSIG, WEXITSTATUS } from '@urfs/emu-kernel/uapi/wait';
import { ENOENT } from '@urfs/emu-kernel/uapi/errno';
import { Tracer } from '../lib/tracer.js';
import { parse_expr, type TraceSet } from '../lib/filter.js';
import { DEFAULT_STRSIZE } from '../lib/format.js';

const TRACEME = '/usr/libexec/strace/traceme';
const USAGE = `usage: strace [-fTc] [-e trace=SET] [-o FILE] [-s STRSIZE] [-p PID]... [CMD [ARGS...]]
  -f          follow the processes the tracees start (lines get a [pid N] prefix)
  -e trace=SET  trace only the calls in SET: names and %classes (%file %desc %process %network
              %signal %memory %creds %clock), comma separated; !SET traces all others
  -o FILE     write the trace to FILE instead of stderr
  -T          show the time spent in each call
  -c          count calls, errors and time, and print a summary table at the end
  -s STRSIZE  show at most STRSIZE bytes of each string (default ${DEFAULT_STRSIZE})
  -p PID      attach to the running process PID (root, or its ancestor under the same uid); ^C detaches
  -h, --help  this help
`;

interface Args {
  follow: boolean; timing: boolean; summary: boolean; strsize: number; trace: TraceSet; out: string | null;
  pids: number[]; cmd: string[];
}

function fail(msg: string, code = 1): number {
  dprintf(2, `strace: ${msg}\n`);
  return code;
}

function parse(argv: string[]): Args | string | 'help' {
  const a: Args = { follow: false, timing: false, summary: false, strsize: DEFAULT_STRSIZE, trace: () => true, out: null,
    pids: [], cmd: [] };
  let i = 1;
  for (; i < argv.length; i++) {
    const s = argv[i];
    if (s === '--help' || s === '-h') return 'help';
    if (s === '--') {
      i++;
      break;
    }
    if (!s.startsWith('-') || s === '-') break;
    for (let j = 1; j < s.length; j++) {
      const c = s[j];
      if (c === 'f') a.follow = true;
      else if (c === 'T') a.timing = true;
      else if (c === 'c') a.summary = true;
      else if ('eops'.includes(c)) {
        const v = j + 1 < s.length ? s.slice(j + 1) : argv[++i];
        if (v === undefined) return `option requires an argument -- '${c}'`;
        if (c === 'e') {
          const r = parse_expr(v);
          if (r.error) return r.error;
          if (r.trace) a.trace = r.trace;
        } else if (c === 'o') a.out = v;
        else if (c === 'p') {
          if (!/^\d+$/.test(v) || Number(v) <= 0) return `Invalid process id: '${v}'`;
          a.pids.push(Number(v));
        } else {
          if (!/^\d+$/.test(v)) return `invalid -s argument: '${v}'`;
          a.strsize = Number(v);
        }
        break;
      } else return `invalid option -- '${c}'`;
    }
  }
  a.cmd = argv.slice(i);
  if (!a.cmd.length && !a.pids.length) return 'must have PROG [ARGS] or -p PID';
  if (a.cmd.length && a.pids.length) return 'PROG [ARGS] must not be given with -p PID';
  return a;
}

/** The file a command name runs, searched in PATH as execvp does. */
function find_program(name: string): string | null {
  const ok = (p: string) => {
    const st = stat(p);
    return !!st && S_ISREG(st.mode) && access(p, X_OK) === 0;
  };
  if (name.includes('/')) return stat(name) ? name : null;
  for (const dir of (getenv('PATH') ?? '/bin:/usr/bin').split(':')) {
    const p = `${dir || '.'}/${name}`;
    if (ok(p)) return p;
  }
  return null;
}

export default function main(argv: string[]): number {
  const a = parse(argv);
  if (a === 'help') {
    dprintf(1, USAGE);
    return 0;
  }
  if (typeof a === 'string') return fail(`${a}\n${USAGE.split('\n')[0]}`);
  let out = 2;
  if (a.out !== null) {
    out = open(a.out, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
    if (out < 0) return fail(`Can't fopen '${a.out}': ${strerror(errno)}`);
  }
  const tracer = new Tracer({ follow: a.follow, timing: a.timing, summary: a.summary, strsize: a.strsize, trace: a.trace,
    out, exitkill: a.cmd.length > 0, pid_prefix: a.follow && a.out !== null });
  let main_pid = -1;
  if (a.cmd.length) {
    const path = find_program(a.cmd[0]);
    if (!path) return fail(`Can't stat '${a.cmd[0]}': ${strerror(ENOENT)}`);
    main_pid = spawn(TRACEME, ['traceme', path, ...a.cmd], environ, [0, 1, 2]);
    if (main_pid < 0) return fail(`exec ${TRACEME}: ${strerror(errno)}`);
    tracer.add(main_pid);
  } else {
    for (const pid of a.pids) {
      if (ptrace(PTRACE_ATTACH, pid) < 0) {
        fail(`attach: ptrace(PTRACE_ATTACH, ${pid}): ${strerror(errno)}`);
        continue;
      }
      tracer.add(pid);
      dprintf(2, `strace: Process ${pid} attached\n`);
    }
    if (!tracer.count) return 1;
    const stop = () => { tracer.interrupted = true; };
    for (const sig of [SIGINT, SIGTERM, SIGHUP]) signal(sig, stop);
  }
  tracer.run();
  if (tracer.interrupted) for (const pid of a.pids) if (!tracer.ended.has(pid)) dprintf(2, `strace: Process ${pid} detached\n`);
  tracer.dispose();
  if (out !== 2) close(out);
  if (main_pid < 0) return 0;
  let status = tracer.ended.get(main_pid);
  if (status === undefined) {
    const r = waitpid(main_pid, 0);
    status = r ? r[1] : 0;
  }
  if (WIFSIGNALED(status)) {
    // As strace does: end by the command's signal, so the shell reports it the same way.
    signal(WTERMSIG(status), SIG_DFL);
    kill(getpid(), WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}
