// dirname NAME...: each path without its last component.
import { writeAll } from '../user/libc.js';
import { usage } from '../user/util/err.js';
import { dirname } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('dirname NAME...', 'Prints each NAME without its last component.');
  if (argv.length < 2) return usage('dirname', 'missing operand', 'dirname NAME...');
  writeAll(1, argv.slice(1).map((n) => dirname(n) + '\n').join(''));
  return 0;
}
