// basename NAME [SUFFIX]: the last component of a path, without SUFFIX.
import { writeAll } from '../user/libc.js';
import { usage } from '../user/util/err.js';
import { basename } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('basename NAME [SUFFIX]', 'Prints NAME without its leading directories (and SUFFIX).');
  const [name, suffix] = argv.slice(1);
  if (name === undefined) return usage('basename', 'missing operand', 'basename NAME [SUFFIX]');
  let b = basename(name);
  if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
  writeAll(1, b + '\n');
  return 0;
}
