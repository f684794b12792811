// The shell's executor: lists, and-or lists, pipelines, simple and compound commands. External commands
// start with spawn and a descriptor map built from the shell's logical descriptor table plus the
// command's redirections; subshells and builtins that must run apart are child shells (/bin/sh -c).
import type { AndOr, Command, For, FuncDef, List, Pipeline, SimpleCommand, Word } from './ast.js';
import { Parser, Incomplete, SyntaxError_ } from './parser.js';
import { expandWords, expandString, expandPattern, expandHeredoc, ExpandError, type ExpandEnv } from './expand.js';
import { ArithError } from './arith.js';
import { expandPathname, matchPattern } from './glob.js';
import { applyRedirs, closeAll, type RedirContext } from './redirect.js';
import { Vars, shquote } from './vars.js';
import { ExitShell, LoopCtl, ReturnCtl, exitCode } from './control.js';
import { BUILTINS, ALSO_EXTERNAL } from './builtins.js';
import {
  spawn, waitpid, pipe, close, open, readAll, readdir, stat, access, dprintf, errno, strerror, getpid,
} from '../libc.js';
import { getpwnam } from '../util/passwd.js';
import { DEFAULT_PATH } from '../util/path.js';
import { EACCES, ECHILD, EINTR, ENOENT, ENOEXEC } from '../../uapi/errno.js';
import { O_RDONLY, X_OK } from '../../uapi/fcntl.js';
import { S_ISDIR, S_ISREG } from '../../uapi/stat.js';
import { WIFSIGNALED, WTERMSIG } from '../../uapi/wait.js';
import { SIGINT, SIGPIPE, sigdescr } from '../../uapi/signal.js';

const dec = new TextDecoder();

export interface Job {
  id: number;
  pids: number[];
  src: string;
}

/** A started command: a child's pid, or the status of one that could not start (or ran in-process). */
type Launch = { pid: number } | { status: number };



/** How a child shell that is a subshell of ours learns the $$ it must show (POSIX: the parent's). */
const SUBSHELL_PID = 'EMU_SUBSHELL_PID';
export class Shell implements ExpandEnv, RedirContext {
  vars: Vars;
  args: string[];
  arg0: string;
  status = 0;
  lastBg: number | null = null;
  /** Logical descriptor -> the shell's own descriptor (-1: closed). */
  fds: number[] = [0, 1, 2];
  readonly opts = { e: false, x: false, u: false, i: false };
  readonly funcs = new Map<string, FuncDef>();
  jobs: Job[] = [];
  /** Statuses of background children reaped before anyone asked (pid -> wait status). */
  readonly reaped = new Map<number, number>();
  /** $$: this shell's pid, or for a subshell (a child shell running part of this one) its parent's. */
  readonly pid: number;
  private condDepth = 0;
  loopDepth = 0;
  fnDepth = 0;
  /** Status of the last command substitution (a command of assignments only returns it). */
  private subStatus: number | null = null;

  constructor(envp: string[], arg0: string, args: string[]) {
    this.vars = Vars.fromEnviron(envp);
    const inherited = Number(this.vars.get(SUBSHELL_PID));
    this.pid = Number.isInteger(inherited) && inherited > 0 ? inherited : getpid();
    this.vars.unset(SUBSHELL_PID);
    this.arg0 = arg0;
    this.args = args;
  }

  // ---- ExpandEnv ----
  get nounset(): boolean {
    return this.opts.u;
  }
  get(name: string): string | undefined {
    switch (name) {
      case '?': return String(this.status);
      case '$': return String(this.pid);
      case '!': return this.lastBg === null ? undefined : String(this.lastBg);
      case '-': return (this.opts.e ? 'e' : '') + (this.opts.i ? 'i' : '') + (this.opts.u ? 'u' : '') + (this.opts.x ? 'x' : '');
      case '0': return this.arg0;
    }
    return this.vars.get(name);
  }
  set(name: string, value: string): void {
    this.vars.set(name, value);
  }
  positional(): string[] {
    return this.args;
  }
  glob(pattern: string): string[] {
    return expandPathname(pattern, (d) => readdir(d)?.map((e) => e.d_name) ?? null);
  }
  home(user: string): string | undefined {
    return getpwnam(user)?.dir;
  }
  cmdsub(src: string): string {
    if (!src.trim()) return '';
    const p = pipe();
    if (!p) {
      this.err(`cannot make pipe for command substitution: ${strerror(errno)}`);
      return '';
    }
    const io = [...this.fds];
    io[1] = p[1];
    const l = this.launchSource(src, io);
    close(p[1]);
    const out = readAll(p[0]);
    close(p[0]);
    this.subStatus = 'pid' in l ? exitCode(this.waitFor(l.pid) ?? 0) : l.status;
    return out ? dec.decode(out) : '';
  }

  // ---- RedirContext ----
  expand(w: Word): string[] {
    return expandWords([w], this);
  }
  heredoc(doc: { body: string }): string {
    return expandHeredoc(doc.body, this);
  }

  err(msg: string): void {
    const fd = this.fds[2];
    if (fd !== undefined && fd >= 0) dprintf(fd, `sh: ${msg}\n`);
  }

  // ---- running source text ----

  /**
   * Parses and runs `src` one complete command at a time. Syntax errors stop it (status 2); expansion
   * errors end a non-interactive shell.
   */
  runSource(src: string): number {
    const parser = new Parser(src);
    for (;;) {
      let list: List | null;
      try {
        list = parser.parseNext();
      } catch (e) {
        if (e instanceof Incomplete) this.err('syntax error: unexpected end of file');
        else if (e instanceof SyntaxError_) this.err(e.message);
        else throw e;
        this.status = 2;
        if (!this.opts.i) throw new ExitShell(2);
        return this.status;
      }
      if (!list) return this.status;
      this.runTop(list);
    }
  }

  /** Runs a top-level list, turning expansion errors into messages. */
  runTop(list: List): number {
    try {
      return this.runList(list);
    } catch (e) {
      if (e instanceof ExpandError || e instanceof ArithError || e instanceof SyntaxError_) {
        this.err(e.message);
        this.status = 1;
        if (!this.opts.i) throw new ExitShell(1);
        return 1;
      }
      throw e;
    }
  }

  runList(list: List): number {
    for (const item of list.items) {
      if (item.bg) {
        this.background(item.cmd);
        this.status = 0;
      } else this.andOr(item.cmd);
    }
    return this.status;
  }

  private andOr(a: AndOr): number {
    const all = [a.first, ...a.rest.map((r) => r.p)];
    let st = 0;
    let ranLast = false;
    for (let i = 0; i < all.length; i++) {
      if (i > 0 && (a.rest[i - 1].op === '&&') !== (st === 0)) continue;
      const last = i === all.length - 1;
      if (!last) this.condDepth++;
      try {
        st = this.pipeline(all[i]);
      } finally {
        if (!last) this.condDepth--;
      }
      ranLast = last;
    }
    this.status = st;
    if (this.opts.e && st !== 0 && this.condDepth === 0 && ranLast && !all[all.length - 1].bang) throw new ExitShell(st);
    return st;
  }

  private pipeline(p: Pipeline): number {
    let st: number;
    if (p.cmds.length === 1) st = this.command(p.cmds[0]);
    else {
      const launched = this.startPipeline(p, this.fds);
      let reported = false;
      st = 0;
      for (const l of launched) {
        if ('status' in l) {
          st = l.status;
          continue;
        }
        const w = this.waitFor(l.pid) ?? 0;
        if (!reported) reported = this.reportSignal(w);
        st = exitCode(w);
      }
    }
    if (p.bang) st = st ? 0 : 1;
    this.status = st;
    return st;
  }

  /** Starts every command of a pipeline, each in a child, joined by pipes. */
  private startPipeline(p: Pipeline, base: number[]): Launch[] {
    const out: Launch[] = [];
    let prev = -1;
    p.cmds.forEach((cmd, i) => {
      let r = -1, w = -1;
      if (i < p.cmds.length - 1) {
        const pp = pipe();
        if (!pp) {
          this.err(`pipe error: ${strerror(errno)}`);
        } else [r, w] = pp;
      }
      const io = [...base];
      if (prev >= 0) io[0] = prev;
      if (w >= 0) io[1] = w;
      try {
        out.push(this.launch(cmd, io));
      } catch (e) {
        // An expansion error fails this stage only: the pipes must still be closed.
        if (!(e instanceof ExpandError || e instanceof ArithError)) throw e;
        this.err(e.message);
        out.push({ status: 1 });
      }
      if (prev >= 0) close(prev);
      if (w >= 0) close(w);
      prev = r;
    });
    if (prev >= 0) close(prev);
    return out;
  }

  private background(a: AndOr): void {
    const io = [...this.fds];
    const nul = open('/dev/null', O_RDONLY);
    if (nul >= 0) io[0] = nul;
    let launched: Launch[];
    try {
      if (!a.rest.length && !a.first.bang) launched = a.first.cmds.length === 1 ? [this.launch(a.first.cmds[0], io)]
        : this.startPipeline(a.first, io);
      else launched = [this.spawnShell(a.src, io)];
    } finally {
      if (nul >= 0) close(nul);
    }
    const pids = launched.flatMap((l) => ('pid' in l ? [l.pid] : []));
    if (!pids.length) return;
    this.lastBg = pids[pids.length - 1];
    const id = (this.jobs.length ? Math.max(...this.jobs.map((j) => j.id)) : 0) + 1;
    this.jobs.push({ id, pids, src: a.src });
    if (this.opts.i) this.say(`[${id}] ${this.lastBg}\n`);
  }

  private say(s: string): void {
    const fd = this.fds[2];
    if (fd !== undefined && fd >= 0) dprintf(fd, s);
  }

  /** Prints how a foreground child died when a signal killed it; true when it did. */
  private reportSignal(w: number): boolean {
    if (!WIFSIGNALED(w)) return false;
    const sig = WTERMSIG(w);
    if (sig !== SIGINT && sig !== SIGPIPE) this.say(`${sigdescr(sig)}\n`);
    return true;
  }

  /** Waits for a child; its wait status, or null when it is not our child. */
  waitFor(pid: number): number | null {
    for (;;) {
      const r = waitpid(pid, 0);
      if (r) {
        this.forgetJobPid(pid);
        return r[1];
      }
      if (errno === EINTR) continue;
      const w = this.reaped.get(pid);
      if (w !== undefined) {
        this.reaped.delete(pid);
        return w;
      }
      return null;
    }
  }

  forgetJobPid(pid: number): void {
    for (const j of this.jobs) j.pids = j.pids.filter((p) => p !== pid);
    this.jobs = this.jobs.filter((j) => j.pids.length);
  }

  // ---- commands ----

  /** Runs a command in the foreground, in this shell where it can be. */
  command(cmd: Command): number {
    switch (cmd.type) {
      case 'simple':
        return this.simple(cmd);
      case 'func':
        this.funcs.set(cmd.name, cmd);
        return (this.status = 0);
      case 'subshell':
        return this.waitLaunch(this.launch(cmd, this.fds));
      default:
        return this.withRedirs(cmd.redirs, () => this.compound(cmd));
    }
  }

  private waitLaunch(l: Launch): number {
    if ('status' in l) return (this.status = l.status);
    const w = this.waitFor(l.pid) ?? 0;
    this.reportSignal(w);
    return (this.status = exitCode(w));
  }

  /** Runs fn with the redirections applied to the shell's descriptor table. */
  withRedirs(redirs: SimpleCommand['redirs'], fn: () => number): number {
    if (!redirs.length) return fn();
    const r = applyRedirs(redirs, this.fds, this);
    if (typeof r === 'string') {
      this.err(r);
      return (this.status = 1);
    }
    const saved = this.fds;
    this.fds = r.io;
    try {
      return fn();
    } finally {
      this.fds = saved;
      closeAll(r.opened);
    }
  }

  private cond(list: List): number {
    this.condDepth++;
    try {
      return this.runList(list);
    } finally {
      this.condDepth--;
    }
  }

  private compound(cmd: Exclude<Command, SimpleCommand | FuncDef>): number {
    switch (cmd.type) {
      case 'group':
        return this.runList(cmd.body);
      case 'if':
        for (const c of cmd.clauses) if (this.cond(c.cond) === 0) return this.runList(c.body);
        return (this.status = cmd.else_ ? this.runList(cmd.else_) : 0);
      case 'while': {
        let st = 0;
        return this.loop(() => {
          if ((this.cond(cmd.cond) === 0) === cmd.until) return false;
          st = this.runList(cmd.body);
          return true;
        }, () => st);
      }
      case 'for':
        return this.forLoop(cmd);
      case 'case': {
        const word = expandString(cmd.word, this);
        for (const item of cmd.items) {
          if (item.patterns.some((p) => matchPattern(expandPattern(p, this), word))) return this.runList(item.body);
        }
        return (this.status = 0);
      }
      case 'subshell':
        return this.waitLaunch(this.launch(cmd, this.fds));
    }
  }

  /** Runs `step` until it returns false, handling break and continue. */
  private loop(step: () => boolean, result: () => number): number {
    this.loopDepth++;
    try {
      for (;;) {
        try {
          if (!step()) break;
        } catch (e) {
          if (!(e instanceof LoopCtl)) throw e;
          if (e.n > 1) {
            e.n--;
            throw e;
          }
          if (e.kind === 'break') break;
        }
      }
    } finally {
      this.loopDepth--;
    }
    return (this.status = result());
  }

  private forLoop(cmd: For): number {
    const items = cmd.items ? expandWords(cmd.items, this) : [...this.args];
    let i = 0, st = 0;
    return this.loop(() => {
      if (i >= items.length) return false;
      this.vars.set(cmd.name, items[i++]);
      st = this.runList(cmd.body);
      return true;
    }, () => st);
  }

  private assignments(cmd: SimpleCommand): [string, string][] {
    return cmd.assigns.map((a) => [a.name, expandString(a.value, this)]);
  }

  private simple(cmd: SimpleCommand): number {
    this.subStatus = null;
    const argv = expandWords(cmd.words, this);
    const assigns = this.assignments(cmd);
    if (!argv.length) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      const r = applyRedirs(cmd.redirs, this.fds, this);
      if (typeof r === 'string') {
        this.err(r);
        return (this.status = 1);
      }
      closeAll(r.opened);
      return (this.status = this.subStatus ?? 0);
    }
    if (this.opts.x) this.say(`+ ${[...assigns.map(([k, v]) => `${k}=${shquote(v)}`), ...argv.map(shquote)].join(' ')}\n`);
    const name = argv[0];
    if (name === 'exec' && argv.length === 1) {
      // exec with only redirections: they stay in effect for the rest of the shell.
      const r = applyRedirs(cmd.redirs, this.fds, this);
      if (typeof r === 'string') {
        this.err(r);
        return (this.status = 1);
      }
      this.fds = r.io;
      return (this.status = 0);
    }
    const fn = this.funcs.get(name);
    const builtin = BUILTINS.get(name);
    if (fn || builtin) {
      return this.withRedirs(cmd.redirs, () => this.withTempVars(assigns, () => {
        this.status = fn ? this.callFunction(fn, argv) : builtin!(this, argv, this.fds);
        return this.status;
      }));
    }
    return this.waitLaunch(this.external(argv, assigns, cmd.redirs, this.fds));
  }

  /** Prefix assignments of a builtin or function hold only while it runs. */
  private withTempVars(assigns: [string, string][], fn: () => number): number {
    if (!assigns.length) return fn();
    const saved = assigns.map(([k]) => [k, this.vars.has(k) ? this.vars.get(k)! : undefined] as const);
    for (const [k, v] of assigns) this.vars.set(k, v);
    try {
      return fn();
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) this.vars.unset(k);
        else this.vars.set(k, v);
      }
    }
  }

  callFunction(fn: FuncDef, argv: string[]): number {
    if (this.fnDepth >= 1000) {
      this.err(`${fn.name}: maximum function nesting level exceeded (1000)`);
      return (this.status = 1);
    }
    const saved = this.args;
    this.args = argv.slice(1);
    this.fnDepth++;
    try {
      return this.command(fn.body);
    } catch (e) {
      if (e instanceof ReturnCtl) return (this.status = e.code);
      throw e;
    } finally {
      this.fnDepth--;
      this.args = saved;
    }
  }

  /** Runs a command as a child process (pipeline stages, background jobs, subshells). */
  launch(cmd: Command, io: number[]): Launch {
    switch (cmd.type) {
      case 'simple': {
        this.subStatus = null;
        const argv = expandWords(cmd.words, this);
        const assigns = this.assignments(cmd);
        if (!argv.length) {
          const r = applyRedirs(cmd.redirs, io, this);
          if (typeof r === 'string') {
            this.err(r);
            return { status: 1 };
          }
          closeAll(r.opened);
          return { status: this.subStatus ?? 0 };
        }
        if (this.opts.x) this.say(`+ ${argv.map(shquote).join(' ')}\n`);
        if (this.funcs.has(argv[0]) || (BUILTINS.has(argv[0]) && !ALSO_EXTERNAL.has(argv[0]))) {
          const src = [...assigns.map(([k, v]) => `${k}=${shquote(v)}`), ...argv.map(shquote)].join(' ');
          return this.withIo(cmd.redirs, io, (io2) => this.spawnShell(src, io2));
        }
        return this.external(argv, assigns, cmd.redirs, io);
      }
      case 'subshell':
        return this.withIo(cmd.redirs, io, (io2) => this.spawnShell(cmd.inner, io2));
      case 'func':
        return { status: 0 };
      default:
        return this.spawnShell(cmd.src, io);
    }
  }

  /** Runs `src` in a child with `io`: one external command directly, anything else in a child shell. */
  private launchSource(src: string, io: number[]): Launch {
    try {
      const l = new Parser(src).parseAll();
      const only = l.items.length === 1 && !l.items[0].bg && !l.items[0].cmd.rest.length ? l.items[0].cmd.first : null;
      if (only && !only.bang && only.cmds.length === 1 && only.cmds[0].type === 'simple') return this.launch(only.cmds[0], io);
    } catch (e) {
      if (!(e instanceof Incomplete || e instanceof SyntaxError_)) throw e;
    }
    return this.spawnShell(src, io);
  }

  private withIo(redirs: SimpleCommand['redirs'], io: number[], fn: (io: number[]) => Launch): Launch {
    const r = applyRedirs(redirs, io, this);
    if (typeof r === 'string') {
      this.err(r);
      return { status: 1 };
    }
    try {
      return fn(r.io);
    } finally {
      closeAll(r.opened);
    }
  }

  /** What a child shell needs to see this shell's state: unexported variables, functions, options. */
  prelude(): string {
    let s = this.vars.locals();
    for (const f of this.funcs.values()) s += f.src + '\n';
    const flags = (this.opts.e ? 'e' : '') + (this.opts.u ? 'u' : '') + (this.opts.x ? 'x' : '');
    if (flags) s += `set -${flags}\n`;
    return s;
  }

  spawnShell(src: string, io: number[]): Launch {
    const argv = ['sh', '-c', this.prelude() + src, this.arg0, ...this.args];
    const pid = spawn('/bin/sh', argv, this.vars.environ([[SUBSHELL_PID, String(this.pid)]]), io);
    if (pid < 0) {
      this.err(`/bin/sh: ${strerror(errno)}`);
      return { status: 126 };
    }
    return { pid };
  }

  /** The file a command name runs: PATH search for names without a slash. */
  lookup(name: string): string | null {
    if (name.includes('/')) return name;
    let denied: string | null = null;
    for (const dir of (this.vars.get('PATH') ?? DEFAULT_PATH).split(':')) {
      const p = `${dir || '.'}/${name}`;
      const st = stat(p);
      if (!st || !S_ISREG(st.mode)) continue;
      if (access(p, X_OK) === 0) return p;
      denied ??= p;
    }
    return denied;
  }

  /** Starts an external command. */
  external(argv: string[], assigns: [string, string][], redirs: SimpleCommand['redirs'], io: number[]): Launch {
    return this.withIo(redirs, io, (io2) => {
      const name = argv[0];
      const path = this.lookup(name);
      if (!path) {
        this.err(`${name}: command not found`);
        return { status: 127 };
      }
      const env = this.vars.environ(assigns);
      let pid = spawn(path, argv, env, io2);
      if (pid < 0 && errno === ENOEXEC) pid = spawn('/bin/sh', ['sh', path, ...argv.slice(1)], env, io2);
      if (pid >= 0) return { pid };
      const e = errno;
      if (e === ENOENT) {
        this.err(`${name}: ${name.includes('/') ? 'No such file or directory' : 'command not found'}`);
        return { status: 127 };
      }
      if (e === EACCES && S_ISDIR(stat(path)?.mode ?? 0)) {
        this.err(`${name}: Is a directory`);
        return { status: 126 };
      }
      this.err(`${name}: ${strerror(e)}`);
      return { status: 126 };
    });
  }

  /** Reaps finished background jobs; returns the ones that finished (for "Done" lines). */
  reapJobs(): { job: Job; status: number }[] {
    const done: { job: Job; status: number }[] = [];
    for (const j of [...this.jobs]) {
      let last = 0;
      for (const pid of [...j.pids]) {
        const r = waitpid(pid, 1);
        if (r && r[0] === pid) {
          // Kept for a later `wait PID`; only the most recent ones.
          if (this.reaped.size >= 256) this.reaped.delete(this.reaped.keys().next().value!);
          this.reaped.set(pid, r[1]);
          last = r[1];
          j.pids = j.pids.filter((p) => p !== pid);
        } else if (!r && errno === ECHILD) j.pids = j.pids.filter((p) => p !== pid);
      }
      if (!j.pids.length) {
        this.jobs = this.jobs.filter((x) => x !== j);
        done.push({ job: j, status: last });
      }
    }
    return done;
  }
}
