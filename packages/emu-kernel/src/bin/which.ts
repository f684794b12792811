// which NAME...: the file each command name runs, by PATH search.
import { getenv, writeAll } from '../user/libc.js';
import { which } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('which NAME...', 'Prints the file each command NAME runs, by PATH search.');
  let status = 0, out = '';
  for (const n of argv.slice(1)) {
    const p = which(n, getenv('PATH'));
    if (p) out += p + '\n';
    else status = 1;
  }
  writeAll(1, out);
  return status;
}
