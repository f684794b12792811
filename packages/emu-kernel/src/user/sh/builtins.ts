// The shell's builtins. Each gets the shell, its arguments and the descriptor table it runs with.
import type { Shell } from './exec.js';
import { ExitShell, LoopCtl, ReturnCtl, exitCode } from './control.js';
import { NAME_RE, shquote } from './vars.js';
import { runTest } from '../util/test_expr.js';
import { rawByte, encodeRaw } from '../util/rawbytes.js';
import {
  writeAll, chdir, getcwd, errno, strerror, read, malloc, free, HEAP, readFile, umask, dup2, fcntl, close,
  execve, kill,
} from '../libc.js';
import { EINTR } from '../../uapi/errno.js';
import { F_DUPFD } from '../../uapi/fcntl.js';
import { signum } from '../../uapi/signal.js';

export type Builtin = (sh: Shell, argv: string[], io: number[]) => number;

/** Builtins that also exist as programs in /bin: a pipeline stage runs the program instead. */
export const ALSO_EXTERNAL = new Set(['echo', 'true', 'false', 'pwd', 'test', '[', 'kill']);

const out = (io: number[], s: string): number => (io[1] >= 0 && writeAll(io[1], s) >= 0 ? 0 : 1);
const err = (io: number[], s: string): void => void (io[2] >= 0 && writeAll(io[2], `sh: ${s}\n`));

function num(io: number[], name: string, s: string | undefined, dflt: number): number | null {
  if (s === undefined) return dflt;
  if (!/^-?\d+$/.test(s)) {
    err(io, `${name}: ${s}: numeric argument required`);
    return null;
  }
  return Number(s);
}

function echo(_sh: Shell, argv: string[], io: number[]): number {
  let args = argv.slice(1);
  let nl = true, esc = false;
  while (args.length && /^-[neE]+$/.test(args[0])) {
    for (const c of args[0].slice(1)) {
      if (c === 'n') nl = false;
      else esc = c === 'e';
    }
    args = args.slice(1);
  }
  let s = args.join(' ');
  if (esc) {
    let stop = false;
    s = s.replace(/\\(c[^]*|n|t|r|a|b|f|v|e|\\|0[0-7]{0,3}|x[0-9a-fA-F]{1,2})/g, (_m, e: string) => {
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\' };
      if (e[0] === 'c') {
        stop = true;
        return '';
      }
      if (simple[e]) return simple[e];
      return rawByte(parseInt(e[0] === 'x' ? e.slice(1) : e, e[0] === 'x' ? 16 : 8) & 0xff);
    });
    if (stop) nl = false;
  }
  if (io[1] < 0) return 1;
  if (writeAll(io[1], encodeRaw(s + (nl ? '\n' : ''))) < 0) {
    // As bash does: a failed write (a proc or sysfs file refusing the value) is reported, not only exited 1.
    err(io, `echo: write error: ${strerror(errno)}`);
    return 1;
  }
  return 0;
}

function cd(sh: Shell, argv: string[], io: number[]): number {
  let dir: string | undefined = argv[1];
  let print = false;
  if (dir === undefined) {
    dir = sh.vars.get('HOME');
    if (dir === undefined) {
      err(io, 'cd: HOME not set');
      return 1;
    }
  } else if (dir === '-') {
    dir = sh.vars.get('OLDPWD');
    if (dir === undefined) {
      err(io, 'cd: OLDPWD not set');
      return 1;
    }
    print = true;
  }
  if (argv.length > 2) {
    err(io, 'cd: too many arguments');
    return 1;
  }
  const old = getcwd();
  if (chdir(dir) < 0) {
    err(io, `cd: ${dir}: ${strerror(errno)}`);
    return 1;
  }
  if (old !== null) sh.vars.set('OLDPWD', old);
  const now = getcwd() ?? dir;
  sh.vars.set('PWD', now);
  return print ? out(io, now + '\n') : 0;
}

function exit_(sh: Shell, argv: string[], io: number[]): number {
  const n = num(io, 'exit', argv[1], sh.status);
  throw new ExitShell((n ?? 2) & 0xff);
}

function export_(sh: Shell, argv: string[], io: number[]): number {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (!args.length) {
    return out(io, sh.vars.entries().filter(([, v]) => v.exported).map(([k, v]) => `export ${k}=${shquote(v.value)}\n`).join(''));
  }
  let st = 0;
  for (const a of args) {
    const i = a.indexOf('=');
    const name = i < 0 ? a : a.slice(0, i);
    if (!NAME_RE.test(name)) {
      err(io, `export: \`${a}': not a valid identifier`);
      st = 1;
      continue;
    }
    if (i >= 0) sh.vars.set(name, a.slice(i + 1), true);
    else sh.vars.export(name);
  }
  return st;
}

function unset(sh: Shell, argv: string[]): number {
  let fns = false;
  for (const a of argv.slice(1)) {
    if (a === '-f') fns = true;
    else if (a === '-v') fns = false;
    else if (fns) sh.funcs.delete(a);
    else sh.vars.unset(a);
  }
  return 0;
}

function set(sh: Shell, argv: string[], io: number[]): number {
  const args = argv.slice(1);
  if (!args.length) return out(io, sh.vars.entries().map(([k, v]) => `${k}=${shquote(v.value)}\n`).join(''));
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      sh.args = args.slice(i);
      return 0;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'e' || c === 'x' || c === 'u') sh.opts[c] = a[0] === '-';
      else if (c !== 'o' && c !== 'f' && c !== 'm' && c !== 'h') {
        err(io, `set: ${a[0]}${c}: invalid option`);
        return 2;
      }
    }
  }
  if (i < args.length) sh.args = args.slice(i);
  return 0;
}

function shift(sh: Shell, argv: string[], io: number[]): number {
  const n = num(io, 'shift', argv[1], 1);
  if (n === null || n < 0 || n > sh.args.length) return 1;
  sh.args = sh.args.slice(n);
  return 0;
}

function wait(sh: Shell, argv: string[], io: number[]): number {
  const args = argv.slice(1);
  if (!args.length) {
    for (const j of [...sh.jobs]) for (const pid of [...j.pids]) sh.waitFor(pid);
    sh.reaped.clear();
    return 0;
  }
  let st = 0;
  for (const a of args) {
    let pids: number[];
    if (a.startsWith('%')) {
      const j = sh.jobs.find((x) => String(x.id) === a.slice(1));
      if (!j) {
        err(io, `wait: ${a}: no such job`);
        st = 127;
        continue;
      }
      pids = [...j.pids];
    } else if (/^\d+$/.test(a)) pids = [Number(a)];
    else {
      err(io, `wait: \`${a}': not a pid or valid job spec`);
      st = 2;
      continue;
    }
    for (const pid of pids) {
      const w = sh.waitFor(pid);
      if (w === null) {
        err(io, `wait: pid ${pid} is not a child of this shell`);
        st = 127;
      } else st = exitCode(w);
    }
  }
  return st;
}

function pwd(_sh: Shell, _argv: string[], io: number[]): number {
  const d = getcwd();
  if (d === null) {
    err(io, `pwd: ${strerror(errno)}`);
    return 1;
  }
  return out(io, d + '\n');
}

/** read [-r] [-p PROMPT] [NAME...]: one line from standard input, split on IFS. */
function read_(sh: Shell, argv: string[], io: number[]): number {
  let raw = false;
  let i = 1;
  for (; i < argv.length && argv[i].startsWith('-') && argv[i] !== '-'; i++) {
    if (argv[i] === '-r') raw = true;
    else if (argv[i] === '-p' && i + 1 < argv.length) {
      if (io[2] >= 0) writeAll(io[2], argv[++i]);
    } else if (argv[i] === '--') {
      i++;
      break;
    } else {
      err(io, `read: ${argv[i]}: invalid option`);
      return 2;
    }
  }
  const names = argv.slice(i);
  if (!names.length) names.push('REPLY');
  const bytes: number[] = [];
  const buf = malloc(1);
  let eof = false;
  try {
    for (;;) {
      const n = io[0] >= 0 ? read(io[0], buf, 1) : -1;
      if (n < 0 && errno === EINTR) continue;
      if (n <= 0) {
        eof = true;
        break;
      }
      const b = HEAP[buf];
      if (b === 10) {
        if (!raw && bytes[bytes.length - 1] === 92) {
          bytes.pop();
          continue;
        }
        break;
      }
      bytes.push(b);
    }
  } finally {
    free(buf);
  }
  let line = new TextDecoder().decode(new Uint8Array(bytes));
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  const ifs = sh.vars.get('IFS') ?? ' \t\n';
  const isIfs = (c: string) => ifs.includes(c);
  let rest = line;
  const trim = (s: string) => {
    let a = 0, b = s.length;
    while (a < b && isIfs(s[a]) && ' \t\n'.includes(s[a])) a++;
    while (b > a && isIfs(s[b - 1]) && ' \t\n'.includes(s[b - 1])) b--;
    return s.slice(a, b);
  };
  rest = trim(rest);
  names.forEach((name, k) => {
    if (k === names.length - 1) {
      sh.vars.set(name, rest);
      return;
    }
    let j = 0;
    while (j < rest.length && !isIfs(rest[j])) j++;
    sh.vars.set(name, rest.slice(0, j));
    rest = trim(rest.slice(j + (j < rest.length && !' \t\n'.includes(rest[j]) ? 1 : 0)));
  });
  return eof && !bytes.length ? 1 : eof ? 1 : 0;
}

function eval_(sh: Shell, argv: string[]): number {
  return sh.runSource(argv.slice(1).join(' '));
}

function source(sh: Shell, argv: string[], io: number[]): number {
  const f = argv[1];
  if (f === undefined) {
    err(io, '.: filename argument required');
    return 2;
  }
  const path = f.includes('/') ? f : sh.lookup(f) ?? f;
  const data = readFile(path);
  if (!data) {
    err(io, `${f}: ${strerror(errno)}`);
    return 1;
  }
  const saved = sh.args;
  if (argv.length > 2) sh.args = argv.slice(2);
  try {
    return sh.runSource(new TextDecoder().decode(data));
  } finally {
    if (argv.length > 2) sh.args = saved;
  }
}

function loopCtl(kind: 'break' | 'continue'): Builtin {
  return (sh, argv, io) => {
    const n = num(io, kind, argv[1], 1);
    if (n === null || n < 1) return 1;
    if (!sh.loopDepth) return 0;
    throw new LoopCtl(kind, Math.min(n, sh.loopDepth));
  };
}

function return_(sh: Shell, argv: string[], io: number[]): number {
  const n = num(io, 'return', argv[1], sh.status);
  if (!sh.fnDepth) {
    err(io, "return: can only `return' from a function or sourced script");
    return 1;
  }
  throw new ReturnCtl((n ?? 2) & 0xff);
}

/** exec CMD ARGS: replaces the shell, its logical descriptors moved into place first. */
function exec_(sh: Shell, argv: string[], io: number[]): number {
  const name = argv[1];
  const path = sh.lookup(name);
  if (!path) {
    err(io, `exec: ${name}: not found`);
    throw new ExitShell(127);
  }
  const tmp = io.map((fd) => (fd >= 0 ? fcntl(fd, F_DUPFD, 100) : -1));
  tmp.forEach((t, i) => {
    if (t >= 0) dup2(t, i);
    else close(i);
  });
  tmp.forEach((t) => t >= 0 && close(t));
  execve(path, argv.slice(1), sh.vars.environ());
  const e = errno;
  err([io[0], io[1], 2], `exec: ${name}: ${strerror(e)}`);
  throw new ExitShell(e === 2 ? 127 : 126);
}

function command(sh: Shell, argv: string[], io: number[]): number {
  if (argv[1] === '-v' || argv[1] === '-V') {
    let st = 0;
    for (const n of argv.slice(2)) {
      if (sh.funcs.has(n) || BUILTINS.has(n)) out(io, argv[1] === '-v' ? `${n}\n` : `${n} is a shell ${sh.funcs.has(n) ? 'function' : 'builtin'}\n`);
      else {
        const p = sh.lookup(n);
        if (p) out(io, argv[1] === '-v' ? `${p}\n` : `${n} is ${p}\n`);
        else st = 1;
      }
    }
    return st;
  }
  if (argv.length < 2) return 0;
  const b = BUILTINS.get(argv[1]);
  if (b) return b(sh, argv.slice(1), io);
  const l = sh.external(argv.slice(1), [], [], io);
  if ('status' in l) return l.status;
  return exitCode(sh.waitFor(l.pid) ?? 0);
}

function umask_(_sh: Shell, argv: string[], io: number[]): number {
  if (argv[1] === undefined) {
    const m = umask(0);
    umask(m);
    return out(io, m.toString(8).padStart(4, '0') + '\n');
  }
  if (!/^[0-7]{1,4}$/.test(argv[1])) {
    err(io, `umask: ${argv[1]}: octal number out of range`);
    return 1;
  }
  umask(parseInt(argv[1], 8));
  return 0;
}

function jobs(sh: Shell, _argv: string[], io: number[]): number {
  return out(io, sh.jobs.map((j) => `[${j.id}]  Running    ${j.src}\n`).join(''));
}

/** kill as a builtin so `kill %1` works; other forms behave like /bin/kill. */
function kill_(sh: Shell, argv: string[], io: number[]): number {
  let sig = 15;
  let args = argv.slice(1);
  if (args[0] === '-s' && args.length > 1) {
    sig = signum(args[1]);
    args = args.slice(2);
  } else if (args[0] && /^-[A-Za-z0-9+]+$/.test(args[0]) && args[0] !== '-l') {
    sig = signum(args[0].slice(1));
    args = args.slice(1);
  } else if (args[0] === '-l' || !args.length) {
    const l = sh.external(argv, [], [], io);
    return 'status' in l ? l.status : exitCode(sh.waitFor(l.pid) ?? 0);
  }
  if (sig < 0) {
    err(io, `kill: ${argv[1]}: invalid signal specification`);
    return 1;
  }
  let st = 0;
  for (const a of args) {
    let pids: number[] = [];
    if (a.startsWith('%')) pids = sh.jobs.find((j) => String(j.id) === a.slice(1))?.pids ?? [];
    else if (/^-?\d+$/.test(a)) pids = [Number(a)];
    if (!pids.length) {
      err(io, `kill: ${a}: arguments must be process or job IDs`);
      st = 1;
      continue;
    }
    for (const p of pids) {
      if (kill(p, sig) < 0) {
        err(io, `kill: (${p}) - ${strerror(errno)}`);
        st = 1;
      }
    }
  }
  return st;
}

export const BUILTINS = new Map<string, Builtin>([
  [':', () => 0],
  ['true', () => 0],
  ['false', () => 1],
  ['echo', echo],
  ['cd', cd],
  ['pwd', pwd],
  ['exit', exit_],
  ['export', export_],
  ['unset', unset],
  ['set', set],
  ['shift', shift],
  ['wait', wait],
  ['read', read_],
  ['eval', eval_],
  ['.', source],
  ['source', source],
  ['break', loopCtl('break')],
  ['continue', loopCtl('continue')],
  ['return', return_],
  ['exec', exec_],
  ['command', command],
  ['umask', umask_],
  ['jobs', jobs],
  ['kill', kill_],
  ['test', (_sh, argv, io) => runTest(argv, (m) => err(io, m))],
  ['[', (_sh, argv, io) => runTest(argv, (m) => err(io, m))],
]);
