// umount [-l] DIR...: detaches file systems.
import { umount } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const MNT_DETACH = 2;

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('umount [-l] DIR...', 'Unmounts the file systems mounted on the DIRs.');
  const r = getopt(argv, 'lfv');
  if (typeof r === 'string' || !r.operands.length) {
    return usage('umount', typeof r === 'string' ? r : 'missing operand', 'umount [-l] DIR...');
  }
  let status = 0;
  for (const d of r.operands) {
    if (umount(d, r.opts.has('l') ? MNT_DETACH : 0) < 0) {
      warn('umount', d);
      status = 1;
    }
  }
  return status;
}
