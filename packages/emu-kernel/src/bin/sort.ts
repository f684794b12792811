// sort [-rnu] [FILE...]: sorts lines (byte order; -n numerically, -r reversed, -u unique).
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { usage } from '../user/util/err.js';
import { openInput, closeInput, readLines, inputs } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('sort [-rnu] [FILE]...', 'Sorts the lines of the FILEs (-r reverse, -n numeric, -u unique).');
  const r = getopt(argv, 'rnuf');
  if (typeof r === 'string') return usage('sort', r, 'sort [-rnu] [FILE]...');
  const lines: string[] = [];
  let status = 0;
  for (const name of inputs(r.operands)) {
    const fd = openInput('sort', name);
    if (fd < 0) {
      status = 2;
      continue;
    }
    readLines(fd, (l) => void lines.push(l));
    closeInput(fd);
  }
  const key = (s: string) => (r.opts.has('f') ? s.toUpperCase() : s);
  const cmp = r.opts.has('n')
    ? (a: string, b: string) => (parseFloat(a) || 0) - (parseFloat(b) || 0) || (a < b ? -1 : a > b ? 1 : 0)
    : (a: string, b: string) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  lines.sort(cmp);
  if (r.opts.has('r')) lines.reverse();
  const out = r.opts.has('u') ? lines.filter((l, i) => i === 0 || cmp(lines[i - 1], l) !== 0) : lines;
  writeAll(1, out.map((l) => l + '\n').join(''));
  return status;
}
