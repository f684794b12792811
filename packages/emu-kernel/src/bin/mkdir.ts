// mkdir [-p] [-m MODE] DIR...: creates directories (-p: with their parents, no error if they exist).
import { mkdir, chmod, stat, umask, errno, set_errno } from '../user/libc.js';
import { EEXIST } from '../uapi/errno.js';
import { S_ISDIR } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { parseMode } from '../user/util/mode.js';
import { wantsHelp, help } from './lib/help.js';

function mkdirP(path: string, mode: number): number {
  let cur = path.startsWith('/') ? '' : '.';
  for (const part of path.split('/').filter(Boolean)) {
    cur += '/' + part;
    if (mkdir(cur, 0o777) < 0) {
      const e = errno;
      if (e !== EEXIST || !S_ISDIR(stat(cur)?.mode ?? 0)) {
        set_errno(e);
        return -1;
      }
    }
  }
  if (mode >= 0) return chmod(path, mode);
  return 0;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('mkdir [-p] [-m MODE] DIRECTORY...', 'Creates the DIRECTORYs (-p: with their parents, no error if they exist).');
  const r = getopt(argv, 'pm:v');
  if (typeof r === 'string') return usage('mkdir', r, 'mkdir [-p] [-m MODE] DIRECTORY...');
  if (!r.operands.length) return usage('mkdir', 'missing operand', 'mkdir [-p] [-m MODE] DIRECTORY...');
  const mask = umask(0);
  umask(mask);
  let mode = -1;
  const m = r.opts.get('m');
  if (typeof m === 'string') {
    const v = parseMode(m, 0o777 & ~mask, true, mask);
    if (v === null) {
      warnx('mkdir', `invalid mode '${m}'`);
      return 1;
    }
    mode = v;
  }
  let status = 0;
  for (const d of r.operands) {
    if (r.opts.has('p')) {
      if (mkdirP(d, mode) < 0) {
        warn('mkdir', d);
        status = 1;
      }
      continue;
    }
    if (mkdir(d, mode >= 0 ? mode : 0o777) < 0 || (mode >= 0 && chmod(d, mode) < 0)) {
      warn('mkdir', d);
      status = 1;
    }
  }
  return status;
}
