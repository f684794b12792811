// tail [-n [+]N] [-c N] [FILE...]: the last N lines (10) or bytes; +N starts at line N.
import { writeAll, readAll } from '../user/libc.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { openInput, closeInput, inputs } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'tail [-n [+]LINES | -c BYTES] [FILE]...';

function lastLines(data: Uint8Array, n: number, fromStart: boolean): Uint8Array {
  if (fromStart) {
    let line = 1, i = 0;
    while (line < n && i < data.length) if (data[i++] === 10) line++;
    return data.subarray(i);
  }
  if (n === 0) return data.subarray(data.length);
  let end = data.length;
  if (end && data[end - 1] === 10) end--;
  let count = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (data[i] === 10 && ++count === n) return data.subarray(i + 1);
  }
  return data;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Prints the last 10 lines (-n LINES, +N from line N) or BYTES (-c) of each FILE.');
  let n = 10, bytes = false, fromStart = false;
  const files: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let m: RegExpExecArray | null;
    if ((m = /^-([nc])(.*)$/.exec(a))) {
      const v = m[2] || args[++i];
      if (v === undefined) return usage('tail', `option requires an argument -- '${m[1]}'`, SYNOPSIS);
      const mm = /^([+-]?)(\d+)$/.exec(v);
      if (!mm) {
        warnx('tail', `invalid number of ${m[1] === 'n' ? 'lines' : 'bytes'}: '${v}'`);
        return 1;
      }
      n = Number(mm[2]);
      fromStart = mm[1] === '+';
      bytes = m[1] === 'c';
    } else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a.startsWith('-') && a !== '-') return usage('tail', `invalid option -- '${a[1]}'`, SYNOPSIS);
    else files.push(a);
  }
  let status = 0;
  const names = inputs(files);
  names.forEach((name, idx) => {
    const fd = openInput('tail', name);
    if (fd < 0) {
      status = 1;
      return;
    }
    const data = readAll(fd);
    closeInput(fd);
    if (!data) {
      warn('tail', `error reading '${name}'`);
      status = 1;
      return;
    }
    if (names.length > 1) writeAll(1, `${idx ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    const out = bytes ? (fromStart ? data.subarray(Math.max(0, n - 1)) : data.subarray(Math.max(0, data.length - n)))
      : lastLines(data, n, fromStart);
    writeAll(1, out);
  });
  return status;
}
