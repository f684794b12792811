// echo [-n] [-e] [STRING...]
import { writeAll, perror } from '../user/libc.js';
import { help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (argv.length === 2 && argv[1] === '--help') return help('echo [-n] [-e] [STRING]...', 'Prints the STRINGs separated by spaces (-n: no newline; -e: backslash escapes).');
  let args = argv.slice(1);
  let newline = true, escapes = false;
  while (args.length && /^-[ne]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let s = args.join(' ');
  if (escapes) s = s.replace(/\\(n|t|\\|0[0-7]{0,3}|x[0-9a-fA-F]{1,2})/g, (_m, e: string) =>
    e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16))
      : String.fromCharCode(parseInt(e, 8)));
  if (writeAll(1, s + (newline ? '\n' : '')) < 0) {
    perror('echo: write error');
    return 1;
  }
  return 0;
}
