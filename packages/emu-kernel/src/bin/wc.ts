// wc [-lwc] [FILE...]: newline, word and byte counts (all three by default), with a total line for
// several inputs.
import { writeAll, fstat } from '../user/libc.js';
import { S_ISREG } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { openInput, closeInput, readChunks, inputs } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('wc [-lwc] [FILE]...', 'Counts lines, words and bytes.');
  const r = getopt(argv, 'lwcm');
  if (typeof r === 'string') return usage('wc', r, 'wc [-lwc] [FILE]...');
  let which = ['l', 'w', 'c'].filter((c) => r.opts.has(c) || (c === 'c' && r.opts.has('m')));
  if (!which.length) which = ['l', 'w', 'c'];
  const rows: { counts: number[]; name: string }[] = [];
  const total = [0, 0, 0];
  let status = 0, wide = false;
  for (const name of inputs(r.operands)) {
    const fd = openInput('wc', name);
    if (fd < 0) {
      status = 1;
      continue;
    }
    if (!S_ISREG(fstat(fd)?.mode ?? 0)) wide = true;
    let l = 0, w = 0, c = 0, inWord = false;
    const rc = readChunks(fd, (chunk) => {
      c += chunk.length;
      for (const b of chunk) {
        if (b === 10) l++;
        const space = b === 32 || (b >= 9 && b <= 13);
        if (!space && !inWord) w++;
        inWord = !space;
      }
    });
    closeInput(fd);
    if (rc < 0) {
      warn('wc', name);
      status = 1;
      continue;
    }
    const counts = [l, w, c];
    counts.forEach((v, i) => (total[i] += v));
    rows.push({ counts, name: name === '-' && !r.operands.length ? '' : name });
  }
  if (rows.length > 1) rows.push({ counts: total, name: 'total' });
  const idx = which.map((c) => ['l', 'w', 'c'].indexOf(c));
  // coreutils: one field of one input unpadded; else all fields as wide as the largest count.
  let width = Math.max(1, ...rows.flatMap((x) => idx.map((i) => String(x.counts[i]).length)));
  if (wide && !(idx.length === 1 && rows.length === 1)) width = Math.max(width, 7);
  if (idx.length === 1 && rows.length === 1) width = 1;
  writeAll(1, rows.map((x) => idx.map((i) => String(x.counts[i]).padStart(width)).join(' ') + (x.name ? ` ${x.name}` : '') + '\n').join(''));
  return status;
}
