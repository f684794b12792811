// The shell's tokenizer: words (kept as quoted/unquoted parts for expansion), operators, redirections
// with their descriptor numbers, and here-document bodies. Tokens are produced on demand so that the
// parser can run each complete command before the rest of a script is read.
import type { HereDoc, ParamOp, Word, WordPart } from './ast.js';

export type Token =
  | { k: 'word'; word: Word; pos: number; end: number }
  | { k: 'op'; op: string; pos: number; end: number }
  | { k: 'redir'; op: string; fd: number | null; pos: number; end: number; heredoc?: HereDoc }
  | { k: 'eof'; pos: number; end: number };

/** The input ended inside a construct: an interactive shell reads another line and tries again. */
export class Incomplete extends Error {
  constructor(what: string) {
    super(`unexpected end of file (${what})`);
  }
}
export class SyntaxError_ extends Error {}

const META = ' \t\n|&;<>()';
const OPS = ['&&', '||', ';;', '|', '&', ';', '(', ')', '\n'];
const REDIRS = ['<<-', '&>>', '<<', '>>', '<&', '>&', '<>', '>|', '&>', '<', '>'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SPECIAL = '@*#?$!-0123456789';

type Mode = 'word' | 'dq' | 'brace' | 'brace-dq' | 'heredoc';

export class Lexer {
  pos: number;
  private peeked: Token | null = null;
  private heredocs: { delim: string; strip: boolean; doc: HereDoc }[] = [];
  private wantDelim: { strip: boolean; doc: HereDoc } | null = null;

  constructor(readonly src: string, start = 0) {
    this.pos = start;
  }

  peek(): Token {
    return (this.peeked ??= this.lex());
  }
  next(): Token {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  private lex(): Token {
    const s = this.src;
    for (;;) {
      while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
      if (s[this.pos] === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (s[this.pos] === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      }
      break;
    }
    const pos = this.pos;
    if (pos >= s.length) {
      if (this.heredocs.length) throw new Incomplete('here-document');
      return { k: 'eof', pos, end: pos };
    }
    const num = /^(\d+)(?=[<>])/.exec(s.slice(pos, pos + 12));
    let fd: number | null = null;
    if (num) {
      fd = Number(num[1]);
      this.pos += num[1].length;
    }
    for (const r of REDIRS) {
      if (s.startsWith(r, this.pos) && (fd === null || !r.startsWith('&'))) {
        this.pos += r.length;
        const tok: Token = { k: 'redir', op: r, fd, pos, end: this.pos };
        if (r === '<<' || r === '<<-') {
          tok.heredoc = { body: '', expand: true };
          this.wantDelim = { strip: r === '<<-', doc: tok.heredoc };
        }
        return tok;
      }
    }
    for (const o of OPS) {
      if (s.startsWith(o, pos)) {
        this.pos += o.length;
        if (o === '\n') this.readHeredocs();
        return { k: 'op', op: o, pos, end: this.pos };
      }
    }
    const word = this.word();
    if (this.wantDelim) {
      const { strip, doc } = this.wantDelim;
      this.wantDelim = null;
      doc.expand = word.parts.every((p) => p.t === 'lit' && !p.q);
      this.heredocs.push({ delim: word.parts.map((p) => (p.t === 'lit' ? p.s : '')).join(''), strip, doc });
    }
    return { k: 'word', word, pos, end: this.pos };
  }

  /** After a newline: the bodies of the here-documents started on that line. */
  private readHeredocs(): void {
    const s = this.src;
    for (const h of this.heredocs.splice(0)) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= s.length) throw new Incomplete('here-document');
        let nl = s.indexOf('\n', this.pos);
        const last = nl < 0;
        if (last) nl = s.length;
        let line = s.slice(this.pos, nl);
        this.pos = last ? nl : nl + 1;
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) break;
        lines.push(line + '\n');
        if (last) throw new Incomplete('here-document');
      }
      h.doc.body = lines.join('');
    }
  }

  /** A word starting at pos (unquoted context). */
  word(): Word {
    const start = this.pos;
    const parts = this.parts('word');
    return { parts, raw: this.src.slice(start, this.pos) };
  }

  /** The parts of text in `mode` up to its terminator (not consumed). */
  parts(mode: Mode): WordPart[] {
    const s = this.src;
    const out: WordPart[] = [];
    const q = mode === 'dq' || mode === 'brace-dq' || mode === 'heredoc';
    const lit = (str: string, quoted: boolean) => {
      const last = out[out.length - 1];
      if (last && last.t === 'lit' && last.q === quoted) last.s += str;
      else out.push({ t: 'lit', s: str, q: quoted });
    };
    let braceDepth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (mode === 'word' && META.includes(c)) break;
      if (mode === 'dq' && c === '"') break;
      if ((mode === 'brace' || mode === 'brace-dq') && c === '}') {
        if (braceDepth === 0) break;
        braceDepth--;
      }
      if ((mode === 'brace' || mode === 'brace-dq') && c === '{') braceDepth++;
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === undefined) {
          lit('\\', q);
          this.pos++;
        } else if (n === '\n') {
          this.pos += 2;
        } else if (!q || '$`\\'.includes(n) || (n === '"' && mode !== 'heredoc') || (n === '}' && mode === 'brace-dq')) {
          lit(n, true);
          this.pos += 2;
        } else {
          lit('\\' + n, true);
          this.pos += 2;
        }
        continue;
      }
      if (c === "'" && (mode === 'word' || mode === 'brace')) {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) throw new Incomplete("'");
        lit(s.slice(this.pos + 1, end), true);
        // An empty '' still makes a (quoted) part: it can make an empty field.
        if (end === this.pos + 1) out.push({ t: 'lit', s: '', q: true });
        this.pos = end + 1;
        continue;
      }
      if (c === '"' && mode !== 'dq' && mode !== 'heredoc') {
        this.pos++;
        const inner = this.parts('dq');
        if (s[this.pos] !== '"') throw new Incomplete('"');
        this.pos++;
        if (!inner.length) out.push({ t: 'lit', s: '', q: true });
        for (const p of inner) {
          if (p.t === 'lit') lit(p.s, true);
          else out.push(p);
        }
        continue;
      }
      if (c === '`') {
        out.push({ t: 'cmd', src: this.backquote(), q });
        continue;
      }
      if (c === '$') {
        const p = this.dollar(q);
        if (p) out.push(p);
        else {
          lit('$', q);
          this.pos++;
        }
        continue;
      }
      lit(c, q);
      this.pos++;
    }
    return out;
  }

  private backquote(): string {
    const s = this.src;
    let i = this.pos + 1, text = '';
    for (;;) {
      if (i >= s.length) throw new Incomplete('`');
      const c = s[i];
      if (c === '`') break;
      if (c === '\\' && '`$\\'.includes(s[i + 1] ?? '')) {
        text += s[i + 1];
        i += 2;
        continue;
      }
      text += c;
      i++;
    }
    this.pos = i + 1;
    return text;
  }

  /** A $-expansion at pos, or null when the $ is literal. */
  private dollar(q: boolean): WordPart | null {
    const s = this.src;
    const at = this.pos + 1;
    const c = s[at];
    if (c === '(' && s[at + 1] === '(') {
      const end = this.arithEnd(at + 2);
      if (end >= 0) {
        const src = s.slice(at + 2, end);
        this.pos = end + 2;
        return { t: 'arith', src, q };
      }
    }
    if (c === '(') {
      const sub = new Lexer(s, at + 1);
      let depth = 0;
      for (;;) {
        const t = sub.next();
        if (t.k === 'eof') throw new Incomplete('$(');
        if (t.k === 'op' && t.op === '(') depth++;
        if (t.k === 'op' && t.op === ')') {
          if (depth === 0) {
            this.pos = t.end;
            return { t: 'cmd', src: s.slice(at + 1, t.pos), q };
          }
          depth--;
        }
      }
    }
    if (c === '{') return this.brace(q);
    if (c !== undefined && SPECIAL.includes(c)) {
      this.pos = at + 1;
      return { t: 'param', name: c, q };
    }
    const m = NAME.exec(s.slice(at, at + 256));
    if (m) {
      this.pos = at + m[0].length;
      return { t: 'param', name: m[0], q };
    }
    return null;
  }

  private brace(q: boolean): WordPart {
    const s = this.src;
    let i = this.pos + 2;
    let len = false;
    if (s[i] === '#' && s[i + 1] !== '}' && (NAME.test(s.slice(i + 1, i + 2)) || SPECIAL.includes(s[i + 1] ?? ''))) {
      len = true;
      i++;
    }
    let name: string;
    const m = NAME.exec(s.slice(i, i + 256)) ?? /^\d+/.exec(s.slice(i, i + 32));
    if (m) name = m[0];
    else if (s[i] !== undefined && SPECIAL.includes(s[i])) name = s[i];
    else throw new SyntaxError_(`\${${s.slice(i, s.indexOf('}', i) < 0 ? undefined : s.indexOf('}', i))}}: bad substitution`);
    i += name.length;
    if (len) {
      if (s[i] !== '}') throw new SyntaxError_('bad substitution');
      this.pos = i + 1;
      return { t: 'param', name, q, op: '#len' };
    }
    if (s[i] === '}') {
      this.pos = i + 1;
      return { t: 'param', name, q };
    }
    const op = (['##', '%%', ':-', ':=', ':+', ':?', '-', '=', '+', '?', '#', '%'] as const).find((o) => s.startsWith(o, i));
    if (!op) {
      if (i >= s.length) throw new Incomplete('${');
      throw new SyntaxError_('bad substitution');
    }
    this.pos = i + op.length;
    const start = this.pos;
    // POSIX: the word of the pattern-removal operators is a pattern even inside double quotes
    // ("${v%/*}"); quoting inside it ("${v%"*"}") still makes characters literal.
    const pattern = op === '#' || op === '##' || op === '%' || op === '%%';
    const parts = this.parts(q && !pattern ? 'brace-dq' : 'brace');
    if (s[this.pos] !== '}') throw new Incomplete('${');
    const arg: Word = { parts, raw: s.slice(start, this.pos) };
    this.pos++;
    return { t: 'param', name, q, op: op as ParamOp, arg };
  }

  /** Index of the "))" closing $(( at `from`, or -1 if it is really $( ( ... ) ). */
  private arithEnd(from: number): number {
    const s = this.src;
    let depth = 0;
    for (let i = from; i < s.length; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')') {
        if (depth === 0) return s[i + 1] === ')' ? i : -1;
        depth--;
      }
    }
    throw new Incomplete('$((');
  }
}

/** The parts of a here-document body (or any text) with double-quote rules: $ expansions, no quotes. */
export function lexHeredoc(body: string): WordPart[] {
  const l = new Lexer(body);
  return l.parts('heredoc');
}

/** Whether a word is exactly `kw` unquoted (reserved words are recognised only so). */
export function isWord(t: Token, kw: string): boolean {
  return t.k === 'word' && t.word.parts.length === 1 && t.word.parts[0].t === 'lit' && !t.word.parts[0].q &&
    t.word.parts[0].s === kw;
}
