// uniq [-c] [-d] [-u] [INPUT]: collapses adjacent repeated lines (-c counts them).
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { usage } from '../user/util/err.js';
import { openInput, closeInput, readLines } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('uniq [-c] [-d] [-u] [INPUT]', 'Drops repeated adjacent lines (-c counts, -d only repeated, -u only unique).');
  const r = getopt(argv, 'cdu');
  if (typeof r === 'string') return usage('uniq', r, 'uniq [-c] [-d] [-u] [INPUT]');
  const fd = openInput('uniq', r.operands[0] ?? '-');
  if (fd < 0) return 1;
  let out = '';
  let prev: string | null = null, n = 0;
  const flush = () => {
    if (prev === null) return;
    if ((r.opts.has('d') && n < 2) || (r.opts.has('u') && n > 1)) return;
    out += r.opts.has('c') ? `${String(n).padStart(7)} ${prev}\n` : `${prev}\n`;
  };
  readLines(fd, (l) => {
    if (l === prev) n++;
    else {
      flush();
      prev = l;
      n = 1;
    }
  });
  flush();
  closeInput(fd);
  writeAll(1, out);
  return 0;
}
