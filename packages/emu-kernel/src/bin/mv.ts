// mv SOURCE DEST | mv SOURCE... DIRECTORY: renames, copying and removing across file systems.
import { rename, stat, errno, unlink } from '../user/libc.js';
import { EXDEV } from '../uapi/errno.js';
import { S_ISDIR } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { usage, warn, warnx } from '../user/util/err.js';
import { copyTree } from '../user/util/copy.js';
import { basename, join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'mv SOURCE DEST | mv SOURCE... DIRECTORY';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Renames SOURCE to DEST, or moves the SOURCEs into DIRECTORY.');
  const r = getopt(argv, 'fiv');
  if (typeof r === 'string') return usage('mv', r, SYNOPSIS);
  const ops = r.operands;
  if (ops.length < 2) return usage('mv', ops.length ? `missing destination file operand after '${ops[0]}'` : 'missing file operand', SYNOPSIS);
  const dest = ops[ops.length - 1];
  const destDir = S_ISDIR(stat(dest)?.mode ?? 0);
  if (ops.length > 2 && !destDir) {
    warnx('mv', `target '${dest}': Not a directory`);
    return 1;
  }
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    const to = destDir ? join(dest, basename(src)) : dest;
    if (rename(src, to) === 0) continue;
    if (errno !== EXDEV) {
      warn('mv', src);
      status = 1;
      continue;
    }
    // Another file system: copy regular files, then remove the source.
    if (S_ISDIR(stat(src)?.mode ?? 0)) {
      warnx('mv', `cannot move directory '${src}' across file systems`);
      status = 1;
    } else if (!copyTree('mv', src, to, false) || unlink(src) < 0) status = 1;
  }
  return status;
}
