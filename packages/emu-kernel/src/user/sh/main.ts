// sh [-eux] [-i] [-c COMMAND [NAME [ARG...]] | FILE [ARG...] | -s [ARG...]]: option parsing and the
// three ways of reading commands (a string, a script file, standard input with or without prompts).
import { Shell } from './exec.js';
import { ExitShell } from './control.js';
import { Parser, Incomplete, SyntaxError_ } from './parser.js';
import type { List } from './ast.js';
import { LineReader } from './input.js';
import {
  dprintf, readFile, errno, strerror, getcwd, getppid, geteuid, isatty, signal, SIG_IGN,
} from '../libc.js';
import { ENOENT } from '../../uapi/errno.js';
import { SIGINT, SIGQUIT, SIGTERM, sigdescr } from '../../uapi/signal.js';
import { WIFSIGNALED, WTERMSIG, WEXITSTATUS } from '../../uapi/wait.js';

function usage(msg: string): number {
  dprintf(2, `sh: ${msg}\nUsage: sh [-eux] [-i] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]\n`);
  return 2;
}

/** Reads commands from descriptor 0 until end of input; prompts when interactive. */
function readLoop(sh: Shell): number {
  const rd = new LineReader(0);
  let buf = '';
  for (;;) {
    if (sh.opts.i) {
      if (!buf) {
        for (const { job, status } of sh.reapJobs()) {
          const what = WIFSIGNALED(status) ? sigdescr(WTERMSIG(status)) : WEXITSTATUS(status) ? `Exit ${WEXITSTATUS(status)}` : 'Done';
          dprintf(2, `[${job.id}]+  ${what.padEnd(24)}${job.src}\n`);
        }
      }
      const ps = buf ? sh.vars.get('PS2') ?? '> ' : sh.vars.get('PS1') ?? (geteuid() === 0 ? '# ' : '$ ');
      dprintf(2, ps);
    }
    const line = rd.readLine();
    if (line === null) {
      if (buf.trim()) {
        sh.err('syntax error: unexpected end of file');
        sh.status = 2;
      }
      if (sh.opts.i) dprintf(2, 'exit\n');
      return sh.status;
    }
    buf += line;
    const lists: List[] = [];
    try {
      const p = new Parser(buf);
      for (let l = p.parseNext(); l; l = p.parseNext()) lists.push(l);
    } catch (e) {
      if (e instanceof Incomplete) continue;
      if (!(e instanceof SyntaxError_)) throw e;
      sh.err(e.message);
      sh.status = 2;
      buf = '';
      if (!sh.opts.i) return 2;
      continue;
    }
    buf = '';
    for (const l of lists) sh.runTop(l);
  }
}

export function shMain(argv: string[], envp: string[]): number {
  let i = 1;
  let cmdMode = false, interactive = false, fromStdin = false;
  const flags = { e: false, x: false, u: false };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'c') cmdMode = true;
      else if (c === 'i') interactive = true;
      else if (c === 's') fromStdin = true;
      else if (c === 'e' || c === 'x' || c === 'u') flags[c] = a[0] === '-';
      else return usage(`${a[0]}${c}: invalid option`);
    }
  }
  let arg0 = argv[0] ?? 'sh';
  let args: string[];
  let cmd: string | null = null, script: string | null = null;
  if (cmdMode) {
    if (i >= argv.length) return usage('-c: option requires an argument');
    cmd = argv[i];
    arg0 = argv[i + 1] ?? arg0;
    args = argv.slice(i + 2);
  } else if (!fromStdin && i < argv.length) {
    script = argv[i];
    arg0 = script;
    args = argv.slice(i + 1);
  } else {
    args = argv.slice(i);
    if (!interactive && !fromStdin && isatty(0)) interactive = true;
  }

  const sh = new Shell(envp, arg0, args);
  Object.assign(sh.opts, flags);
  sh.vars.set('PPID', String(getppid()));
  const cwd = getcwd();
  if (cwd !== null && sh.vars.get('PWD') !== cwd) sh.vars.set('PWD', cwd, true);
  try {
    if (cmd !== null) return sh.runSource(cmd);
    if (script !== null) {
      const data = readFile(script);
      if (!data) {
        const e = errno;
        sh.err(`${script}: ${strerror(e)}`);
        return e === ENOENT ? 127 : 126;
      }
      return sh.runSource(new TextDecoder().decode(data));
    }
    if (interactive) {
      sh.opts.i = true;
      for (const s of [SIGINT, SIGQUIT, SIGTERM]) signal(s, SIG_IGN);
    }
    return readLoop(sh);
  } catch (e) {
    if (e instanceof ExitShell) return e.code;
    throw e;
  }
}
