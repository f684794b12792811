// cut -f LIST [-d DELIM] | -c LIST [FILE...]: selects fields or characters of each line.
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { usage, warnx } from '../user/util/err.js';
import { openInput, closeInput, readLines, inputs } from '../user/util/input.js';

const SYNOPSIS = 'cut -f LIST [-d DELIM] [-s] | -c LIST [FILE]...';

/** "1,3-5,7-" as a membership test on 1-based positions. */
function parseList(s: string): ((i: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const part of s.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return null;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a < 1 || b < a) return null;
    ranges.push([a, b]);
  }
  return (i) => ranges.some(([a, b]) => i >= a && i <= b);
}

export default function main(argv: string[]): number {
  const r = getopt(argv, 'f:d:c:bs');
  if (typeof r === 'string') return usage('cut', r, SYNOPSIS);
  const f = r.opts.get('f'), c = r.opts.get('c') ?? r.opts.get('b');
  const spec = typeof f === 'string' ? f : typeof c === 'string' ? c : null;
  if (spec === null) return usage('cut', 'you must specify a list of bytes, characters, or fields', SYNOPSIS);
  const sel = parseList(spec);
  if (!sel) {
    warnx('cut', `invalid field value '${spec}'`);
    return 1;
  }
  const d = r.opts.get('d');
  const delim = typeof d === 'string' ? d : '\t';
  let out = '', status = 0;
  for (const name of inputs(r.operands)) {
    const fd = openInput('cut', name);
    if (fd < 0) {
      status = 1;
      continue;
    }
    readLines(fd, (line) => {
      if (typeof f === 'string') {
        if (!line.includes(delim)) {
          if (!r.opts.has('s')) out += line + '\n';
          return;
        }
        out += line.split(delim).filter((_, i) => sel(i + 1)).join(delim) + '\n';
      } else out += [...line].filter((_, i) => sel(i + 1)).join('') + '\n';
    });
    closeInput(fd);
  }
  writeAll(1, out);
  return status;
}
