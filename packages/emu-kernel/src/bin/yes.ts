// yes [STRING...]: prints the line ("y") until the output is closed.
import { writeAll } from '../user/libc.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('yes [STRING]...', 'Prints STRING (y) repeatedly until the output is closed.');
  const line = (argv.length > 1 ? argv.slice(1).join(' ') : 'y') + '\n';
  const block = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (;;) if (writeAll(1, block) < 0) return 1;
}
