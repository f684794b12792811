// cut -f LIST [-d DELIM] [-s] | -c LIST | -b LIST [FILE...]: selects fields, characters or bytes of each line.
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { usage, warnx } from '../user/util/err.js';
import { openInput, closeInput, readLines, readChunks, inputs } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'cut -b LIST [FILE]... | cut -c LIST [FILE]... | cut -f LIST [-d DELIM] [-s] [FILE]...';

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

/** The selected bytes of each line of `fd` (lines split at byte 10, bytes kept as they are). */
function cutBytes(fd: number, sel: (i: number) => boolean, emit: (b: Uint8Array) => void): number {
  let pending: number[] = [];
  const line = (bytes: number[], nl: boolean) => {
    const picked = bytes.filter((_, i) => sel(i + 1));
    if (nl || bytes.length) picked.push(10);
    emit(Uint8Array.from(picked));
  };
  const r = readChunks(fd, (chunk) => {
    for (const b of chunk) {
      if (b === 10) {
        line(pending, true);
        pending = [];
      } else pending.push(b);
    }
  });
  if (pending.length) line(pending, false);
  return r;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Prints the selected parts of each line: -b bytes, -c characters, -f fields split at -d DELIM (tab);\n-s skips lines without the delimiter. LIST: N, N-M, N-, -M, separated by commas.');
  const r = getopt(argv, 'f:d:c:b:sn');
  if (typeof r === 'string') return usage('cut', r, SYNOPSIS);
  const f = r.opts.get('f'), c = r.opts.get('c'), b = r.opts.get('b');
  const kinds = [f, c, b].filter((x) => typeof x === 'string') as string[];
  if (kinds.length > 1) return usage('cut', 'only one type of list may be specified', SYNOPSIS);
  if (!kinds.length) return usage('cut', 'you must specify a list of bytes, characters, or fields', SYNOPSIS);
  const spec = kinds[0];
  const sel = parseList(spec);
  if (!sel) {
    warnx('cut', `invalid ${typeof f === 'string' ? 'field' : typeof b === 'string' ? 'byte' : 'character'} list '${spec}'`);
    return 1;
  }
  const d = r.opts.get('d');
  if (typeof d === 'string' && typeof f !== 'string') return usage('cut', 'an input delimiter may be specified only when operating on fields', SYNOPSIS);
  if (typeof d === 'string' && [...d].length !== 1) return usage('cut', 'the delimiter must be a single character', SYNOPSIS);
  const delim = typeof d === 'string' ? d : '\t';
  let out = '', status = 0;
  for (const name of inputs(r.operands)) {
    const fd = openInput('cut', name);
    if (fd < 0) {
      status = 1;
      continue;
    }
    if (typeof b === 'string') {
      writeAll(1, out);
      out = '';
      const chunks: Uint8Array[] = [];
      let size = 0;
      const flushBytes = () => {
        const all = new Uint8Array(size);
        let o = 0;
        for (const x of chunks) all.set(x, o), (o += x.length);
        if (size) writeAll(1, all);
        chunks.length = 0;
        size = 0;
      };
      const rc = cutBytes(fd, sel, (x) => {
        chunks.push(x);
        size += x.length;
        if (size > 65536) flushBytes();
      });
      flushBytes();
      if (rc < 0) status = 1;
    } else {
      readLines(fd, (line) => {
        if (typeof f === 'string') {
          if (!line.includes(delim)) {
            if (!r.opts.has('s')) out += line + '\n';
            return;
          }
          out += line.split(delim).filter((_, i) => sel(i + 1)).join(delim) + '\n';
        } else out += [...line].filter((_, i) => sel(i + 1)).join('') + '\n';
        if (out.length > 65536) {
          writeAll(1, out);
          out = '';
        }
      });
    }
    closeInput(fd);
  }
  writeAll(1, out);
  return status;
}
