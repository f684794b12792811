// The expression language of test(1) and [ (shared by /bin/test and the shell's builtin).
import { stat, lstat, access, ioctl } from '../libc.js';
import { S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISLNK, S_ISREG, S_ISSOCK, S_ISUID, S_ISGID, S_ISVTX } from '../../uapi/stat.js';
import { R_OK, W_OK, X_OK } from '../../uapi/fcntl.js';
import { TCGETS } from '../../uapi/ioctl.js';

export class TestError extends Error {}

const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-gt', '-le', '-ge', '-nt', '-ot', '-ef']);
const UNARY = new Set(['-e', '-f', '-d', '-c', '-b', '-p', '-L', '-h', '-S', '-r', '-w', '-x', '-s', '-z', '-n', '-t',
  '-u', '-g', '-k', '-a', '-O', '-G']);

function int(s: string): bigint {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new TestError(`${s}: integer expression expected`);
  return BigInt(t);
}

function unary(op: string, a: string): boolean {
  if (op === '-z') return a === '';
  if (op === '-n') return a !== '';
  if (op === '-t') return ioctl(Number(a), TCGETS, 0) >= 0;
  if (op === '-r') return access(a, R_OK) === 0;
  if (op === '-w') return access(a, W_OK) === 0;
  if (op === '-x') return access(a, X_OK) === 0;
  const st = op === '-L' || op === '-h' ? lstat(a) : stat(a);
  if (!st) return false;
  switch (op) {
    case '-e': case '-a': return true;
    case '-f': return S_ISREG(st.mode);
    case '-d': return S_ISDIR(st.mode);
    case '-c': return S_ISCHR(st.mode);
    case '-b': return S_ISBLK(st.mode);
    case '-p': return S_ISFIFO(st.mode);
    case '-S': return S_ISSOCK(st.mode);
    case '-L': case '-h': return S_ISLNK(st.mode);
    case '-s': return st.size > 0;
    case '-u': return (st.mode & S_ISUID) !== 0;
    case '-g': return (st.mode & S_ISGID) !== 0;
    case '-k': return (st.mode & S_ISVTX) !== 0;
    default: return false;
  }
}

function binary(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '-eq': return int(a) === int(b);
    case '-ne': return int(a) !== int(b);
    case '-lt': return int(a) < int(b);
    case '-gt': return int(a) > int(b);
    case '-le': return int(a) <= int(b);
    case '-ge': return int(a) >= int(b);
    case '-nt': case '-ot': {
      const sa = stat(a), sb = stat(b);
      if (op === '-nt') return !!sa && (!sb || sa.mtime > sb.mtime);
      return !!sb && (!sa || sa.mtime < sb.mtime);
    }
    case '-ef': {
      const sa = stat(a), sb = stat(b);
      return !!sa && !!sb && sa.dev === sb.dev && sa.ino === sb.ino;
    }
  }
  return false;
}

class P {
  i = 0;
  constructor(private readonly a: string[]) {}
  or(): boolean {
    let v = this.and();
    while (this.a[this.i] === '-o') {
      this.i++;
      v = this.and() || v;
    }
    return v;
  }
  and(): boolean {
    let v = this.not();
    while (this.a[this.i] === '-a') {
      this.i++;
      v = this.not() && v;
    }
    return v;
  }
  not(): boolean {
    if (this.a[this.i] === '!' && this.i + 1 < this.a.length) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }
  primary(): boolean {
    const a = this.a, i = this.i;
    if (i >= a.length) throw new TestError('argument expected');
    if (i + 2 < a.length && BINARY.has(a[i + 1])) {
      this.i += 3;
      return binary(a[i], a[i + 1], a[i + 2]);
    }
    if (a[i] === '(' && a.length - i >= 3) {
      this.i++;
      const v = this.or();
      if (a[this.i] !== ')') throw new TestError("`)' expected");
      this.i++;
      return v;
    }
    if (UNARY.has(a[i]) && i + 1 < a.length) {
      this.i += 2;
      return unary(a[i], a[i + 1]);
    }
    this.i++;
    return a[i] !== '';
  }
}

/** Evaluates test arguments: 0 true, 1 false; throws TestError on a malformed expression. */
export function evalTest(args: string[]): number {
  if (!args.length) return 1;
  const p = new P(args);
  const v = p.or();
  if (p.i < args.length) throw new TestError(`${args[p.i]}: unexpected operator`);
  return v ? 0 : 1;
}

/** test/[ as a command: the status, with errors (status 2) reported through `err`. */
export function runTest(argv: string[], err: (msg: string) => void): number {
  let args = argv.slice(1);
  const name = argv[0]?.split('/').pop() ?? 'test';
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      err("[: missing `]'");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evalTest(args);
  } catch (e) {
    if (e instanceof TestError) {
      err(`${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
