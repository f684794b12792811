// find [-H|-L|-P] [PATH...] [EXPRESSION]: walks the directory trees and evaluates the expression for each
// file. Tests -name -iname -path -ipath -type -empty -newer -size -perm -user -group -uid -gid -mtime -mmin
// -links -inum -regex -true -false; actions -print -print0 -printf -exec CMD {} ; / + -delete -prune -quit;
// operators ( ) ! -not -a -and -o -or ,; options -maxdepth -mindepth -depth -xdev (accepted).
// Status 0, 1 when a file could not be read or an -exec ... + command failed, 1 for a bad expression.
import { lstat, stat, opendir, readdir_all, closedir, writeAll, unlink, rmdir, errno, type Dirent } from '../user/libc.js';
import { S_ISDIR, S_ISREG, S_ISLNK, S_ISCHR, S_ISBLK, S_ISFIFO, S_ISSOCK, type Stat } from '../uapi/stat.js';
import { warn, warnx } from '../user/util/err.js';
import { join, basename } from '../user/util/path.js';
import { userName, groupName } from '../user/util/passwd.js';
import { patternSource } from '../user/sh/glob.js';
import { compileRegex } from './lib/regex.js';
import { run } from './lib/run.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'find [-H] [-L] [-P] [PATH]... [EXPRESSION]';
const HELP = `Walks each PATH (default .) and evaluates EXPRESSION for every file (default -print).
Tests:   -name PAT -iname PAT -path PAT -ipath PAT -regex RE -type [fdlcbps] -empty -newer FILE
         -size [+-]N[cwbkMG] -perm [-/]MODE -user NAME -group NAME -uid N -gid N -mtime [+-]N
         -mmin [+-]N -links [+-]N -inum N -true -false
Actions: -print -print0 -printf FORMAT -exec COMMAND {} ; -exec COMMAND {} + -delete -prune -quit
Options: -maxdepth N -mindepth N -depth
Operators: ( EXPR ) ! EXPR -not EXPR EXPR -a EXPR EXPR -o EXPR EXPR , EXPR`;

interface Entry {
  path: string;
  st: Stat;
  depth: number;
  /** The starting point it was found under. */
  root: string;
}
type Pred = (e: Entry) => boolean;

class FindError extends Error {}

let out = '';
let status = 0;
let prune = false;
let quit = false;
const batches: { argv: string[]; at: number; paths: string[] }[] = [];

function flush(): void {
  if (out) writeAll(1, out);
  out = '';
}

const TYPES: Record<string, (m: number) => boolean> = { f: S_ISREG, d: S_ISDIR, l: S_ISLNK, c: S_ISCHR, b: S_ISBLK,
  p: S_ISFIFO, s: S_ISSOCK };

function typeChar(m: number): string {
  for (const [c, f] of Object.entries(TYPES)) if (f(m)) return c;
  return 'U';
}

/** "+N" more than N, "-N" less than N, "N" exactly. */
function cmpNum(arg: string, what: string): (v: number) => boolean {
  const m = /^([-+]?)(\d+)$/.exec(arg);
  if (!m) throw new FindError(`invalid argument \`${arg}' to \`${what}'`);
  const n = Number(m[2]);
  return m[1] === '+' ? (v) => v > n : m[1] === '-' ? (v) => v < n : (v) => v === n;
}

function globRe(pat: string, icase: boolean): RegExp {
  return new RegExp(`^${patternSource(pat)}$`, icase ? 'is' : 's');
}

function printf(fmt: string, e: Entry): string {
  const esc: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '0': '\0', a: '\x07', r: '\r' };
  return fmt.replace(/\\(.)|%([-+ #0]*\d*(?:\.\d+)?)([%pfhPsdmMuUgGyiklnt])/g, (m, e1: string, w: string, c: string) => {
    if (e1 !== undefined) return esc[e1] ?? m;
    let s: string;
    const st = e.st;
    switch (c) {
      case '%': return '%';
      case 'p': s = e.path; break;
      case 'f': s = basename(e.path); break;
      case 'h': {
        const i = e.path.lastIndexOf('/');
        s = i < 0 ? '.' : i === 0 ? '/' : e.path.slice(0, i);
        break;
      }
      case 'P': s = e.path === e.root ? '' : e.path.slice(e.root.length).replace(/^\/+/, ''); break;
      case 's': s = String(st.size); break;
      case 'd': s = String(e.depth); break;
      case 'm': s = (st.mode & 0o7777).toString(8); break;
      case 'u': s = userName(st.uid); break;
      case 'U': s = String(st.uid); break;
      case 'g': s = groupName(st.gid); break;
      case 'G': s = String(st.gid); break;
      case 'y': s = typeChar(st.mode); break;
      case 'i': s = String(st.ino); break;
      case 'k': s = String(Math.ceil(st.blocks / 2)); break;
      case 'n': s = String(st.nlink); break;
      case 't': s = new Date(st.mtime * 1000).toString(); break;
      default: s = '';
    }
    const wm = /^(-?)(\d*)/.exec(w)!;
    const width = Number(wm[2] || 0);
    return wm[1] ? s.padEnd(width) : s.padStart(width);
  });
}

function runBatch(b: { argv: string[]; at: number; paths: string[] }): void {
  if (!b.paths.length) return;
  flush();
  const argv = [...b.argv.slice(0, b.at), ...b.paths, ...b.argv.slice(b.at + 1)];
  b.paths = [];
  const r = run(argv);
  if (r.t === 'failed') {
    warnx('find', r.msg);
    status = 1;
  } else if (r.t !== 'exit' || r.code !== 0) status = 1;
}

class ExprParser {
  private i = 0;
  hasAction = false;
  maxdepth = Infinity;
  mindepth = 0;
  depthFirst = false;
  constructor(private readonly a: string[]) {}

  parse(): Pred | null {
    if (this.i >= this.a.length) return null;
    const p = this.comma();
    if (this.i < this.a.length) throw new FindError(this.a[this.i] === ')' ? "unexpected `)'" : `unexpected \`${this.a[this.i]}'`);
    return p;
  }
  private comma(): Pred {
    let p = this.or();
    while (this.a[this.i] === ',') {
      this.i++;
      const l = p, r = this.or();
      p = (e) => (l(e), r(e));
    }
    return p;
  }
  private or(): Pred {
    let p = this.and();
    while (this.a[this.i] === '-o' || this.a[this.i] === '-or') {
      this.i++;
      const l = p, r = this.and();
      p = (e) => l(e) || r(e);
    }
    return p;
  }
  private and(): Pred {
    let p = this.not();
    for (;;) {
      const t = this.a[this.i];
      if (t === undefined || t === ')' || t === '-o' || t === '-or' || t === ',') return p;
      if (t === '-a' || t === '-and') this.i++;
      const l = p, r = this.not();
      p = (e) => l(e) && r(e);
    }
  }
  private not(): Pred {
    const t = this.a[this.i];
    if (t === '!' || t === '-not') {
      this.i++;
      const p = this.not();
      return (e) => !p(e);
    }
    return this.primary();
  }
  private arg(name: string): string {
    const v = this.a[this.i++];
    if (v === undefined) throw new FindError(`missing argument to \`${name}'`);
    return v;
  }
  private primary(): Pred {
    const t = this.a[this.i++];
    if (t === undefined) throw new FindError('expected an expression');
    if (t === '(') {
      const p = this.comma();
      if (this.a[this.i++] !== ')') throw new FindError("missing `)'");
      return p;
    }
    switch (t) {
      case '-name': case '-iname': {
        const re = globRe(this.arg(t), t === '-iname');
        return (e) => re.test(e.path === '/' ? '/' : basename(e.path));
      }
      case '-path': case '-ipath': case '-wholename': case '-iwholename': {
        const re = globRe(this.arg(t), t.startsWith('-i'));
        return (e) => re.test(e.path);
      }
      case '-regex': case '-iregex': {
        const src = this.arg(t);
        const re = compileRegex(src, { ere: true, icase: t === '-iregex' });
        if (typeof re === 'string') throw new FindError(`invalid regular expression \`${src}': ${re}`);
        const full = new RegExp(`^(?:${re.source})$`, re.flags);
        return (e) => full.test(e.path);
      }
      case '-type': case '-xtype': {
        const v = this.arg(t);
        const fns = v.split(',').map((c) => {
          const f = TYPES[c];
          if (!f) throw new FindError(`Unknown argument to -type: ${c}`);
          return f;
        });
        return (e) => fns.some((f) => f(e.st.mode));
      }
      case '-empty':
        return (e) => {
          if (S_ISREG(e.st.mode)) return e.st.size === 0;
          if (!S_ISDIR(e.st.mode)) return false;
          const fd = opendir(e.path);
          if (fd < 0) return false;
          const ents = readdir_all(fd);
          closedir(fd);
          return !!ents && !ents.some((d) => d.d_name !== '.' && d.d_name !== '..');
        };
      case '-newer': {
        const f = this.arg(t);
        const st = stat(f);
        if (!st) {
          warn('find', f);
          throw new FindError('');
        }
        return (e) => e.st.mtime > st.mtime;
      }
      case '-size': {
        const v = this.arg(t);
        const m = /^([-+]?\d+)([cwbkMG]?)$/.exec(v);
        if (!m) throw new FindError(`invalid -size type \`${v}'`);
        const unit = { c: 1, w: 2, b: 512, k: 1024, M: 1 << 20, G: 1 << 30, '': 512 }[m[2]]!;
        const cmp = cmpNum(m[1], '-size');
        return (e) => cmp(Math.ceil(e.st.size / unit));
      }
      case '-perm': {
        const v = this.arg(t);
        const m = /^([-/]?)([0-7]{1,4})$/.exec(v);
        if (!m) throw new FindError(`invalid mode \`${v}' (only octal modes are supported)`);
        const mode = parseInt(m[2], 8);
        if (m[1] === '-') return (e) => (e.st.mode & mode) === mode;
        if (m[1] === '/') return (e) => mode === 0 || (e.st.mode & mode) !== 0;
        return (e) => (e.st.mode & 0o7777) === mode;
      }
      case '-user': case '-group': {
        const v = this.arg(t);
        const isUser = t === '-user';
        return (e) => {
          const id = isUser ? e.st.uid : e.st.gid;
          return String(id) === v || (isUser ? userName(id) : groupName(id)) === v;
        };
      }
      case '-uid': case '-gid': case '-links': case '-inum': {
        const cmp = cmpNum(this.arg(t), t);
        const k = t === '-uid' ? 'uid' : t === '-gid' ? 'gid' : t === '-links' ? 'nlink' : 'ino';
        return (e) => cmp(e.st[k]);
      }
      case '-mtime': case '-mmin': {
        const cmp = cmpNum(this.arg(t), t);
        const unit = t === '-mtime' ? 86400 : 60;
        const now = Date.now() / 1000;
        return (e) => cmp(Math.floor((now - e.st.mtime) / unit));
      }
      case '-true': return () => true;
      case '-false': return () => false;
      case '-maxdepth': case '-mindepth': {
        const v = this.arg(t);
        if (!/^\d+$/.test(v)) throw new FindError(`Expected a positive decimal integer argument to ${t}, but got \`${v}'`);
        if (t === '-maxdepth') this.maxdepth = Number(v);
        else this.mindepth = Number(v);
        return () => true;
      }
      case '-depth': case '-d':
        this.depthFirst = true;
        return () => true;
      case '-xdev': case '-mount': case '-noleaf': case '-ignore_readdir_race':
        return () => true;
      case '-print':
        this.hasAction = true;
        return (e) => ((out += e.path + '\n'), true);
      case '-print0':
        this.hasAction = true;
        return (e) => ((out += e.path + '\0'), true);
      case '-printf': {
        this.hasAction = true;
        const fmt = this.arg(t);
        return (e) => ((out += printf(fmt, e)), true);
      }
      case '-ls':
        this.hasAction = true;
        return (e) => ((out += printf('%i %k %y%m %n %u %g %s %p\n', e)), true);
      case '-prune':
        return () => ((prune = true), true);
      case '-quit':
        return () => ((quit = true), true);
      case '-delete':
        this.hasAction = true;
        this.depthFirst = true;
        return (e) => {
          const r = S_ISDIR(e.st.mode) ? rmdir(e.path) : unlink(e.path);
          if (r < 0) {
            warn('find', `cannot delete '${e.path}'`);
            status = 1;
            return false;
          }
          return true;
        };
      case '-exec': case '-execdir': case '-ok': {
        this.hasAction = true;
        const argv: string[] = [];
        for (;;) {
          const w = this.a[this.i++];
          if (w === undefined) throw new FindError(`missing argument to \`${t}'`);
          if (w === ';') break;
          if (w === '+' && argv[argv.length - 1] === '{}') {
            if (argv.length < 2) throw new FindError(`missing argument to \`${t}'`);
            const b = { argv, at: argv.length - 1, paths: [] as string[] };
            batches.push(b);
            return (e) => {
              b.paths.push(e.path);
              if (b.paths.length >= 1000) runBatch(b);
              return true;
            };
          }
          argv.push(w);
        }
        if (!argv.length) throw new FindError(`missing argument to \`${t}'`);
        return (e) => {
          flush();
          const r = run(argv.map((x) => x.split('{}').join(e.path)));
          if (r.t === 'failed') {
            warnx('find', r.msg);
            status = 1;
            return false;
          }
          return r.t === 'exit' && r.code === 0;
        };
      }
    }
    if (t.startsWith('-')) throw new FindError(`unknown predicate \`${t}'`);
    throw new FindError(`paths must precede expression: \`${t}'`);
  }
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  out = '';
  status = 0;
  quit = false;
  batches.length = 0;
  let follow: 'P' | 'H' | 'L' = 'P';
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-H' || a === '-L' || a === '-P') follow = a[1] as 'P' | 'H' | 'L';
    else if (a === '--') {
      i++;
      break;
    } else break;
  }
  const paths: string[] = [];
  while (i < argv.length && !(argv[i].startsWith('-') && argv[i].length > 1) && argv[i] !== '(' && argv[i] !== '!') paths.push(argv[i++]);
  if (!paths.length) paths.push('.');
  const ep = new ExprParser(argv.slice(i));
  let pred: Pred;
  try {
    const p = ep.parse();
    const print: Pred = (e) => ((out += e.path + '\n'), true);
    pred = !p ? print : ep.hasAction ? p : (e) => p(e) && print(e);
  } catch (e) {
    if (e instanceof FindError) {
      if (e.message) warnx('find', e.message);
      return 1;
    }
    throw e;
  }
  const { maxdepth, mindepth, depthFirst } = ep;
  const seen = new Set<string>();
  const visit = (path: string, depth: number, root: string): void => {
    if (quit) return;
    const st = follow === 'L' || (follow === 'H' && depth === 0) ? stat(path) ?? lstat(path) : lstat(path);
    if (!st) {
      warn('find', `'${path}'`);
      status = 1;
      return;
    }
    const e: Entry = { path, st, depth, root };
    prune = false;
    if (!depthFirst && depth >= mindepth) pred(e);
    if (quit) return;
    const pruned = prune;
    if (S_ISDIR(st.mode) && depth < maxdepth && !pruned) {
      const id = `${st.dev}:${st.ino}`;
      if (follow === 'L' && seen.has(id)) {
        warnx('find', `File system loop detected; '${path}' is part of the same file system loop.`);
        status = 1;
      } else {
        seen.add(id);
        const fd = opendir(path);
        const ents: Dirent[] | null = fd < 0 ? null : readdir_all(fd);
        if (fd >= 0) closedir(fd);
        if (!ents) {
          warn('find', `'${path}'`, errno);
          status = 1;
        } else {
          for (const d of ents) {
            if (d.d_name === '.' || d.d_name === '..') continue;
            visit(join(path, d.d_name), depth + 1, root);
            if (quit) break;
            if (out.length > 65536) flush();
          }
        }
        seen.delete(id);
      }
    }
    if (depthFirst && depth >= mindepth && !quit) pred(e);
  };
  for (const p of paths) {
    visit(p, 0, p);
    if (quit) break;
  }
  for (const b of batches) runBatch(b);
  flush();
  return status;
}
