// awk's lexer and parser: the POSIX grammar (patterns, ranges, BEGIN/END, functions, every operator with
// its precedence, print/printf with > >> | redirections, getline forms, regex literals) to a syntax tree.

export type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; src: string }
  | { k: 'var'; name: string }
  | { k: 'idx'; name: string; subs: Node[] }
  | { k: 'field'; e: Node }
  | { k: 'assign'; op: string; lv: Node; e: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'not' | 'neg' | 'plus'; e: Node }
  | { k: 'match'; neg: boolean; e: Node; re: Node }
  | { k: 'in'; subs: Node[]; name: string }
  | { k: 'incdec'; op: '++' | '--'; pre: boolean; lv: Node }
  | { k: 'cat'; a: Node; b: Node }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'builtin'; name: string; args: Node[] }
  | { k: 'getline'; src: 'main' | 'file' | 'cmd'; lv?: Node; e?: Node }
  | { k: 'group'; e: Node }
  | { k: 'list'; items: Node[] };

export type Stmt =
  | { k: 'print' | 'printf'; args: Node[]; redir?: { op: string; e: Node } }
  | { k: 'expr'; e: Node }
  | { k: 'if'; c: Node; a: Stmt; b?: Stmt }
  | { k: 'while'; c: Node; body: Stmt }
  | { k: 'do'; c: Node; body: Stmt }
  | { k: 'for'; init?: Node; c?: Node; step?: Node; body: Stmt }
  | { k: 'forin'; v: Node; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' | 'nextfile' | 'break' | 'continue' | 'nop' }
  | { k: 'exit' | 'return'; e?: Node }
  | { k: 'delete'; name: string; subs?: Node[] };

export interface Item {
  kind: 'BEGIN' | 'END' | 'main';
  pat?: Node;
  pat2?: Node;
  body?: Stmt[];
  inRange?: boolean;
}

export interface Func {
  name: string;
  params: string[];
  body: Stmt[];
}

export interface Program {
  items: Item[];
  funcs: Map<string, Func>;
}

interface Tok {
  t: string;
  v: string;
  line: number;
}

export const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'sin', 'cos',
  'atan2', 'exp', 'log', 'sqrt', 'int', 'rand', 'srand', 'tolower', 'toupper', 'system', 'close', 'fflush']);
const KEYWORDS = new Set(['BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue',
  'next', 'nextfile', 'exit', 'return', 'delete', 'in', 'getline', 'print', 'printf']);
const OPS = ['**=', '...', '+=', '-=', '*=', '/=', '%=', '^=', '**', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~',
  '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];

export class AwkSyntaxError extends Error {}

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '\\': '\\', '"': '"', '/': '/' };

/** awk string escapes (also used for -v assignments and -F). */
export function unescape(s: string): string {
  return s.replace(/\\([0-7]{1,3}|.)/gs, (m, e: string) => {
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESC[e] ?? m;
  });
}

export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0, line = 1;
  const operand = () => {
    const p = toks[toks.length - 1];
    return !!p && (p.t === 'num' || p.t === 'str' || p.t === 'ere' || p.t === 'name' || p.t === 'builtin' ||
      p.t === 'func' || p.v === ')' || p.v === ']' || p.v === '$' || p.v === '++' || p.v === '--');
  };
  const err = (msg: string): never => {
    throw new AwkSyntaxError(`syntax error at source line ${line}: ${msg}`);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') {
      i += 3;
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      if (toks.length && toks[toks.length - 1].t !== 'nl') toks.push({ t: 'nl', v: '\n', line });
      line++;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1, s = '';
      for (;;) {
        if (j >= src.length || src[j] === '\n') err('unterminated string');
        if (src[j] === '"') break;
        if (src[j] === '\\' && j + 1 < src.length) {
          if (src[j + 1] === '\n') {
            j += 2;
            continue;
          }
          const m = /^\\([0-7]{1,3}|.)/s.exec(src.slice(j))!;
          s += unescape(m[0]);
          j += m[0].length;
          continue;
        }
        s += src[j++];
      }
      toks.push({ t: 'str', v: s, line });
      i = j + 1;
      continue;
    }
    if (c === '/' && !operand()) {
      let j = i + 1, s = '', inBr = false;
      for (;;) {
        if (j >= src.length || src[j] === '\n') err('unterminated regular expression');
        const d = src[j];
        if (d === '\\' && j + 1 < src.length) {
          s += src.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (inBr) {
          if (d === ']' && !/\[\^?$/.test(s)) inBr = false;
        } else if (d === '[') inBr = true;
        else if (d === '/') break;
        s += d;
        j++;
      }
      toks.push({ t: 'ere', v: s, line });
      i = j + 1;
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(src.slice(i));
    if (num) {
      toks.push({ t: 'num', v: num[0], line });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      const n = name[0];
      i += n.length;
      if (KEYWORDS.has(n)) toks.push({ t: n === 'func' ? 'function' : n, v: n, line });
      else if (BUILTINS.has(n)) toks.push({ t: 'builtin', v: n, line });
      else toks.push({ t: src[i] === '(' ? 'func' : 'name', v: n, line });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op || op === '...') err(`unexpected character '${c}'`);
    toks.push({ t: op!, v: op!, line });
    i += op!.length;
  }
  toks.push({ t: 'eof', v: 'end of file', line });
  return toks;
}

const isLvalue = (n: Node) => n.k === 'var' || n.k === 'idx' || n.k === 'field';

export class Parser {
  private p = 0;
  private noGt = false;
  private noIn = false;
  private funcs = new Map<string, Func>();
  private calls: { name: string; line: number }[] = [];
  constructor(private readonly toks: Tok[]) {}

  private get tok(): Tok {
    return this.toks[this.p];
  }
  private peek(n = 1): Tok {
    return this.toks[Math.min(this.p + n, this.toks.length - 1)];
  }
  private is(t: string): boolean {
    return this.tok.t === t;
  }
  private eat(t: string): boolean {
    if (this.tok.t !== t) return false;
    this.p++;
    return true;
  }
  private fail(): never {
    const t = this.tok;
    throw new AwkSyntaxError(`syntax error at source line ${t.line}: near ${t.t === 'nl' ? 'end of line' : `'${t.v}'`}`);
  }
  private expect(t: string): Tok {
    if (this.tok.t !== t) this.fail();
    return this.toks[this.p++];
  }
  private nls(): void {
    while (this.tok.t === 'nl') this.p++;
  }
  private terms(): void {
    while (this.tok.t === 'nl' || this.tok.t === ';') this.p++;
  }

  program(): Program {
    const items: Item[] = [];
    this.terms();
    while (!this.is('eof')) {
      if (this.eat('BEGIN')) {
        this.nls();
        items.push({ kind: 'BEGIN', body: this.block() });
      } else if (this.eat('END')) {
        this.nls();
        items.push({ kind: 'END', body: this.block() });
      } else if (this.eat('function')) {
        const nameTok = this.tok.t === 'func' || this.tok.t === 'name' ? this.toks[this.p++] : this.fail();
        if (this.funcs.has(nameTok.v)) throw new AwkSyntaxError(`function '${nameTok.v}' redefined`);
        this.expect('(');
        const params: string[] = [];
        while (!this.is(')')) {
          params.push(this.expect('name').v);
          if (!this.eat(',')) break;
          this.nls();
        }
        this.expect(')');
        this.nls();
        this.funcs.set(nameTok.v, { name: nameTok.v, params, body: [] });
        this.funcs.get(nameTok.v)!.body = this.block();
      } else {
        const it: Item = { kind: 'main' };
        if (!this.is('{')) {
          it.pat = this.expr();
          if (this.eat(',')) {
            this.nls();
            it.pat2 = this.expr();
          }
        }
        if (this.is('{')) it.body = this.block();
        items.push(it);
      }
      // After a } the next item may follow on the same line.
      if (!this.is('eof') && !this.is('nl') && !this.is(';') && this.toks[this.p - 1].t !== '}') this.fail();
      this.terms();
    }
    for (const c of this.calls) {
      if (!this.funcs.has(c.name)) throw new AwkSyntaxError(`calling undefined function ${c.name} (source line ${c.line})`);
    }
    return { items, funcs: this.funcs };
  }

  private block(): Stmt[] {
    this.expect('{');
    const body: Stmt[] = [];
    this.terms();
    while (!this.is('}')) {
      if (this.is('eof')) this.fail();
      body.push(this.stmt());
      this.terms();
    }
    this.p++;
    return body;
  }

  /** The end of a simple statement: ; or a newline (consumed), or a } or the end (left). */
  private endSimple(): void {
    if (this.eat(';') || this.eat('nl')) return;
    if (this.is('}') || this.is('eof')) return;
    this.fail();
  }

  private stmt(): Stmt {
    const t = this.tok.t;
    if (t === '{') return { k: 'block', body: this.block() };
    if (t === ';') {
      this.p++;
      return { k: 'nop' };
    }
    if (t === 'if') {
      this.p++;
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      this.nls();
      const a = this.stmt();
      const save = this.p;
      this.terms();
      if (this.eat('else')) {
        this.nls();
        return { k: 'if', c, a, b: this.stmt() };
      }
      this.p = save;
      return { k: 'if', c, a };
    }
    if (t === 'while') {
      this.p++;
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      if (this.is(';')) {
        this.p++;
        return { k: 'while', c, body: { k: 'nop' } };
      }
      this.nls();
      return { k: 'while', c, body: this.stmt() };
    }
    if (t === 'do') {
      this.p++;
      this.nls();
      const body = this.stmt();
      this.terms();
      this.expect('while');
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      this.endSimple();
      return { k: 'do', c, body };
    }
    if (t === 'for') {
      this.p++;
      this.expect('(');
      if (this.tok.t === 'name' && this.peek().t === 'in' && this.peek(2).t === 'name' && this.peek(3).t === ')') {
        const v: Node = { k: 'var', name: this.tok.v };
        const arr = this.peek(2).v;
        this.p += 4;
        this.nls();
        return { k: 'forin', v, arr, body: this.stmt() };
      }
      const init = this.is(';') ? undefined : this.simpleExpr();
      this.expect(';');
      this.nls();
      const c = this.is(';') ? undefined : this.expr();
      this.expect(';');
      this.nls();
      const step = this.is(')') ? undefined : this.simpleExpr();
      this.expect(')');
      if (this.is(';')) {
        this.p++;
        return { k: 'for', init, c, step, body: { k: 'nop' } };
      }
      this.nls();
      return { k: 'for', init, c, step, body: this.stmt() };
    }
    let s: Stmt;
    switch (t) {
      case 'next': case 'nextfile': case 'break': case 'continue':
        this.p++;
        s = { k: t };
        break;
      case 'exit': case 'return':
        this.p++;
        s = { k: t, e: this.is(';') || this.is('nl') || this.is('}') || this.is('eof') ? undefined : this.expr() };
        break;
      case 'delete': {
        this.p++;
        const name = this.expect('name').v;
        if (this.eat('[')) {
          const subs = this.exprList();
          this.expect(']');
          s = { k: 'delete', name, subs };
        } else s = { k: 'delete', name };
        break;
      }
      case 'print': case 'printf': {
        this.p++;
        let args: Node[] = [];
        if (!this.is(';') && !this.is('nl') && !this.is('}') && !this.is('>') && !this.is('>>') && !this.is('|') && !this.is('eof')) {
          this.noGt = true;
          args = this.exprList();
          this.noGt = false;
          // print (a, b) > "file": the parenthesised list is the argument list.
          if (args.length === 1 && args[0].k === 'list') args = args[0].items;
        }
        if (t === 'printf' && !args.length) this.fail();
        let redir: { op: string; e: Node } | undefined;
        if (this.is('>') || this.is('>>') || this.is('|')) {
          const op = this.toks[this.p++].v;
          redir = { op, e: this.concat() };
        }
        s = { k: t, args, redir };
        break;
      }
      default:
        s = { k: 'expr', e: this.simpleExpr() };
    }
    this.endSimple();
    return s;
  }

  private simpleExpr(): Node {
    return this.expr();
  }

  private exprList(): Node[] {
    const out = [this.expr()];
    while (this.eat(',')) {
      this.nls();
      out.push(this.expr());
    }
    return out;
  }

  expr(): Node {
    const left = this.ternary();
    const t = this.tok.t;
    if (['=', '+=', '-=', '*=', '/=', '%=', '^=', '**='].includes(t) && isLvalue(left)) {
      this.p++;
      this.nls();
      return { k: 'assign', op: t === '**=' ? '^=' : t, lv: left, e: this.expr() };
    }
    return left;
  }

  private ternary(): Node {
    const c = this.or();
    if (this.eat('?')) {
      this.nls();
      const a = this.ternaryOrAssign();
      this.nls();
      this.expect(':');
      this.nls();
      const b = this.ternaryOrAssign();
      return { k: 'cond', c, a, b };
    }
    return c;
  }
  private ternaryOrAssign(): Node {
    return this.expr();
  }

  private or(): Node {
    let a = this.and();
    while (this.eat('||')) {
      this.nls();
      a = { k: 'or', a, b: this.and() };
    }
    return a;
  }
  private and(): Node {
    let a = this.inExpr();
    while (this.eat('&&')) {
      this.nls();
      a = { k: 'and', a, b: this.inExpr() };
    }
    return a;
  }
  private inExpr(): Node {
    let a = this.matchExpr();
    while (!this.noIn && this.is('in')) {
      this.p++;
      const name = this.expect('name').v;
      a = { k: 'in', subs: a.k === 'list' ? a.items : [a], name };
    }
    return a;
  }
  private matchExpr(): Node {
    let a = this.compare();
    while (this.is('~') || this.is('!~')) {
      const neg = this.toks[this.p++].t === '!~';
      a = { k: 'match', neg, e: a, re: this.compare() };
    }
    return a;
  }
  private compare(): Node {
    const a = this.pipeGetline();
    const t = this.tok.t;
    if (['<', '<=', '==', '!=', '>=', '>'].includes(t) && !(this.noGt && t === '>')) {
      this.p++;
      return { k: 'bin', op: t, a, b: this.pipeGetline() };
    }
    return a;
  }
  private pipeGetline(): Node {
    let a = this.concat();
    while (this.is('|') && this.peek().t === 'getline') {
      this.p += 2;
      const lv = this.optLvalue();
      a = { k: 'getline', src: 'cmd', e: a, lv };
    }
    return a;
  }
  private startsConcat(): boolean {
    const t = this.tok.t;
    if (t === 'in' && this.noIn) return false;
    return t === 'num' || t === 'str' || t === 'ere' || t === 'name' || t === 'func' || t === 'builtin' || t === '$' ||
      t === '(' || t === '!' || t === '-' || t === '++' || t === '--' || (t === 'getline' && false);
  }
  private concat(): Node {
    let a = this.additive();
    while (this.startsConcat() && !(this.tok.t === '-' ) && !(this.tok.t === '!')) a = { k: 'cat', a, b: this.additive() };
    return a;
  }
  private additive(): Node {
    let a = this.mult();
    while (this.is('+') || this.is('-')) {
      const op = this.toks[this.p++].t;
      a = { k: 'bin', op, a, b: this.mult() };
    }
    return a;
  }
  private mult(): Node {
    let a = this.unary();
    while (this.is('*') || this.is('/') || this.is('%')) {
      const op = this.toks[this.p++].t;
      a = { k: 'bin', op, a, b: this.unary() };
    }
    return a;
  }
  private unary(): Node {
    if (this.eat('!')) return { k: 'not', e: this.unary() };
    if (this.eat('-')) return { k: 'neg', e: this.unary() };
    if (this.eat('+')) return { k: 'plus', e: this.unary() };
    return this.power();
  }
  private power(): Node {
    const a = this.postfix();
    if (this.is('^') || this.is('**')) {
      this.p++;
      // Right-associative, and 2^-1 is allowed.
      let b: Node;
      if (this.eat('-')) b = { k: 'neg', e: this.powerOperand() };
      else if (this.eat('+')) b = this.powerOperand();
      else if (this.eat('!')) b = { k: 'not', e: this.powerOperand() };
      else b = this.powerOperand();
      return { k: 'bin', op: '^', a, b };
    }
    return a;
  }
  private powerOperand(): Node {
    return this.power();
  }
  private postfix(): Node {
    const a = this.primary();
    if (isLvalue(a) && (this.is('++') || this.is('--'))) {
      const op = this.toks[this.p++].t as '++' | '--';
      return { k: 'incdec', op, pre: false, lv: a };
    }
    return a;
  }
  private optLvalue(): Node | undefined {
    if (this.is('$')) {
      this.p++;
      return { k: 'field', e: this.fieldOperand() };
    }
    if (this.is('name')) return this.nameRef();
    return undefined;
  }
  private nameRef(): Node {
    const name = this.expect('name').v;
    if (this.eat('[')) {
      const save = [this.noGt, this.noIn];
      this.noGt = this.noIn = false;
      const subs = this.exprList();
      [this.noGt, this.noIn] = save;
      this.expect(']');
      return { k: 'idx', name, subs };
    }
    return { k: 'var', name };
  }
  private fieldOperand(): Node {
    if (this.is('++') || this.is('--')) {
      const op = this.toks[this.p++].t as '++' | '--';
      return { k: 'incdec', op, pre: true, lv: this.lvalueOnly() };
    }
    if (this.eat('-')) return { k: 'neg', e: this.fieldOperand() };
    return this.primary();
  }
  private lvalueOnly(): Node {
    if (this.is('$')) {
      this.p++;
      return { k: 'field', e: this.fieldOperand() };
    }
    return this.nameRef();
  }
  private args(): Node[] {
    this.expect('(');
    const save = [this.noGt, this.noIn];
    this.noGt = this.noIn = false;
    this.nls();
    const args = this.is(')') ? [] : this.exprList();
    this.nls();
    [this.noGt, this.noIn] = save;
    this.expect(')');
    return args;
  }
  private primary(): Node {
    const t = this.tok;
    switch (t.t) {
      case 'num':
        this.p++;
        return { k: 'num', v: /^0[xX]/.test(t.v) ? parseInt(t.v, 16) : Number(t.v) };
      case 'str':
        this.p++;
        return { k: 'str', v: t.v };
      case 'ere':
        this.p++;
        return { k: 're', src: t.v };
      case '$':
        this.p++;
        return { k: 'field', e: this.fieldOperand() };
      case '++': case '--':
        this.p++;
        return { k: 'incdec', op: t.t, pre: true, lv: this.lvalueOnly() };
      case '-':
        this.p++;
        return { k: 'neg', e: this.unary() };
      case '+':
        this.p++;
        return { k: 'plus', e: this.unary() };
      case '!':
        this.p++;
        return { k: 'not', e: this.unary() };
      case '(': {
        this.p++;
        const save = [this.noGt, this.noIn];
        this.noGt = this.noIn = false;
        this.nls();
        const items = this.exprList();
        this.nls();
        [this.noGt, this.noIn] = save;
        this.expect(')');
        if (items.length > 1) {
          if (!this.is('in') && !save[0]) this.fail();
          return { k: 'list', items };
        }
        return { k: 'group', e: items[0] };
      }
      case 'name':
        return this.nameRef();
      case 'func': {
        this.p++;
        this.calls.push({ name: t.v, line: t.line });
        return { k: 'call', name: t.v, args: this.args() };
      }
      case 'builtin': {
        this.p++;
        if (this.is('(')) return { k: 'builtin', name: t.v, args: this.args() };
        if (t.v === 'length') return { k: 'builtin', name: t.v, args: [] };
        this.fail();
      }
      // falls through (fail never returns)
      case 'getline': {
        this.p++;
        const lv = this.optLvalue();
        if (this.eat('<')) return { k: 'getline', src: 'file', lv, e: this.primaryNoConcat() };
        return { k: 'getline', src: 'main', lv };
      }
    }
    return this.fail();
  }
  private primaryNoConcat(): Node {
    return this.postfix();
  }
}

export function parseProgram(src: string): Program {
  return new Parser(tokenize(src)).program();
}
