// The shell grammar (a POSIX subset): lists, and-or lists, pipelines, simple commands with assignments
// and redirections, subshells, brace groups, if/while/until/for/case and functions. `parseNext` returns
// one complete command (up to a newline at the top level) so scripts run command by command.
import type { AndOr, Assign, Command, List, Pipeline, Redir, Word } from './ast.js';
import { Incomplete, Lexer, SyntaxError_, isWord, type Token } from './lexer.js';

export { Incomplete, SyntaxError_ };

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for',
  'in', '{', '}', '!']);
/** Words that end a compound list. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

function tokText(t: Token): string {
  if (t.k === 'eof') return 'end of file';
  if (t.k === 'word') return t.word.raw;
  if (t.k === 'op') return t.op === '\n' ? 'newline' : t.op;
  return t.op;
}

export class Parser {
  readonly lx: Lexer;
  constructor(readonly src: string) {
    this.lx = new Lexer(src);
  }

  private unexpected(t: Token): never {
    if (t.k === 'eof') throw new Incomplete('end of file');
    throw new SyntaxError_(`syntax error near unexpected token \`${tokText(t)}'`);
  }
  private isOp(t: Token, op: string): boolean {
    return t.k === 'op' && t.op === op;
  }
  private skipNewlines(): void {
    while (this.isOp(this.lx.peek(), '\n')) this.lx.next();
  }
  private expectWord(kw: string): void {
    this.skipNewlines();
    const t = this.lx.next();
    if (!isWord(t, kw)) this.unexpected(t);
  }

  /** The next complete command, or null at the end of the input. */
  parseNext(): List | null {
    this.skipNewlines();
    if (this.lx.peek().k === 'eof') return null;
    const list = this.list(false);
    const t = this.lx.peek();
    if (t.k === 'eof' || this.isOp(t, '\n')) {
      if (t.k !== 'eof') this.lx.next();
      return list;
    }
    this.unexpected(t);
  }

  /** Parses all of the input. */
  parseAll(): List {
    const items: List['items'] = [];
    for (let l = this.parseNext(); l; l = this.parseNext()) items.push(...l.items);
    return { items };
  }

  /** A list; `compound`: newlines separate too, and it ends at a closing word or ')'. */
  private list(compound: boolean): List {
    const items: List['items'] = [];
    for (;;) {
      if (compound) this.skipNewlines();
      const t = this.lx.peek();
      if (!compound && items.length && this.isOp(t, '\n')) break;
      if (t.k === 'eof' || this.isOp(t, ')') || this.isOp(t, ';;') || (t.k === 'word' && CLOSERS.has(tokText(t)) && isWord(t, tokText(t)))) {
        if (compound) break;
        if (!items.length) this.unexpected(t);
        break;
      }
      if (t.k === 'op' && t.op !== '(' && !(t.op === '\n' && compound)) this.unexpected(t);
      const cmd = this.andOr();
      const sep = this.lx.peek();
      if (this.isOp(sep, '&') || this.isOp(sep, ';')) {
        this.lx.next();
        items.push({ cmd, bg: sep.k === 'op' && sep.op === '&' });
        continue;
      }
      items.push({ cmd, bg: false });
      if (this.isOp(sep, '\n') && compound) continue;
      break;
    }
    return { items };
  }

  private andOr(): AndOr {
    const start = this.lx.peek().pos;
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.lx.peek();
      if (!this.isOp(t, '&&') && !this.isOp(t, '||')) break;
      this.lx.next();
      this.skipNewlines();
      rest.push({ op: (t as { op: '&&' | '||' }).op, p: this.pipeline() });
    }
    return { first, rest, src: this.src.slice(start, this.lastEnd) };
  }

  private lastEnd = 0;

  private pipeline(): Pipeline {
    const start = this.lx.peek().pos;
    let bang = false;
    if (isWord(this.lx.peek(), '!')) {
      this.lx.next();
      bang = true;
    }
    const cmds = [this.command()];
    while (this.isOp(this.lx.peek(), '|')) {
      this.lx.next();
      this.skipNewlines();
      cmds.push(this.command());
    }
    return { bang, cmds, src: this.src.slice(start, this.lastEnd) };
  }

  private command(): Command {
    const t = this.lx.peek();
    const start = t.pos;
    let cmd: Command;
    if (this.isOp(t, '(')) {
      this.lx.next();
      const innerStart = this.lx.peek().pos;
      const body = this.list(true);
      const close = this.lx.next();
      if (!this.isOp(close, ')')) this.unexpected(close);
      this.lastEnd = close.end;
      cmd = { type: 'subshell', body, inner: this.src.slice(innerStart, close.pos), redirs: [], src: '' };
    } else if (t.k === 'word' && isWord(t, tokText(t)) && RESERVED.has(tokText(t))) {
      cmd = this.compound(tokText(t));
    } else if (t.k === 'word' || t.k === 'redir') {
      const fn = this.funcDef();
      if (fn) return fn;
      return this.simple();
    } else {
      this.unexpected(t);
    }
    this.redirs(cmd.redirs);
    cmd.src = this.src.slice(start, this.lastEnd);
    return cmd;
  }

  /** name() compound-command, if that is what comes. */
  private funcDef(): Command | null {
    const t = this.lx.peek();
    if (t.k !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.word.raw)) return null;
    const s = this.src;
    let i = t.end;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] !== '(') return null;
    i++;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] !== ')') return null;
    this.lx.next();
    this.lx.next();
    this.lx.next();
    this.skipNewlines();
    const body = this.command();
    if (body.type === 'simple') throw new SyntaxError_(`syntax error near unexpected token \`${body.words[0]?.raw ?? ''}'`);
    return { type: 'func', name: t.word.raw, body, redirs: [], src: s.slice(t.pos, this.lastEnd) };
  }

  private compound(kw: string): Command {
    const lx = this.lx;
    lx.next();
    const base = { redirs: [] as Redir[], src: '' };
    switch (kw) {
      case '{': {
        const body = this.list(true);
        this.close('}');
        return { type: 'group', body, ...base };
      }
      case 'if': {
        const clauses: { cond: List; body: List }[] = [];
        let else_: List | null = null;
        for (;;) {
          const cond = this.list(true);
          this.expectWord('then');
          const body = this.list(true);
          clauses.push({ cond, body });
          const t = lx.next();
          if (isWord(t, 'elif')) continue;
          if (isWord(t, 'else')) {
            else_ = this.list(true);
            this.close('fi');
            break;
          }
          if (isWord(t, 'fi')) {
            this.lastEnd = t.end;
            break;
          }
          this.unexpected(t);
        }
        return { type: 'if', clauses, else_, ...base };
      }
      case 'while':
      case 'until': {
        const cond = this.list(true);
        this.expectWord('do');
        const body = this.list(true);
        this.close('done');
        return { type: 'while', until: kw === 'until', cond, body, ...base };
      }
      case 'for': {
        const n = lx.next();
        if (n.k !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n.word.raw)) this.unexpected(n);
        let items: Word[] | null = null;
        this.skipNewlines();
        if (isWord(lx.peek(), 'in')) {
          lx.next();
          items = [];
          for (let t = lx.peek(); t.k === 'word'; t = lx.peek()) items.push((lx.next() as { word: Word }).word);
        }
        const sep = lx.peek();
        if (this.isOp(sep, ';') || this.isOp(sep, '\n')) lx.next();
        this.expectWord('do');
        const body = this.list(true);
        this.close('done');
        return { type: 'for', name: n.word.raw, items, body, ...base };
      }
      case 'case': {
        const w = lx.next();
        if (w.k !== 'word') this.unexpected(w);
        this.expectWord('in');
        const items: { patterns: Word[]; body: List }[] = [];
        for (;;) {
          this.skipNewlines();
          const t = lx.next();
          if (isWord(t, 'esac')) {
            this.lastEnd = t.end;
            break;
          }
          let first = t;
          if (this.isOp(t, '(')) first = lx.next();
          const patterns: Word[] = [];
          for (let p = first; ; p = lx.next()) {
            if (p.k !== 'word') this.unexpected(p);
            patterns.push(p.word);
            const sep = lx.next();
            if (this.isOp(sep, ')')) break;
            if (!this.isOp(sep, '|')) this.unexpected(sep);
          }
          const body = this.list(true);
          items.push({ patterns, body });
          const end = lx.peek();
          if (this.isOp(end, ';;')) lx.next();
          else if (!isWord(end, 'esac')) this.unexpected(end);
        }
        return { type: 'case', word: w.word, items, ...base };
      }
      default:
        this.unexpected({ k: 'word', word: { parts: [], raw: kw }, pos: 0, end: 0 });
    }
  }

  private close(kw: string): void {
    this.skipNewlines();
    const t = this.lx.next();
    if (!isWord(t, kw)) this.unexpected(t);
    this.lastEnd = t.end;
  }

  private redirs(out: Redir[]): void {
    for (let t = this.lx.peek(); t.k === 'redir'; t = this.lx.peek()) out.push(this.redir());
  }

  private redir(): Redir {
    const t = this.lx.next();
    if (t.k !== 'redir') this.unexpected(t);
    const w = this.lx.next();
    if (w.k !== 'word') this.unexpected(w);
    this.lastEnd = w.end;
    return { fd: t.fd, op: t.op, target: w.word, heredoc: t.heredoc };
  }

  private simple(): Command {
    const start = this.lx.peek().pos;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const t = this.lx.peek();
      if (t.k === 'redir') {
        redirs.push(this.redir());
        continue;
      }
      if (t.k !== 'word') break;
      this.lx.next();
      this.lastEnd = t.end;
      if (!words.length && ASSIGN.test(t.word.raw)) {
        const a = splitAssign(t.word);
        if (a) {
          assigns.push(a);
          continue;
        }
      }
      words.push(t.word);
    }
    if (!words.length && !assigns.length && !redirs.length) this.unexpected(this.lx.peek());
    return { type: 'simple', assigns, words, redirs, src: this.src.slice(start, this.lastEnd) };
  }
}

/** NAME=value as an assignment (the name must be unquoted literal text). */
export function splitAssign(w: Word): Assign | null {
  const first = w.parts[0];
  if (!first || first.t !== 'lit' || first.q) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.s);
  if (!m) return null;
  const rest = first.s.slice(m[0].length);
  const parts = [...(rest ? [{ ...first, s: rest }] : []), ...w.parts.slice(1)];
  return { name: m[1], value: { parts, raw: w.raw.slice(m[0].length) } };
}

/** Parses a whole text (tests, eval). */
export function parse(src: string): List {
  return new Parser(src).parseAll();
}
