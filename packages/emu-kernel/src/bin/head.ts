// head [-n N] [-c N] [FILE...]: the first N lines (10) or bytes of each input.
import { writeAll } from '../user/libc.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { openInput, closeInput, readChunks, inputs } from '../user/util/input.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'head [-n LINES | -c BYTES] [FILE]...';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Prints the first 10 lines (-n LINES) or BYTES (-c) of each FILE.');
  let lines = 10, bytes = -1;
  const files: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let m: RegExpExecArray | null;
    if ((m = /^-([nc])(.*)$/.exec(a))) {
      const v = m[2] || args[++i];
      if (v === undefined) return usage('head', `option requires an argument -- '${m[1]}'`, SYNOPSIS);
      if (!/^\d+$/.test(v)) {
        warnx('head', `invalid number of ${m[1] === 'n' ? 'lines' : 'bytes'}: '${v}'`);
        return 1;
      }
      if (m[1] === 'n') lines = Number(v);
      else bytes = Number(v);
    } else if (/^-\d+$/.test(a)) lines = Number(a.slice(1));
    else if (a === '--') files.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith('-') && a !== '-') return usage('head', `invalid option -- '${a[1]}'`, SYNOPSIS);
    else files.push(a);
  }
  let status = 0;
  const names = inputs(files);
  names.forEach((name, idx) => {
    const fd = openInput('head', name);
    if (fd < 0) {
      status = 1;
      return;
    }
    if (names.length > 1) writeAll(1, `${idx ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    let left = bytes >= 0 ? bytes : lines;
    if (left > 0) {
      const r = readChunks(fd, (chunk) => {
        let end = chunk.length;
        if (bytes >= 0) end = Math.min(end, left);
        else {
          for (let i = 0; i < chunk.length; i++) {
            if (chunk[i] === 10 && --left === 0) {
              end = i + 1;
              break;
            }
          }
        }
        if (bytes >= 0) left -= end;
        if (writeAll(1, chunk.subarray(0, end)) < 0) return false;
        return left > 0;
      });
      if (r < 0) {
        warn('head', `error reading '${name}'`);
        status = 1;
      }
    }
    closeInput(fd);
  });
  return status;
}
