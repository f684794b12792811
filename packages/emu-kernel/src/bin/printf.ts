// printf FORMAT [ARGUMENT]...: formatted output (%s %b %c %d %i %u %o %x %X %e %f %g %%, flags, width,
// precision, backslash escapes); the format is reused while arguments remain.
import { writeAll } from '../user/libc.js';
import { warnx, usage } from '../user/util/err.js';
import { rawByte, encodeRaw } from '../user/util/rawbytes.js';
import { help } from './lib/help.js';

function escapes(s: string, stopAtC: { stop: boolean }): string {
  return s.replace(/\\(c|[\\abefnrtv"']|0?[0-7]{1,3}|x[0-9a-fA-F]{1,2})/g, (_m, e: string) => {
    const simple: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t',
      v: '\v', '"': '"', "'": "'" };
    if (e === 'c') {
      stopAtC.stop = true;
      return '\0STOP';
    }
    if (simple[e] !== undefined) return simple[e];
    if (e[0] === 'x') return rawByte(parseInt(e.slice(1), 16));
    return rawByte(parseInt(e, 8) & 0xff);
  });
}

let status = 0;

function num(s: string | undefined): number {
  if (s === undefined || s === '') return 0;
  if (/^['"]/.test(s)) return s.codePointAt(1) ?? 0;
  const v = /^[-+]?0[xX]/.test(s) ? parseInt(s, 16) : /^[-+]?0[0-7]+$/.test(s) ? parseInt(s, 8) : Number(s);
  if (Number.isNaN(v)) {
    warnx('printf', `'${s}': expected a numeric value`);
    status = 1;
    return parseFloat(s) || 0;
  }
  return v;
}

function pad(s: string, flags: string, width: number, numeric: boolean): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

function conv(c: string, flags: string, prec: number | null, arg: string | undefined, stop: { stop: boolean }): string {
  const sign = (v: number, s: string) => (v >= 0 && flags.includes('+') ? '+' + s : v >= 0 && flags.includes(' ') ? ' ' + s : s);
  switch (c) {
    case 's': return prec === null ? arg ?? '' : (arg ?? '').slice(0, prec);
    case 'b': return escapes(arg ?? '', stop);
    case 'c': return (arg ?? '')[0] ?? '';
    case 'd': case 'i': {
      const v = Math.trunc(num(arg));
      let s = String(Math.abs(v));
      if (prec !== null) s = s.padStart(prec, '0');
      return sign(v, (v < 0 ? '-' : '') + s);
    }
    case 'u': return String(Math.trunc(num(arg)) >>> 0);
    case 'o': return (flags.includes('#') ? '0' : '') + (Math.trunc(num(arg)) >>> 0).toString(8);
    case 'x': case 'X': {
      const s = (flags.includes('#') ? '0x' : '') + (Math.trunc(num(arg)) >>> 0).toString(16);
      return c === 'X' ? s.toUpperCase() : s;
    }
    case 'f': case 'F': { const v = num(arg); return sign(v, v.toFixed(prec ?? 6)); }
    case 'e': case 'E': {
      const v = num(arg);
      const s = v.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return sign(v, c === 'E' ? s.toUpperCase() : s);
    }
    case 'g': case 'G': { const v = num(arg); return sign(v, String(Number(v.toPrecision(prec || 6)))); }
  }
  return '';
}

export default function main(argv: string[]): number {
  if (argv.length === 2 && argv[1] === '--help') return help('printf FORMAT [ARGUMENT]...', 'Prints the ARGUMENTs by FORMAT (%s %b %c %d %i %u %o %x %X %e %f %g %%, backslash escapes).');
  const fmt = argv[1];
  if (fmt === undefined) return usage('printf', 'missing operand', 'printf FORMAT [ARGUMENT]...');
  const args = argv.slice(2);
  let ai = 0;
  let out = '';
  const stop = { stop: false };
  do {
    let used = 0;
    const text = escapes(fmt, stop).replace(/%([-+ #0]*)(\*|\d*)(?:\.(\*|\d*))?([a-zA-Z%])/g, (m, flags: string, w: string, p: string | undefined, c: string) => {
      if (c === '%') return '%';
      if (!'sbcdiuoxXfFeEgG'.includes(c)) {
        warnx('printf', `%${c}: invalid conversion specification`);
        status = 1;
        return m;
      }
      const width = w === '*' ? (used++, num(args[ai++])) : Number(w || 0);
      const prec = p === undefined ? null : p === '*' ? (used++, num(args[ai++])) : Number(p || 0);
      used++;
      const s = conv(c, flags, prec, args[ai++], stop);
      return pad(s, flags, width, /[diuoxXfFeEgG]/.test(c));
    });
    out += text;
    if (!used) break;
  } while (ai < args.length && !stop.stop);
  const cut = out.indexOf('\0STOP');
  writeAll(1, encodeRaw(cut >= 0 ? out.slice(0, cut) : out));
  return status;
}
