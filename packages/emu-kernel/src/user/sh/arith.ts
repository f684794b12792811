// $(( )) arithmetic: integer expressions with C precedence, variables by name, assignments.

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class ArithError extends Error {}

type Tok = { k: 'num'; v: bigint } | { k: 'name'; v: string } | { k: 'op'; v: string };

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '(', ')', '?', ':', '=', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+)/.exec(src.slice(i));
    if (num) {
      const t = num[1];
      out.push({ k: 'num', v: t.length > 1 && t[0] === '0' && !/[xX]/.test(t) ? BigInt('0o' + t.slice(1)) : BigInt(t) });
      i += t.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ArithError(`syntax error: invalid arithmetic operator (error token is "${src.slice(i)}")`);
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Binary operators by increasing precedence. */
const BINARY: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'],
  ['+', '-'], ['*', '/', '%']];

function apply(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '||': return BigInt(!!a || !!b);
    case '&&': return BigInt(!!a && !!b);
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return BigInt(a === b);
    case '!=': return BigInt(a !== b);
    case '<': return BigInt(a < b);
    case '<=': return BigInt(a <= b);
    case '>': return BigInt(a > b);
    case '>=': return BigInt(a >= b);
    case '<<': return BigInt.asIntN(64, a << b);
    case '>>': return a >> b;
    case '+': return BigInt.asIntN(64, a + b);
    case '-': return BigInt.asIntN(64, a - b);
    case '*': return BigInt.asIntN(64, a * b);
    case '**': return BigInt.asIntN(64, a ** b);
    case '/':
    case '%':
      if (b === 0n) throw new ArithError('division by 0');
      return op === '/' ? a / b : a % b;
  }
  throw new ArithError(`bad operator ${op}`);
}

class ArithParser {
  i = 0;
  constructor(private readonly t: Tok[], private readonly vars: ArithVars, private depth = 0) {}

  private peekOp(): string | null {
    const t = this.t[this.i];
    return t?.k === 'op' ? t.v : null;
  }
  private value(name: string): bigint {
    const v = this.vars.get(name);
    if (v === undefined || v.trim() === '') return 0n;
    if (this.depth > 16) throw new ArithError('expression recursion level exceeded');
    return evalArith(v, this.vars, this.depth + 1);
  }

  comma(): bigint {
    let v = this.assign();
    while (this.peekOp() === ',') {
      this.i++;
      v = this.assign();
    }
    return v;
  }

  assign(): bigint {
    const t = this.t[this.i], n = this.t[this.i + 1];
    if (t?.k === 'name' && n?.k === 'op' && /^([-+*/%&|^]|<<|>>)?=$/.test(n.v)) {
      this.i += 2;
      const rhs = this.assign();
      const v = n.v === '=' ? rhs : apply(n.v.slice(0, -1), this.value(t.v), rhs);
      this.vars.set(t.v, String(v));
      return v;
    }
    return this.ternary();
  }

  ternary(): bigint {
    const c = this.binary(0);
    if (this.peekOp() !== '?') return c;
    this.i++;
    const a = this.assign();
    if (this.peekOp() !== ':') throw new ArithError("syntax error: `:' expected for conditional expression");
    this.i++;
    const b = this.assign();
    return c ? a : b;
  }

  binary(level: number): bigint {
    if (level >= BINARY.length) return this.power();
    let a = this.binary(level + 1);
    for (let op = this.peekOp(); op && BINARY[level].includes(op); op = this.peekOp()) {
      this.i++;
      a = apply(op, a, this.binary(level + 1));
    }
    return a;
  }

  power(): bigint {
    const a = this.unary();
    if (this.peekOp() === '**') {
      this.i++;
      return apply('**', a, this.power());
    }
    return a;
  }

  unary(): bigint {
    const op = this.peekOp();
    if (op === '-' || op === '+' || op === '!' || op === '~') {
      this.i++;
      const v = this.unary();
      return op === '-' ? -v : op === '+' ? v : op === '!' ? BigInt(!v) : ~v;
    }
    if (op === '++' || op === '--') {
      this.i++;
      const t = this.t[this.i++];
      if (t?.k !== 'name') throw new ArithError('syntax error: operand expected');
      const v = this.value(t.v) + (op === '++' ? 1n : -1n);
      this.vars.set(t.v, String(v));
      return v;
    }
    return this.primary();
  }

  primary(): bigint {
    const t = this.t[this.i++];
    if (!t) throw new ArithError('syntax error: operand expected');
    if (t.k === 'num') return t.v;
    if (t.k === 'name') {
      const post = this.peekOp();
      const v = this.value(t.v);
      if (post === '++' || post === '--') {
        this.i++;
        this.vars.set(t.v, String(v + (post === '++' ? 1n : -1n)));
      }
      return v;
    }
    if (t.v === '(') {
      const v = this.comma();
      if (this.peekOp() !== ')') throw new ArithError("syntax error: `)' expected");
      this.i++;
      return v;
    }
    throw new ArithError(`syntax error: operand expected (error token is "${t.v}")`);
  }
}

/** Evaluates an (already parameter-expanded) arithmetic expression. */
export function evalArith(src: string, vars: ArithVars, depth = 0): bigint {
  const toks = tokenize(src);
  if (!toks.length) return 0n;
  const p = new ArithParser(toks, vars, depth);
  const v = p.comma();
  if (p.i < toks.length) {
    const t = toks[p.i];
    throw new ArithError(`syntax error in expression (error token is "${String(t.v)}")`);
  }
  return v;
}
