// hexdump [-C] [-v] [-n LENGTH] [-s OFFSET] [FILE...]: -C the canonical hex+ASCII lines, otherwise
// 16-bit little-endian words; repeated lines collapse into "*" unless -v.
import { writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warnx, usage } from '../user/util/err.js';
import { openInput, closeInput, readChunks, inputs } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

function canonical(off: number, b: Uint8Array): string {
  let h = '';
  for (let i = 0; i < b.length; i++) h += hex(b[i], 2) + ' ' + (i === 7 ? ' ' : '');
  const ascii = Array.from(b, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
  return `${hex(off, 8)}  ${h.padEnd(49)} |${ascii}|\n`;
}

function words(off: number, b: Uint8Array): string {
  let s = hex(off, 7);
  for (let i = 0; i < b.length; i += 2) s += ' ' + hex(b[i] | ((b[i + 1] ?? 0) << 8), 4);
  return s + '\n';
}

function parseSize(s: string): number | null {
  const m = /^(0x[0-9a-fA-F]+|\d+)([bkm]?)$/i.exec(s);
  if (!m) return null;
  return Number(m[1]) * ({ '': 1, b: 512, k: 1024, m: 1048576 } as Record<string, number>)[m[2].toLowerCase()];
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('hexdump [-C] [-v] [-n LENGTH] [-s OFFSET] [FILE]...', 'Prints the FILEs in hexadecimal (-C: canonical hex+ASCII).');
  const r = getopt(argv, 'Cvn:s:');
  if (typeof r === 'string') return usage('hexdump', r, 'hexdump [-C] [-v] [-n LENGTH] [-s OFFSET] [FILE]...');
  const fmt = r.opts.has('C') ? canonical : words;
  const squeeze = !r.opts.has('v');
  let limit = Infinity, skip = 0;
  for (const [k, set] of [['n', (v: number) => (limit = v)], ['s', (v: number) => (skip = v)]] as const) {
    const v = r.opts.get(k);
    if (typeof v !== 'string') continue;
    const n = parseSize(v);
    if (n === null) {
      warnx('hexdump', `invalid ${k === 'n' ? 'length' : 'offset'}: '${v}'`);
      return 1;
    }
    set(n);
  }
  let status = 0;
  let off = skip;
  let line = new Uint8Array(16), fill = 0;
  let prev: Uint8Array | null = null, starred = false;
  let out = '';
  const emit = (b: Uint8Array) => {
    if (squeeze && prev && b.length === 16 && prev.length === 16 && b.every((x, i) => x === prev![i])) {
      if (!starred) out += '*\n';
      starred = true;
    } else {
      out += fmt(off, b);
      starred = false;
    }
    prev = b;
    off += b.length;
    if (out.length > 32768) {
      writeAll(1, out);
      out = '';
    }
  };
  let toSkip = skip, left = limit;
  for (const name of inputs(r.operands)) {
    if (left <= 0) break;
    const fd = openInput('hexdump', name);
    if (fd < 0) {
      status = 1;
      continue;
    }
    readChunks(fd, (chunk) => {
      let c = chunk;
      if (toSkip) {
        const k = Math.min(toSkip, c.length);
        toSkip -= k;
        c = c.subarray(k);
      }
      if (c.length > left) c = c.subarray(0, left);
      left -= c.length;
      for (const byte of c) {
        line[fill++] = byte;
        if (fill === 16) {
          emit(line);
          line = new Uint8Array(16);
          fill = 0;
        }
      }
      return left > 0;
    });
    closeInput(fd);
  }
  if (fill) emit(line.subarray(0, fill));
  if (off > skip) out += (fmt === canonical ? hex(off, 8) : hex(off, 7)) + '\n';
  writeAll(1, out);
  return status;
}
