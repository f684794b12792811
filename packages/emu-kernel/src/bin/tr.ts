// tr [-d] [-s] SET1 [SET2]: translates, deletes (-d) or squeezes (-s) characters of standard input.
// Sets take ranges (a-z), escapes (\n \t \\) and the classes [:lower:] [:upper:] [:digit:] [:space:].
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { usage } from '../user/util/err.js';
import { readChunks } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

const CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz', upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', digit: '0123456789',
  space: ' \t\n\r\f\v', alpha: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

function expandSet(s: string): string[] {
  const chars: string[] = [];
  const src = s.replace(/\[:(\w+):\]/g, (m, n: string) => CLASSES[n] ?? m)
    .replace(/\\([ntr\\])/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c);
  const a = [...src];
  for (let i = 0; i < a.length; i++) {
    if (a[i + 1] === '-' && a[i + 2] !== undefined) {
      for (let c = a[i].codePointAt(0)!; c <= a[i + 2].codePointAt(0)!; c++) chars.push(String.fromCodePoint(c));
      i += 2;
    } else chars.push(a[i]);
  }
  return chars;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('tr [-d] [-s] SET1 [SET2]', 'Translates (or with -d deletes, -s squeezes) characters of standard input.');
  const r = getopt(argv, 'ds');
  if (typeof r === 'string') return usage('tr', r, 'tr [-d] [-s] SET1 [SET2]');
  const [s1, s2] = r.operands;
  if (s1 === undefined || (!r.opts.has('d') && !r.opts.has('s') && s2 === undefined)) {
    return usage('tr', 'missing operand', 'tr [-d] [-s] SET1 [SET2]');
  }
  const from = expandSet(s1), to = s2 !== undefined ? expandSet(s2) : [];
  const map = new Map<string, string>();
  if (!r.opts.has('d') && to.length) from.forEach((c, i) => map.set(c, to[Math.min(i, to.length - 1)]));
  const del = new Set(r.opts.has('d') ? from : []);
  const squeeze = new Set(r.opts.has('s') ? (to.length ? to : from) : []);
  const dec = new TextDecoder();
  let last = '';
  readChunks(0, (chunk) => {
    let out = '';
    for (const ch of dec.decode(chunk, { stream: true })) {
      if (del.has(ch)) continue;
      const t = map.get(ch) ?? ch;
      if (squeeze.has(t) && t === last) continue;
      out += t;
      last = t;
    }
    if (writeAll(1, out) < 0) return false;
  });
  return 0;
}
