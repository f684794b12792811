// pwd: the current working directory.
import { getcwd, writeAll } from '../user/libc.js';
import { warn } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('pwd', 'Prints the current working directory.');
  const d = getcwd();
  if (d === null) {
    warn('pwd', 'cannot get current directory');
    return 1;
  }
  writeAll(1, d + '\n');
  return 0;
}
