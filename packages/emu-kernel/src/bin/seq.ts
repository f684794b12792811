// seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: a sequence of numbers.
import { writeAll } from '../user/libc.js';
import { warnx, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Prints the numbers from FIRST (1) to LAST by INCREMENT (1); -s separator, -w equal width.');
  let sep = '\n', width = false;
  const nums: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-s') sep = args[++i] ?? '\n';
    else if (a.startsWith('-s')) sep = a.slice(2);
    else if (a === '-w') width = true;
    else nums.push(a);
  }
  if (nums.length < 1 || nums.length > 3) return usage('seq', nums.length ? `extra operand '${nums[3]}'` : 'missing operand', SYNOPSIS);
  const v = nums.map(Number);
  const bad = nums.find((s, i) => Number.isNaN(v[i]) || s.trim() === '');
  if (bad !== undefined) {
    warnx('seq', `invalid floating point argument: '${bad}'`);
    return 1;
  }
  const [first, inc, last] = v.length === 1 ? [1, 1, v[0]] : v.length === 2 ? [v[0], 1, v[1]] : v;
  if (inc === 0) {
    warnx('seq', "invalid Zero increment value: '0'");
    return 1;
  }
  const decimals = Math.max(...nums.map((s) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0)));
  const fmt = (x: number) => x.toFixed(decimals);
  const out: string[] = [];
  for (let i = 0, x = first; inc > 0 ? x <= last + 1e-10 : x >= last - 1e-10; x = first + ++i * inc) {
    out.push(fmt(x));
    if (out.length > 4096) {
      writeAll(1, out.join(sep) + sep);
      out.length = 0;
    }
  }
  const w = width ? Math.max(fmt(first).length, fmt(last).length) : 0;
  if (out.length) writeAll(1, out.map((s) => (s.startsWith('-') ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0'))).join(sep) + '\n');
  return 0;
}
