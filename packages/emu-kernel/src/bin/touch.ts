// touch [-a] [-m] [-c] [-d @SECONDS] FILE...: sets each file's access and modification times to now, or to
// SECONDS since the epoch (-a: access time only, -m: modification time only), creating missing files
// (empty, mode 0666 less the umask) unless -c.
import { open, close, errno, utimensat, type Timespec } from '../user/libc.js';
import { O_WRONLY, O_CREAT, O_NONBLOCK, O_NOCTTY, AT_FDCWD } from '../uapi/fcntl.js';
import { UTIME_NOW, UTIME_OMIT } from '../uapi/stat.js';
import { ENOENT } from '../uapi/errno.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const USAGE = 'touch [-a] [-m] [-c] [-d @SECONDS] FILE...';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('touch [-a] [-m] [-c] [-d @SECONDS] FILE...', 'Sets the access and modification times of each FILE, creating it unless -c.');
  const r = getopt(argv, 'camd:');
  if (typeof r === 'string') return usage('touch', r, USAGE);
  if (!r.operands.length) return usage('touch', 'missing file operand', USAGE);
  const date = r.opts.get('d');
  let when: Timespec = { tv_sec: 0, tv_nsec: UTIME_NOW };
  if (typeof date === 'string') {
    // Only GNU's "@SECONDS" form, whole seconds that fit a time_t.
    const sec = /^@-?\d+$/.test(date) ? BigInt(date.slice(1)) : null;
    if (sec === null || BigInt.asIntN(64, sec) !== sec) return usage('touch', `invalid date format '${date}'`, USAGE);
    when = { tv_sec: sec, tv_nsec: 0 };
  }
  // -a and -m each name the one time to set; both (or neither) set both.
  const only_a = r.opts.has('a') && !r.opts.has('m'), only_m = r.opts.has('m') && !r.opts.has('a');
  const omit: Timespec = { tv_sec: 0, tv_nsec: UTIME_OMIT };
  const times: [Timespec, Timespec] | null = only_a ? [when, omit] : only_m ? [omit, when]
    : date === undefined ? null : [when, when];
  let status = 0;
  for (const f of r.operands) {
    if (utimensat(AT_FDCWD, f, times) === 0) continue;
    if (errno !== ENOENT) {
      warn('touch', f);
      status = 1;
      continue;
    }
    if (r.opts.has('c')) continue;
    const fd = open(f, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CREAT, 0o666);
    if (fd < 0) {
      warn('touch', f);
      status = 1;
      continue;
    }
    close(fd);
  }
  return status;
}
