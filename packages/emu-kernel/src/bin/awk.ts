// awk [-F FS] [-v VAR=VALUE]... [-f PROGFILE | 'PROGRAM'] [FILE | VAR=VALUE]...: the POSIX pattern scanning
// language: records and fields (FS, RS, OFS, ORS, NF, NR, FNR, FILENAME), patterns and ranges, BEGIN/END,
// variables and associative arrays, user functions, print/printf with > >> | redirections, getline, and
// the built-in functions (length substr index split sub gsub match sprintf sin cos atan2 exp log sqrt int
// rand srand tolower toupper system close fflush). Regular expressions are POSIX extended ones.
// Status 0, that of exit N, 2 for a syntax or run-time error.
import { writeAll, open, close, pipe, spawn, waitpid, environ, readAll } from '../user/libc.js';
import { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_RDONLY } from '../uapi/fcntl.js';
import { warnx, warn } from '../user/util/err.js';
import { compileRegex } from './lib/regex.js';
import { LineReader } from './lib/lines.js';
import { format } from './lib/format.js';
import { wantsHelp, help } from './lib/help.js';
import { parseProgram, unescape, AwkSyntaxError, type Node, type Stmt, type Program, type Func } from './lib/awkparse.js';

const SYNOPSIS = ["awk [-F FS] [-v VAR=VALUE]... 'PROGRAM' [FILE | VAR=VALUE]...",
  'awk [-F FS] [-v VAR=VALUE]... -f PROGFILE [FILE | VAR=VALUE]...'];
const HELP = `Runs the awk PROGRAM over the records of the FILEs (or standard input).
  -F FS          the field separator (a character or an extended regular expression)
  -v VAR=VALUE   assign VAR before the program starts
  -f PROGFILE    read the program from PROGFILE (may be repeated)
A program is a list of PATTERN { ACTION } (BEGIN, END, /RE/, expressions, PATTERN1, PATTERN2 ranges)
and function NAME(PARAMS) { ... } definitions.`;

/** A value from input (fields, getline, split, ARGV, ENVIRON, -v): a string that compares as a number
 * when it looks like one. */
class StrNum {
  readonly num: number | null;
  constructor(readonly s: string) {
    this.num = /^[ \t\n]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n]*$/.test(s) ? Number(s.trim()) : null;
  }
}
type Val = number | string | StrNum | undefined;
type Arr = Map<string, Val>;
type Cell = Val | Arr;

class AwkError extends Error {}
class NextEx {}
class NextFileEx {}
class ExitEx {
  constructor(readonly code: number) {}
}
class ReturnEx {
  constructor(readonly v: Val) {}
}
class BreakEx {}
class ContinueEx {}

/** strtod of awk: the longest numeric prefix, 0 when none. */
function strtod(s: string): number {
  const m = /^[ \t\n\r\f\v]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(s);
  if (m) return Number(m[1]);
  const m2 = /^[ \t\n]*([-+]?)(inf|infinity|nan)\b/i.exec(s);
  if (m2 && /^[-+]/.test(m2[1])) return m2[2].toLowerCase() === 'nan' ? NaN : m2[1] === '-' ? -Infinity : Infinity;
  return 0;
}

interface Output {
  fd: number;
  pid: number;
  buf: string;
}

class Awk {
  private g = new Map<string, Cell>();
  private frames: Map<string, Cell>[] = [];
  private rec = '';
  private fields: Val[] | null = null;
  private recFS = ' ';
  private nf = 0;
  private out = '';
  private outputs = new Map<string, Output>();
  private inputs = new Map<string, { rd: LineReader | null; lines: string[]; pid: number }>();
  private reCache = new Map<string, RegExp>();
  private rangeActive: boolean[] = [];
  private main: LineReader | null = null;
  private argi = 1;
  private mainDone = false;
  private seed = 0;
  private prevSeed = 0;
  private rng = 0;
  exitCode = 0;

  constructor(private readonly prog: Program) {
    for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', NR: 0, FNR: 0, SUBSEP: '\x1c',
      CONVFMT: '%.6g', OFMT: '%.6g', RSTART: 0, RLENGTH: -1, FILENAME: '' } as Record<string, Val>)) this.g.set(k, v);
    const env: Arr = new Map();
    for (const e of environ) {
      const i = e.indexOf('=');
      if (i > 0) env.set(e.slice(0, i), new StrNum(e.slice(i + 1)));
    }
    this.g.set('ENVIRON', env);
    this.srand(0);
  }

  // ---- values ----
  num(v: Val): number {
    if (typeof v === 'number') return v;
    if (v === undefined) return 0;
    if (v instanceof StrNum) return v.num ?? strtod(v.s);
    return strtod(v);
  }
  private fmtNum(v: number, fmt: string): string {
    if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v < 0 ? '-inf' : 'inf';
    return this.sprintf(fmt, [v]);
  }
  str(v: Val): string {
    if (typeof v === 'string') return v;
    if (v === undefined) return '';
    if (v instanceof StrNum) return v.s;
    return this.fmtNum(v, this.str(this.g.get('CONVFMT') as Val));
  }
  private outStr(v: Val): string {
    return typeof v === 'number' ? this.fmtNum(v, this.str(this.g.get('OFMT') as Val)) : this.str(v);
  }
  private bool(v: Val): boolean {
    if (typeof v === 'number') return v !== 0;
    if (v === undefined) return false;
    if (v instanceof StrNum) return v.num !== null ? v.num !== 0 : v.s !== '';
    return v !== '';
  }
  private numeric(v: Val): boolean {
    return typeof v === 'number' || v === undefined || (v instanceof StrNum && v.num !== null);
  }
  private compare(a: Val, b: Val): number {
    if (this.numeric(a) && this.numeric(b)) {
      const x = this.num(a), y = this.num(b);
      return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
    }
    const x = this.str(a), y = this.str(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  regex(src: string): RegExp {
    let r = this.reCache.get(src);
    if (!r) {
      const c = compileRegex(src, { ere: true, awk: true });
      if (typeof c === 'string') throw new AwkError(`${c}: /${src}/`);
      r = c;
      this.reCache.set(src, r);
    }
    return r;
  }
  private reOf(n: Node): RegExp {
    return n.k === 're' ? this.regex(n.src) : this.regex(this.str(this.eval(n)));
  }

  // ---- records and fields ----
  setRecord(s: string): void {
    this.rec = s;
    this.fields = null;
    this.recFS = this.str(this.g.get('FS') as Val);
  }
  split(s: string, fs: string | RegExp, paragraph = false): string[] {
    if (fs === ' ') {
      const t = s.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
      return t ? t.split(/[ \t\n]+/) : [];
    }
    if (s === '') return [];
    if (typeof fs === 'string') {
      if (fs === '') return [...s];
      if (fs.length === 1 && fs !== '\\') {
        const parts = s.split(fs);
        return paragraph ? parts.flatMap((p) => p.split('\n')) : parts;
      }
      fs = this.regex(fs);
    }
    const g = new RegExp(paragraph ? `(?:${fs.source})|\\n` : fs.source, fs.flags.includes('g') ? fs.flags : fs.flags + 'g');
    const out: string[] = [];
    let pos = 0;
    let m: RegExpExecArray | null;
    while ((m = g.exec(s))) {
      if (m[0] === '') {
        g.lastIndex++;
        if (g.lastIndex > s.length) break;
        continue;
      }
      out.push(s.slice(pos, m.index));
      pos = m.index + m[0].length;
    }
    out.push(s.slice(pos));
    return out;
  }
  private ensureFields(): Val[] {
    if (!this.fields) {
      const paragraph = this.str(this.g.get('RS') as Val) === '';
      this.fields = this.split(this.rec, this.recFS, paragraph).map((f) => new StrNum(f));
      this.nf = this.fields.length;
    }
    return this.fields;
  }
  private rebuild(): void {
    const ofs = this.str(this.g.get('OFS') as Val);
    this.rec = this.fields!.slice(0, this.nf).map((f) => this.str(f)).join(ofs);
  }
  getField(i: number): Val {
    if (i < 0) throw new AwkError(`trying to access out of range field ${i}`);
    if (i === 0) return new StrNum(this.rec);
    const f = this.ensureFields();
    return i <= this.nf ? f[i - 1] : undefined;
  }
  setField(i: number, v: Val): void {
    if (i < 0) throw new AwkError(`trying to access out of range field ${i}`);
    if (i === 0) {
      this.setRecord(this.str(v));
      return;
    }
    if (i > 100000) throw new AwkError(`field index ${i} too large`);
    const f = this.ensureFields();
    while (f.length < i) f.push('');
    f[i - 1] = v;
    if (i > this.nf) this.nf = i;
    this.rebuild();
  }
  private setNF(n: number): void {
    const f = this.ensureFields();
    n = Math.max(0, Math.trunc(n));
    while (f.length < n) f.push('');
    f.length = n;
    this.nf = n;
    this.rebuild();
  }

  // ---- variables ----
  private scope(name: string): Map<string, Cell> {
    const fr = this.frames[this.frames.length - 1];
    return fr && fr.has(name) ? fr : this.g;
  }
  getVar(name: string): Val {
    if (name === 'NF') {
      this.ensureFields();
      return this.nf;
    }
    const v = this.scope(name).get(name);
    if (v instanceof Map) throw new AwkError(`attempt to use array \`${name}' in a scalar context`);
    return v;
  }
  setVar(name: string, v: Val): void {
    if (name === 'NF') {
      this.setNF(this.num(v));
      return;
    }
    const sc = this.scope(name);
    if (sc.get(name) instanceof Map) throw new AwkError(`attempt to use array \`${name}' in a scalar context`);
    sc.set(name, v);
  }
  array(name: string): Arr {
    const sc = this.scope(name);
    const v = sc.get(name);
    if (v instanceof Map) return v;
    if (v !== undefined) throw new AwkError(`attempt to use scalar \`${name}' as an array`);
    const a: Arr = new Map();
    sc.set(name, a);
    return a;
  }
  private key(subs: Node[]): string {
    if (subs.length === 1) return this.str(this.eval(subs[0]));
    return subs.map((s) => this.str(this.eval(s))).join(this.str(this.g.get('SUBSEP') as Val));
  }
  private get(lv: Node): Val {
    if (lv.k === 'var') return this.getVar(lv.name);
    if (lv.k === 'idx') {
      const a = this.array(lv.name);
      const k = this.key(lv.subs);
      if (!a.has(k)) a.set(k, undefined);
      return a.get(k);
    }
    if (lv.k === 'field') return this.getField(Math.trunc(this.num(this.eval(lv.e))));
    throw new AwkError('assignment to a non-lvalue');
  }
  private set(lv: Node, v: Val): void {
    if (v instanceof StrNum) v = new StrNum(v.s);
    if (lv.k === 'var') this.setVar(lv.name, v);
    else if (lv.k === 'idx') this.array(lv.name).set(this.key(lv.subs), v);
    else if (lv.k === 'field') this.setField(Math.trunc(this.num(this.eval(lv.e))), v);
    else throw new AwkError('assignment to a non-lvalue');
  }

  // ---- expressions ----
  eval(n: Node): Val {
    switch (n.k) {
      case 'num': return n.v;
      case 'str': return n.v;
      case 're': return this.regex(n.src).test(this.rec) ? 1 : 0;
      case 'group': return this.eval(n.e);
      case 'list': return this.key(n.items);
      case 'var': case 'idx': case 'field': return this.get(n);
      case 'assign': {
        if (n.op === '=') {
          const v = this.eval(n.e);
          this.set(n.lv, v);
          return v;
        }
        const r = this.num(this.eval(n.e));
        const v = this.arith(n.op[0], this.num(this.get(n.lv)), r);
        this.set(n.lv, v);
        return v;
      }
      case 'cond': return this.bool(this.eval(n.c)) ? this.eval(n.a) : this.eval(n.b);
      case 'and': return this.bool(this.eval(n.a)) && this.bool(this.eval(n.b)) ? 1 : 0;
      case 'or': return this.bool(this.eval(n.a)) || this.bool(this.eval(n.b)) ? 1 : 0;
      case 'not': return this.bool(this.eval(n.e)) ? 0 : 1;
      case 'neg': return -this.num(this.eval(n.e));
      case 'plus': return this.num(this.eval(n.e));
      case 'match': {
        const s = this.str(this.eval(n.e));
        return this.reOf(n.re).test(s) !== n.neg ? 1 : 0;
      }
      case 'in': {
        const k = this.key(n.subs);
        return this.array(n.name).has(k) ? 1 : 0;
      }
      case 'incdec': {
        const old = this.num(this.get(n.lv));
        const v = n.op === '++' ? old + 1 : old - 1;
        this.set(n.lv, v);
        return n.pre ? v : old;
      }
      case 'cat': return this.str(this.eval(n.a)) + this.str(this.eval(n.b));
      case 'bin': {
        const op = n.op;
        if (op === '<' || op === '<=' || op === '>' || op === '>=' || op === '==' || op === '!=') {
          const c = this.compare(this.eval(n.a), this.eval(n.b));
          const r = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '==' ? c === 0 : c !== 0;
          return r ? 1 : 0;
        }
        return this.arith(op, this.num(this.eval(n.a)), this.num(this.eval(n.b)));
      }
      case 'call': return this.call(n.name, n.args);
      case 'builtin': return this.builtin(n.name, n.args);
      case 'getline': return this.getline(n);
    }
  }
  private arith(op: string, a: number, b: number): number {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) throw new AwkError('division by zero');
        return a / b;
      case '%':
        if (b === 0) throw new AwkError('division by zero in %');
        return a % b;
      case '^': return a ** b;
    }
    throw new AwkError(`bad operator ${op}`);
  }

  private call(name: string, args: Node[]): Val {
    const f = this.prog.funcs.get(name) as Func;
    if (args.length > f.params.length) throw new AwkError(`function \`${name}' called with more arguments than declared`);
    if (this.frames.length > 2000) throw new AwkError('function call nesting too deep');
    const fr = new Map<string, Cell>();
    f.params.forEach((p, i) => {
      const a = args[i];
      if (!a) {
        fr.set(p, undefined);
        return;
      }
      if (a.k === 'var') {
        const sc = this.scope(a.name);
        let v = sc.get(a.name);
        // An untyped variable passed where the function uses an array: it becomes that array.
        if (v === undefined && usesAsArray(f, p)) {
          v = new Map();
          sc.set(a.name, v);
        }
        fr.set(p, v instanceof Map ? v : a.name === 'NF' ? this.getVar('NF') : v);
        return;
      }
      fr.set(p, this.eval(a));
    });
    this.frames.push(fr);
    try {
      this.block(f.body);
    } catch (e) {
      if (e instanceof ReturnEx) return e.v;
      throw e;
    } finally {
      this.frames.pop();
    }
    return undefined;
  }

  sprintf(fmt: string, vals: Val[]): string {
    let i = 0;
    const next = () => vals[i++];
    return format(fmt, {
      num: () => this.num(next()),
      str: () => this.str(next()),
      chr: () => {
        const v = next();
        if (typeof v === 'number') return String.fromCodePoint(Math.max(0, Math.trunc(v)) % 0x110000);
        return [...this.str(v)][0] ?? '';
      },
    });
  }

  private subst(global: boolean, args: Node[]): number {
    if (args.length < 2 || args.length > 3) throw new AwkError(`${global ? 'gsub' : 'sub'}: wrong number of arguments`);
    const re = this.reOf(args[0]);
    const repl = this.str(this.eval(args[1]));
    const target: Node = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } };
    const s = this.str(this.eval(target));
    const g = new RegExp(re.source, re.flags + 'g');
    let out = '', pos = 0, n = 0;
    let m: RegExpExecArray | null;
    const rep = (matched: string) => repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? matched : x === '\\&' ? '&' : '\\'));
    while ((m = g.exec(s))) {
      out += s.slice(pos, m.index) + rep(m[0]);
      pos = m.index + m[0].length;
      n++;
      if (!global) break;
      if (m[0] === '') {
        if (m.index >= s.length) break;
        out += s[m.index];
        pos = m.index + 1;
        g.lastIndex = pos;
      }
    }
    if (n) this.set(target, out + s.slice(pos));
    return n;
  }

  private srand(seed: number): number {
    const prev = this.seed;
    this.seed = seed;
    this.rng = (Math.trunc(seed) ^ 0x5deece66) >>> 0 || 1;
    this.prevSeed = prev;
    return prev;
  }
  private rand(): number {
    // xorshift32: deterministic for a seed, as awk's rand is.
    let x = this.rng;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng / 4294967296;
  }

  private builtin(name: string, args: Node[]): Val {
    const arity = (lo: number, hi = lo) => {
      if (args.length < lo || args.length > hi) throw new AwkError(`${name}: called with ${args.length} arguments`);
    };
    const s = (i: number) => this.str(this.eval(args[i]));
    const x = (i: number) => this.num(this.eval(args[i]));
    switch (name) {
      case 'length': {
        arity(0, 1);
        if (!args.length) return [...this.rec].length;
        const a = args[0];
        if (a.k === 'var') {
          const v = this.scope(a.name).get(a.name);
          if (v instanceof Map) return v.size;
        }
        return [...s(0)].length;
      }
      case 'substr': {
        arity(2, 3);
        const str = [...s(0)];
        let start = Math.round(x(1));
        let len = args.length > 2 ? Math.round(x(2)) : Infinity;
        if (Number.isNaN(start)) start = 1;
        if (Number.isNaN(len)) len = 0;
        if (start < 1) {
          len += start - 1;
          start = 1;
        }
        if (len <= 0) return '';
        return str.slice(start - 1, len === Infinity ? undefined : start - 1 + len).join('');
      }
      case 'index': {
        arity(2);
        const hay = s(0), needle = s(1);
        const i = hay.indexOf(needle);
        return i < 0 ? 0 : [...hay.slice(0, i)].length + 1;
      }
      case 'split': {
        arity(2, 3);
        const str = s(0);
        const a = args[1];
        if (a.k !== 'var') throw new AwkError('split: second argument is not an array');
        let fs: string | RegExp;
        if (args.length > 2) fs = args[2].k === 're' ? this.regex(args[2].src) : s(2);
        else fs = this.str(this.g.get('FS') as Val);
        const parts = this.split(str, fs);
        const arr = this.array(a.name);
        arr.clear();
        parts.forEach((p, i) => arr.set(String(i + 1), new StrNum(p)));
        return parts.length;
      }
      case 'sub': return this.subst(false, args);
      case 'gsub': return this.subst(true, args);
      case 'match': {
        arity(2);
        const str = s(0);
        const m = this.reOf(args[1]).exec(str);
        const start = m ? [...str.slice(0, m.index)].length + 1 : 0;
        const len = m ? [...m[0]].length : -1;
        this.g.set('RSTART', start);
        this.g.set('RLENGTH', len);
        return start;
      }
      case 'sprintf': {
        if (!args.length) throw new AwkError('sprintf: no format');
        const vals = args.map((a) => this.eval(a));
        return this.sprintf(this.str(vals[0]), vals.slice(1));
      }
      case 'sin': arity(1); return Math.sin(x(0));
      case 'cos': arity(1); return Math.cos(x(0));
      case 'atan2': arity(2); return Math.atan2(x(0), x(1));
      case 'exp': arity(1); return Math.exp(x(0));
      case 'log': arity(1); return Math.log(x(0));
      case 'sqrt': arity(1); return Math.sqrt(x(0));
      case 'int': arity(1); return Math.trunc(x(0));
      case 'rand': arity(0); return this.rand();
      case 'srand': arity(0, 1); return this.srand(args.length ? x(0) : Math.floor(Date.now() / 1000)) ;
      case 'tolower': arity(1); return s(0).toLowerCase();
      case 'toupper': arity(1); return s(0).toUpperCase();
      case 'system': {
        arity(1);
        const cmd = s(0);
        this.flushAll();
        const pid = spawn('/bin/sh', ['sh', '-c', cmd], environ);
        if (pid < 0) return -1;
        const w = waitpid(pid);
        if (!w) return -1;
        const st = w[1];
        return (st & 0x7f) ? 256 + (st & 0x7f) : (st >> 8) & 0xff;
      }
      case 'close': {
        arity(1, 2);
        return this.closeStream(s(0));
      }
      case 'fflush': {
        arity(0, 1);
        this.flushAll();
        return 0;
      }
    }
    throw new AwkError(`unknown function ${name}`);
  }

  // ---- input ----
  /** The next record of the main input (ARGV operands, assignments among them), or null. */
  private nextMain(): string | null {
    for (;;) {
      if (this.mainDone) return null;
      if (!this.main) {
        const argv = this.g.get('ARGV');
        const argc = this.num(this.g.get('ARGC') as Val);
        let name: string | null = null;
        while (this.argi < argc) {
          const v = argv instanceof Map ? this.str(argv.get(String(this.argi))) : '';
          this.argi++;
          if (v === '') continue;
          if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
            const i = v.indexOf('=');
            this.setVar(v.slice(0, i), new StrNum(unescape(v.slice(i + 1))));
            continue;
          }
          name = v;
          break;
        }
        if (name === null) {
          if (this.usedFile) {
            this.mainDone = true;
            return null;
          }
          name = '-';
        }
        this.usedFile = true;
        this.main = new LineReader('awk', [name]);
        this.g.set('FILENAME', name === '-' ? '' : name);
        this.g.set('FNR', 0);
        this.mainRS = null;
      }
      const r = this.readRecord(this.main, (rs) => (this.mainRS = rs), this.mainRS);
      if (r === null) {
        if (this.main.failed) this.exitCode = 2;
        this.main = null;
        continue;
      }
      this.g.set('NR', this.num(this.g.get('NR') as Val) + 1);
      this.g.set('FNR', this.num(this.g.get('FNR') as Val) + 1);
      return r;
    }
  }
  private usedFile = false;
  private mainRS: string[] | null = null;

  /** A record by RS: a line ("\n"), a paragraph (""), or text up to a character or a regular expression. */
  private readRecord(rd: LineReader, keep: (rs: string[] | null) => void, pending: string[] | null): string | null {
    const rs = this.str(this.g.get('RS') as Val);
    if (rs === '\n' && !pending) {
      const l = rd.next();
      return l ? l.text : null;
    }
    // Other separators: the rest of the input is read, then split (records queue in `pending`).
    if (!pending) {
      let all = '';
      for (let l = rd.next(); l; l = rd.next()) all += l.text + (l.nl ? '\n' : '');
      let recs: string[];
      if (rs === '') {
        all = all.replace(/^\n+/, '').replace(/\n+$/, '');
        recs = all ? all.split(/\n\n+/) : [];
      } else if (rs.length === 1) {
        recs = all.split(rs);
        if (recs[recs.length - 1] === '' || (rs !== '\n' && recs[recs.length - 1] === '\n')) recs.pop();
        if (rs !== '\n' && recs.length) recs[recs.length - 1] = recs[recs.length - 1].replace(/\n$/, '');
      } else {
        recs = all.split(new RegExp(this.regex(rs).source));
        if (recs[recs.length - 1] === '') recs.pop();
      }
      pending = recs;
      keep(pending);
    }
    return pending.length ? pending.shift()! : null;
  }

  private getline(n: Extract<Node, { k: 'getline' }>): Val {
    let line: string | null;
    if (n.src === 'main') {
      line = this.nextMain();
      if (line === null) return 0;
      if (!n.lv) {
        this.setRecord(line);
        return 1;
      }
      this.set(n.lv, new StrNum(line));
      return 1;
    }
    const name = this.str(this.eval(n.e!));
    let inp = this.inputs.get(name);
    if (!inp) {
      if (n.src === 'file') {
        if (name !== '-' && name !== '/dev/stdin') {
          const fd = open(name, O_RDONLY);
          if (fd < 0) return -1;
          close(fd);
        }
        inp = { rd: new LineReader('awk', [name === '/dev/stdin' ? '-' : name]), lines: [], pid: -1 };
      } else {
        this.flushAll();
        const p = pipe();
        if (!p) return -1;
        const pid = spawn('/bin/sh', ['sh', '-c', name], environ, [0, p[1], 2]);
        close(p[1]);
        const data = pid < 0 ? null : readAll(p[0]);
        close(p[0]);
        if (pid >= 0) waitpid(pid);
        const text = data ? new TextDecoder().decode(data) : '';
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        inp = { rd: null, lines, pid };
      }
      this.inputs.set(name, inp);
    }
    if (inp.rd) {
      const l = inp.rd.next();
      line = l ? l.text : null;
    } else line = inp.lines.length ? inp.lines.shift()! : null;
    if (line === null) return 0;
    this.g.set('NR', this.num(this.g.get('NR') as Val) + 1);
    if (!n.lv) {
      this.setRecord(line);
      return 1;
    }
    this.set(n.lv, new StrNum(line));
    return 1;
  }

  // ---- output ----
  private write(redir: { op: string; e: Node } | undefined, s: string): void {
    if (!redir) {
      this.out += s;
      if (this.out.length > 32768) this.flushOut();
      return;
    }
    const name = this.str(this.eval(redir.e));
    let o = this.outputs.get(name);
    if (!o) {
      if (name === '/dev/stdout' || name === '-') o = { fd: 1, pid: -1, buf: '' };
      else if (name === '/dev/stderr') o = { fd: 2, pid: -1, buf: '' };
      else if (redir.op === '|') {
        this.flushAll();
        const p = pipe();
        if (!p) throw new AwkError(`can't open pipe \`${name}'`);
        const pid = spawn('/bin/sh', ['sh', '-c', name], environ, [p[0], 1, 2]);
        close(p[0]);
        if (pid < 0) {
          close(p[1]);
          throw new AwkError(`can't open pipe \`${name}'`);
        }
        o = { fd: p[1], pid, buf: '' };
      } else {
        const fd = open(name, O_WRONLY | O_CREAT | (redir.op === '>>' ? O_APPEND : O_TRUNC), 0o666);
        if (fd < 0) {
          warn('awk', name);
          throw new AwkError(`can't redirect to \`${name}'`);
        }
        o = { fd, pid: -1, buf: '' };
      }
      this.outputs.set(name, o);
    }
    if (o.fd === 1) {
      this.out += s;
      return;
    }
    if (o.fd === 2) {
      this.flushOut();
      writeAll(2, s);
      return;
    }
    o.buf += s;
    if (o.buf.length > 32768) {
      writeAll(o.fd, o.buf);
      o.buf = '';
    }
  }
  private flushOut(): void {
    if (this.out) writeAll(1, this.out);
    this.out = '';
  }
  flushAll(): void {
    this.flushOut();
    for (const o of this.outputs.values()) {
      if (o.buf) writeAll(o.fd, o.buf);
      o.buf = '';
    }
  }
  private closeStream(name: string): number {
    const o = this.outputs.get(name);
    let r = -1;
    if (o) {
      if (o.fd > 2) {
        if (o.buf) writeAll(o.fd, o.buf);
        close(o.fd);
      } else this.flushOut();
      r = 0;
      if (o.pid >= 0) {
        const w = waitpid(o.pid);
        r = w ? (w[1] >> 8) & 0xff : -1;
      }
      this.outputs.delete(name);
    }
    const i = this.inputs.get(name);
    if (i) {
      i.rd?.close();
      this.inputs.delete(name);
      r = 0;
    }
    return r;
  }
  closeAll(): void {
    this.flushAll();
    for (const name of [...this.outputs.keys()]) this.closeStream(name);
    for (const name of [...this.inputs.keys()]) this.closeStream(name);
  }

  // ---- statements ----
  private block(body: Stmt[]): void {
    for (const s of body) this.exec(s);
  }
  private exec(s: Stmt): void {
    switch (s.k) {
      case 'expr': this.eval(s.e); return;
      case 'print': {
        const text = s.args.length ? s.args.map((a) => this.outStr(this.eval(a))).join(this.str(this.g.get('OFS') as Val)) : this.rec;
        this.write(s.redir, text + this.str(this.g.get('ORS') as Val));
        return;
      }
      case 'printf': {
        const vals = s.args.map((a) => this.eval(a));
        this.write(s.redir, this.sprintf(this.str(vals[0]), vals.slice(1)));
        return;
      }
      case 'if':
        if (this.bool(this.eval(s.c))) this.exec(s.a);
        else if (s.b) this.exec(s.b);
        return;
      case 'while':
        while (this.bool(this.eval(s.c))) if (this.loopBody(s.body)) break;
        return;
      case 'do':
        do if (this.loopBody(s.body)) break; while (this.bool(this.eval(s.c)));
        return;
      case 'for':
        if (s.init) this.eval(s.init);
        while (!s.c || this.bool(this.eval(s.c))) {
          if (this.loopBody(s.body)) break;
          if (s.step) this.eval(s.step);
        }
        return;
      case 'forin': {
        const arr = this.array(s.arr);
        for (const k of [...arr.keys()]) {
          if (!arr.has(k)) continue;
          this.set(s.v, new StrNum(k));
          if (this.loopBody(s.body)) break;
        }
        return;
      }
      case 'block': this.block(s.body); return;
      case 'nop': return;
      case 'next': throw new NextEx();
      case 'nextfile': throw new NextFileEx();
      case 'break': throw new BreakEx();
      case 'continue': throw new ContinueEx();
      case 'exit': throw new ExitEx(s.e ? Math.trunc(this.num(this.eval(s.e))) & 0xff : this.exitCode);
      case 'return': throw new ReturnEx(s.e ? this.eval(s.e) : undefined);
      case 'delete': {
        const arr = this.array(s.name);
        if (s.subs) arr.delete(this.key(s.subs));
        else arr.clear();
        return;
      }
    }
  }
  /** Runs a loop body; true when it broke out. */
  private loopBody(s: Stmt): boolean {
    try {
      this.exec(s);
    } catch (e) {
      if (e instanceof BreakEx) return true;
      if (e instanceof ContinueEx) return false;
      throw e;
    }
    return false;
  }

  run(argv: string[], assigns: [string, string][]): number {
    const args: Arr = new Map();
    argv.forEach((a, i) => args.set(String(i), new StrNum(a)));
    this.g.set('ARGV', args);
    this.g.set('ARGC', argv.length);
    for (const [k, v] of assigns) this.setVar(k, new StrNum(unescape(v)));
    const items = this.prog.items;
    const begins = items.filter((i) => i.kind === 'BEGIN');
    const ends = items.filter((i) => i.kind === 'END');
    const mains = items.filter((i) => i.kind === 'main');
    let exiting = false;
    try {
      for (const b of begins) this.block(b.body!);
    } catch (e) {
      if (!(e instanceof ExitEx)) throw e;
      this.exitCode = e.code;
      exiting = true;
    }
    if (!exiting && (mains.length || ends.length)) {
      try {
        for (let r = this.nextMain(); r !== null; r = this.nextMain()) {
          this.setRecord(r);
          try {
            mains.forEach((it, i) => {
              if (!this.matches(it, i)) return;
              if (it.body) this.block(it.body);
              else this.write(undefined, this.rec + this.str(this.g.get('ORS') as Val));
            });
          } catch (e) {
            if (e instanceof NextEx) continue;
            if (e instanceof NextFileEx) {
              this.main?.close();
              this.main = null;
              continue;
            }
            throw e;
          }
        }
      } catch (e) {
        if (!(e instanceof ExitEx)) throw e;
        this.exitCode = e.code;
      }
    }
    try {
      for (const b of ends) this.block(b.body!);
    } catch (e) {
      if (!(e instanceof ExitEx)) throw e;
      this.exitCode = e.code;
    }
    return this.exitCode;
  }

  private matches(it: { pat?: Node; pat2?: Node }, i: number): boolean {
    if (!it.pat) return true;
    if (!it.pat2) return this.bool(this.eval(it.pat));
    if (!this.rangeActive[i]) {
      if (!this.bool(this.eval(it.pat))) return false;
      this.rangeActive[i] = !this.bool(this.eval(it.pat2));
      return true;
    }
    if (this.bool(this.eval(it.pat2))) this.rangeActive[i] = false;
    return true;
  }
}

/** Whether a function uses its parameter as an array (subscripts, in, delete, split's target, for-in). */
function usesAsArray(f: Func, p: string): boolean {
  const cache = (f as Func & { arrays?: Set<string> });
  if (!cache.arrays) {
    const set = new Set<string>();
    const walk = (x: unknown): void => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) return x.forEach(walk);
      const o = x as Record<string, unknown>;
      if ((o.k === 'idx' || o.k === 'in' || o.k === 'delete') && typeof o.name === 'string') set.add(o.name);
      if (o.k === 'forin' && typeof o.arr === 'string') set.add(o.arr);
      if (o.k === 'builtin' && o.name === 'split') {
        const a = (o.args as Node[])[1];
        if (a?.k === 'var') set.add(a.name);
      }
      for (const v of Object.values(o)) walk(v);
    };
    walk(f.body);
    cache.arrays = set;
  }
  return cache.arrays.has(p);
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  let fs: string | null = null;
  const assigns: [string, string][] = [];
  const progFiles: string[] = [];
  let k = 1;
  const bad = (msg: string) => {
    warnx('awk', `${msg}\nUsage: ${SYNOPSIS[0]}\n       ${SYNOPSIS[1]}`);
    return 2;
  };
  for (; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--') {
      k++;
      break;
    }
    if (a.length < 2 || a[0] !== '-') break;
    const c = a[1];
    if (c !== 'F' && c !== 'v' && c !== 'f') return bad(`invalid option -- '${c}'`);
    const v = a.length > 2 ? a.slice(2) : argv[++k];
    if (v === undefined) return bad(`option requires an argument -- '${c}'`);
    if (c === 'F') fs = v === 't' ? '\\t' : v;
    else if (c === 'f') progFiles.push(v);
    else {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
      if (!m) return bad(`-v: '${v}' is not a variable assignment`);
      assigns.push([m[1], m[2]]);
    }
  }
  let src: string;
  if (progFiles.length) {
    const parts: string[] = [];
    for (const f of progFiles) {
      const fd = f === '-' ? 0 : open(f, O_RDONLY);
      if (fd < 0) {
        warn('awk', `can't open source file \`${f}'`);
        return 2;
      }
      const data = readAll(fd);
      if (fd) close(fd);
      parts.push(new TextDecoder().decode(data ?? new Uint8Array()));
    }
    src = parts.join('\n');
  } else {
    if (k >= argv.length) return bad('no program given');
    src = argv[k++];
  }
  let prog: Program;
  try {
    prog = parseProgram(src);
  } catch (e) {
    if (e instanceof AwkSyntaxError) {
      warnx('awk', e.message);
      return 2;
    }
    throw e;
  }
  const awk = new Awk(prog);
  if (fs !== null) assigns.unshift(['FS', fs]);
  let code: number;
  try {
    code = awk.run(['awk', ...argv.slice(k)], assigns);
  } catch (e) {
    awk.flushAll();
    if (e instanceof AwkError) {
      warnx('awk', `fatal: ${e.message}`);
      return 2;
    }
    if (e instanceof BreakEx || e instanceof ContinueEx) {
      warnx('awk', 'fatal: break or continue outside a loop');
      return 2;
    }
    if (e instanceof ReturnEx) {
      warnx('awk', 'fatal: return outside a function');
      return 2;
    }
    if (e instanceof NextEx || e instanceof NextFileEx) {
      warnx('awk', 'fatal: next used in BEGIN or END');
      return 2;
    }
    if (e instanceof RangeError) {
      warnx('awk', `fatal: ${e.message}`);
      return 2;
    }
    throw e;
  }
  awk.closeAll();
  return code;
}
