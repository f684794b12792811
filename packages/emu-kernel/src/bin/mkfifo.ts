// mkfifo [-m MODE] NAME...: makes named pipes.
import { mknod, chmod, umask } from '../user/libc.js';
import { S_IFIFO } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { parseMode } from '../user/util/mode.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('mkfifo [-m MODE] NAME...', 'Creates named pipes.');
  const r = getopt(argv, 'm:');
  if (typeof r === 'string' || !r.operands.length) {
    return usage('mkfifo', typeof r === 'string' ? r : 'missing operand', 'mkfifo [-m MODE] NAME...');
  }
  const mask = umask(0);
  umask(mask);
  const m = r.opts.get('m');
  const mode = typeof m === 'string' ? parseMode(m, 0o666, false, mask) : 0o666 & ~mask;
  if (mode === null) {
    warnx('mkfifo', `invalid mode '${String(m)}'`);
    return 1;
  }
  let status = 0;
  for (const n of r.operands) {
    if (mknod(n, S_IFIFO | mode, 0) < 0 || (typeof m === 'string' && chmod(n, mode) < 0)) {
      warn('mkfifo', n);
      status = 1;
    }
  }
  return status;
}
