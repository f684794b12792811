// printf(3)-style conversions for awk's printf and sprintf: %c %d %i %o %u %x %X %e %E %f %F %g %G %s
// %%, flags - + space # 0, width and precision (numbers or *).

export interface FormatArgs {
  /** The next argument as a number / a string; undefined when the arguments are used up. */
  num(): number;
  str(): string;
  /** The next argument for %c: a number (a character code) or a string (its first character). */
  chr(): string;
}

/** %g: the shortest of %e / %f at `p` significant digits, trailing zeros dropped unless `alt`. */
function fmtG(v: number, p: number, alt: boolean, upper: boolean): string {
  if (p === 0) p = 1;
  if (v === 0) return alt ? (0).toFixed(p - 1) : '0';
  const e = v.toExponential(p - 1);
  const x = Number(e.slice(e.indexOf('e') + 1));
  let s: string;
  if (x < -4 || x >= p) {
    s = e;
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  } else {
    s = v.toFixed(Math.max(0, p - 1 - x));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return upper ? s.toUpperCase() : s;
}

function special(v: number, upper: boolean): string | null {
  if (Number.isNaN(v)) return upper ? 'NAN' : 'nan';
  if (!Number.isFinite(v)) return (v < 0 ? '-' : '') + (upper ? 'INF' : 'inf');
  return null;
}

/** One conversion: the text before padding. */
function convert(c: string, flags: string, prec: number | null, a: FormatArgs): { s: string; numeric: boolean } {
  const sign = (neg: boolean, s: string) => (neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
  switch (c) {
    case 'c': return { s: a.chr(), numeric: false };
    case 's': {
      const s = a.str();
      return { s: prec === null ? s : [...s].slice(0, prec).join(''), numeric: false };
    }
    case 'd': case 'i': {
      const v = Math.trunc(a.num());
      const sp = special(v, false);
      if (sp) return { s: sp, numeric: false };
      let s = BigInt(Math.abs(v)).toString();
      if (prec !== null) s = prec === 0 && v === 0 ? '' : s.padStart(prec, '0');
      return { s: sign(v < 0, s), numeric: prec === null };
    }
    case 'o': case 'u': case 'x': case 'X': {
      let v = Math.trunc(a.num());
      if (v < 0) v = Number(BigInt.asUintN(64, BigInt(v)));
      let s = BigInt(v).toString(c === 'o' ? 8 : c === 'u' ? 10 : 16);
      if (prec !== null) s = prec === 0 && v === 0 ? '' : s.padStart(prec, '0');
      if (flags.includes('#') && v !== 0) s = c === 'o' ? (s.startsWith('0') ? s : '0' + s) : c === 'x' ? '0x' + s : c === 'X' ? '0X' + s : s;
      return { s: c === 'X' ? s.toUpperCase() : s, numeric: prec === null };
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      const v = a.num();
      const upper = c === 'E' || c === 'F' || c === 'G';
      const sp = special(v, upper);
      if (sp) return { s: sp.startsWith('-') ? sp : sign(false, sp), numeric: false };
      const p = prec ?? 6;
      const neg = v < 0 || Object.is(v, -0);
      const av = Math.abs(v);
      let s: string;
      if (c === 'f' || c === 'F') s = av.toFixed(Math.min(p, 100));
      else if (c === 'e' || c === 'E') {
        s = av.toExponential(Math.min(p, 100)).replace(/e([+-])(\d)$/, 'e$10$2');
        if (upper) s = s.toUpperCase();
      } else s = fmtG(av, p, flags.includes('#'), upper);
      if (flags.includes('#') && p === 0 && c !== 'g' && c !== 'G' && !s.includes('.')) s = s.replace(/^(\d+)/, '$1.');
      return { s: sign(neg, s), numeric: true };
    }
  }
  return { s: '', numeric: false };
}

/** Formats `fmt`; unknown conversions are copied as they are. */
export function format(fmt: string, a: FormatArgs): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/.exec(fmt.slice(i));
    if (!m) {
      out += ch;
      continue;
    }
    i += m[0].length - 1;
    let [, flags, w, p, c] = m;
    if (c === '%') {
      out += '%';
      continue;
    }
    if (!'cdiouxXeEfFgGs'.includes(c)) {
      out += m[0];
      continue;
    }
    let width = w === '*' ? Math.trunc(a.num()) : Number(w ?? 0);
    if (width < 0) {
      flags += '-';
      width = -width;
    }
    let prec: number | null = p === undefined ? null : p === '*' ? Math.trunc(a.num()) : Number(p || 0);
    if (prec !== null && prec < 0) prec = null;
    const { s, numeric } = convert(c, flags, prec, a);
    const len = [...s].length;
    if (len >= width) out += s;
    else if (flags.includes('-')) out += s + ' '.repeat(width - len);
    else if (flags.includes('0') && numeric) {
      const sg = /^[-+ ]/.test(s) ? s[0] : '';
      const pre = /^[-+ ]?0[xX]/.test(s) ? s.slice(sg.length, sg.length + 2) : '';
      out += sg + pre + '0'.repeat(width - len) + s.slice(sg.length + pre.length);
    } else out += ' '.repeat(width - len) + s;
  }
  return out;
}
