// Word expansion: tilde, parameters (with ${...} operators), command substitution, arithmetic, field
// splitting on IFS, pathname expansion and quote removal. Pure apart from what the caller's ExpandEnv does.
import type { Word, WordPart } from './ast.js';
import { evalArith } from './arith.js';
import { hasGlob, matchPattern } from './glob.js';
import { lexHeredoc } from './lexer.js';

export interface ExpandEnv {
  /** A variable or special parameter (?, $, !, #, -, 0-9, ...); undefined when unset. */
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** $1 .. $N */
  positional(): string[];
  /** Runs a command substitution and returns its standard output. */
  cmdsub(src: string): string;
  /** Pathname expansion of a pattern (sorted matches, [] for none). */
  glob(pattern: string): string[];
  /** A user's home directory (~user). */
  home(user: string): string | undefined;
  /** set -u */
  nounset?: boolean;
}

export class ExpandError extends Error {}

interface Field {
  s: string;
  /** The same text as a pattern: quoted characters escaped. */
  pat: string;
  glob: boolean;
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

class Fields {
  done: Field[] = [];
  cur: Field | null = null;
  constructor(private readonly ifs: string) {}

  lit(s: string, quoted: boolean): void {
    const c = (this.cur ??= { s: '', pat: '', glob: false });
    c.s += s;
    c.pat += quoted ? escapeGlob(s) : s;
    if (!quoted && hasGlob(s)) c.glob = true;
  }
  brk(): void {
    if (this.cur) this.done.push(this.cur);
    this.cur = null;
  }
  /** An unquoted expansion's result: split into fields on IFS. */
  split(s: string): void {
    if (!this.ifs) {
      if (s) this.lit(s, false);
      return;
    }
    const ws = [...this.ifs].filter((c) => ' \t\n'.includes(c)).join('');
    const nws = [...this.ifs].filter((c) => !' \t\n'.includes(c)).join('');
    const cls = (x: string) => `[${x.replace(/[\]\\^-]/g, '\\$&')}]`;
    const re = new RegExp(nws ? `${ws ? cls(ws) + '*' : ''}${cls(nws)}${ws ? cls(ws) + '*' : ''}|${ws ? cls(ws) + '+' : '(?!)'}` : `${cls(ws)}+`);
    s.split(re).forEach((piece, i) => {
      if (i > 0) this.brk();
      if (piece) this.lit(piece, false);
    });
  }
  finish(): Field[] {
    this.brk();
    return this.done;
  }
}

function ifsOf(env: ExpandEnv): string {
  return env.get('IFS') ?? ' \t\n';
}

/** The value of a parameter (positional lists joined with spaces). */
function paramValue(name: string, env: ExpandEnv): string | undefined {
  if (name === '@' || name === '*') return env.positional().join(name === '*' ? (ifsOf(env)[0] ?? '') : ' ');
  if (name === '#') return String(env.positional().length);
  if (/^[1-9]\d*$/.test(name)) return env.positional()[Number(name) - 1];
  return env.get(name);
}

function removeAffix(v: string, op: string, pat: string): string {
  const n = v.length;
  if (op === '#') {
    for (let i = 0; i <= n; i++) if (matchPattern(pat, v.slice(0, i))) return v.slice(i);
  } else if (op === '##') {
    for (let i = n; i >= 0; i--) if (matchPattern(pat, v.slice(0, i))) return v.slice(i);
  } else if (op === '%') {
    for (let i = n; i >= 0; i--) if (matchPattern(pat, v.slice(i))) return v.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++) if (matchPattern(pat, v.slice(i))) return v.slice(0, i);
  }
  return v;
}

/** Expands the parts of a word into `f`. */
function expandParts(parts: WordPart[], env: ExpandEnv, f: Fields, first = true): void {
  parts.forEach((p, idx) => {
    if (p.t === 'lit') {
      let s = p.s;
      if (first && idx === 0 && !p.q && s.startsWith('~')) {
        const slash = s.indexOf('/');
        const user = s.slice(1, slash < 0 ? undefined : slash);
        // ~user/... only when the whole name is in this part (nothing quoted or expanded follows it).
        if (slash >= 0 || parts.length === 1) {
          const home = user ? env.home(user) : env.get('HOME');
          if (home !== undefined) {
            f.lit(home, true);
            s = slash < 0 ? '' : s.slice(slash);
          }
        }
      }
      if (s || p.q) f.lit(s, p.q);
      return;
    }
    if (p.t === 'cmd') {
      const out = env.cmdsub(p.src).replace(/\n+$/, '');
      if (p.q) f.lit(out, true);
      else f.split(out);
      return;
    }
    if (p.t === 'arith') {
      const text = expandString({ parts: lexHeredoc(p.src), raw: p.src }, env);
      const v = String(evalArith(text, { get: (n) => paramValue(n, env), set: (n, val) => env.set(n, val) }));
      if (p.q) f.lit(v, true);
      else f.split(v);
      return;
    }
    param(p, env, f);
  });
}

function param(p: Extract<WordPart, { t: 'param' }>, env: ExpandEnv, f: Fields): void {
  const { name, q, op, arg } = p;
  if (name === '@' && q && !op) {
    env.positional().forEach((a, i) => {
      if (i > 0) f.brk();
      f.lit(a, true);
    });
    return;
  }
  let v = paramValue(name, env);
  const special = name === '@' || name === '*';
  if (special && !env.positional().length) v = undefined;
  const emit = (s: string) => (q ? f.lit(s, true) : f.split(s));
  if (op === '#len') {
    if (v === undefined && env.nounset) throw new ExpandError(`${name}: unbound variable`);
    emit(String(special ? env.positional().length : [...(v ?? '')].length));
    return;
  }
  if (op && arg) {
    const colon = op.startsWith(':');
    const unset = v === undefined || (colon && v === '');
    switch (op.replace(':', '')) {
      case '-':
        if (unset) {
          expandParts(arg.parts, env, f, false);
          return;
        }
        break;
      case '=':
        if (unset) {
          if (!/^[A-Za-z_]/.test(name)) throw new ExpandError(`$${name}: cannot assign in this way`);
          v = expandString(arg, env);
          env.set(name, v);
        }
        break;
      case '+':
        if (!unset) expandParts(arg.parts, env, f, false);
        return;
      case '?':
        if (unset) throw new ExpandError(`${name}: ${expandString(arg, env) || 'parameter null or not set'}`);
        break;
      default: {
        if (v === undefined && env.nounset) throw new ExpandError(`${name}: unbound variable`);
        emit(removeAffix(v ?? '', op, expandPattern(arg, env)));
        return;
      }
    }
  }
  if (v === undefined) {
    if (env.nounset && !special) throw new ExpandError(`${name}: unbound variable`);
    if (q) f.lit('', true);
    return;
  }
  emit(v);
}

/** A word as fields: split, pathname-expanded, quotes removed. */
export function expandWord(w: Word, env: ExpandEnv): string[] {
  const f = new Fields(ifsOf(env));
  expandParts(w.parts, env, f);
  const out: string[] = [];
  for (const field of f.finish()) {
    if (field.glob) {
      const m = env.glob(field.pat);
      if (m.length) {
        out.push(...m);
        continue;
      }
    }
    out.push(field.s);
  }
  return out;
}

export function expandWords(words: Word[], env: ExpandEnv): string[] {
  return words.flatMap((w) => expandWord(w, env));
}

/** A word as one string, without field splitting or pathname expansion (assignments, redirections). */
export function expandString(w: Word, env: ExpandEnv): string {
  const f = new Fields('');
  expandParts(w.parts, env, f);
  return f.finish().map((x) => x.s).join(' ');
}

/** A word as a pattern (case, ${x#pat}): quoted characters match literally. */
export function expandPattern(w: Word, env: ExpandEnv): string {
  const f = new Fields('');
  expandParts(w.parts, env, f, false);
  return f.finish().map((x) => x.pat).join(' ');
}

/** A here-document body: parameter, command and arithmetic expansion, no quote processing. */
export function expandHeredoc(body: string, env: ExpandEnv): string {
  return expandString({ parts: lexHeredoc(body), raw: body }, env);
}
