// touch [-c] FILE...: creates missing files (empty, mode 0666 less the umask); -c creates none.
import { open, close, errno } from '../user/libc.js';
import { O_WRONLY, O_CREAT, O_NONBLOCK, O_NOCTTY } from '../uapi/fcntl.js';
import { EISDIR } from '../uapi/errno.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';

export default function main(argv: string[]): number {
  const r = getopt(argv, 'cam');
  if (typeof r === 'string') return usage('touch', r, 'touch [-c] FILE...');
  if (!r.operands.length) return usage('touch', 'missing file operand', 'touch [-c] FILE...');
  let status = 0;
  for (const f of r.operands) {
    const fd = open(f, O_WRONLY | O_NONBLOCK | O_NOCTTY | (r.opts.has('c') ? 0 : O_CREAT), 0o666);
    if (fd >= 0) {
      close(fd);
      continue;
    }
    // An existing directory (or a file that -c does not create) is not an error.
    if (errno === EISDIR || (r.opts.has('c') && errno === 2)) continue;
    warn('touch', f);
    status = 1;
  }
  return status;
}
