// ln [-sf] TARGET LINK_NAME | ln [-sf] TARGET... DIRECTORY: hard links, or symbolic ones with -s.
import { link, symlink, stat, unlink, lstat } from '../user/libc.js';
import { S_ISDIR } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { basename, join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'ln [-sf] TARGET LINK_NAME | ln [-sf] TARGET... DIRECTORY';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Makes links (-s symbolic; -f replaces existing files).');
  const r = getopt(argv, 'sfnv');
  if (typeof r === 'string') return usage('ln', r, SYNOPSIS);
  const ops = r.operands;
  if (!ops.length) return usage('ln', 'missing file operand', SYNOPSIS);
  let pairs: [string, string][];
  const last = ops[ops.length - 1];
  if (ops.length === 1) pairs = [[ops[0], basename(ops[0])]];
  else if (ops.length > 2 || (S_ISDIR(stat(last)?.mode ?? 0) && !r.opts.has('n'))) {
    pairs = ops.slice(0, -1).map((t) => [t, join(last, basename(t))]);
  } else pairs = [[ops[0], ops[1]]];
  let status = 0;
  for (const [target, name] of pairs) {
    if (r.opts.has('f') && lstat(name)) unlink(name);
    if ((r.opts.has('s') ? symlink(target, name) : link(target, name)) < 0) {
      warn('ln', name);
      status = 1;
    }
  }
  return status;
}
