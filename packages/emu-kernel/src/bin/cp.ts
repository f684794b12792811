// cp [-r] SOURCE DEST | cp [-r] SOURCE... DIRECTORY: copies files (and trees with -r).
import { stat } from '../user/libc.js';
import { S_ISDIR } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { usage, warnx } from '../user/util/err.js';
import { copyTree } from '../user/util/copy.js';
import { basename, join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'cp [-r] SOURCE DEST | cp [-r] SOURCE... DIRECTORY';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Copies SOURCE to DEST, or the SOURCEs into DIRECTORY (-r directories recursively).');
  const r = getopt(argv, 'rRafpv');
  if (typeof r === 'string') return usage('cp', r, SYNOPSIS);
  const ops = r.operands;
  if (ops.length < 2) return usage('cp', ops.length ? `missing destination file operand after '${ops[0]}'` : 'missing file operand', SYNOPSIS);
  const recursive = r.opts.has('r') || r.opts.has('R') || r.opts.has('a');
  const dest = ops[ops.length - 1];
  const destDir = S_ISDIR(stat(dest)?.mode ?? 0);
  if (ops.length > 2 && !destDir) {
    warnx('cp', `target '${dest}': Not a directory`);
    return 1;
  }
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    const to = destDir ? join(dest, basename(src)) : dest;
    if (!copyTree('cp', src, to, recursive)) status = 1;
  }
  return status;
}
