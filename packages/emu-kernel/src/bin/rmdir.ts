// rmdir [-p] DIR...: removes empty directories (-p: then their parents).
import { rmdir } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { dirname } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('rmdir [-p] DIRECTORY...', 'Removes empty directories (-p: and their parents).');
  const r = getopt(argv, 'p');
  if (typeof r === 'string' || !r.operands.length) {
    return usage('rmdir', typeof r === 'string' ? r : 'missing operand', 'rmdir [-p] DIRECTORY...');
  }
  let status = 0;
  for (let d of r.operands) {
    for (;;) {
      if (rmdir(d) < 0) {
        warn('rmdir', d);
        status = 1;
        break;
      }
      if (!r.opts.has('p')) break;
      const up = dirname(d);
      if (up === d || up === '.' || up === '/') break;
      d = up;
    }
  }
  return status;
}
