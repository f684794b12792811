// mknod [-m MODE] NAME TYPE [MAJOR MINOR]: makes a device node (c or u: character, b: block) or a
// fifo (p).
import { mknod, chmod, umask } from '../user/libc.js';
import { S_IFCHR, S_IFBLK, S_IFIFO, makedev } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { parseMode } from '../user/util/mode.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'mknod [-m MODE] NAME TYPE [MAJOR MINOR]';

function number(s: string): number | null {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(s)) return null;
  return Number(s);
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Creates a device node (TYPE c or b with MAJOR and MINOR) or a fifo (p).');
  const r = getopt(argv, 'm:');
  if (typeof r === 'string') return usage('mknod', r, SYNOPSIS);
  const [name, type, ma, mi, ...extra] = r.operands;
  if (!name || !type) return usage('mknod', 'missing operand', SYNOPSIS);
  const mask = umask(0);
  umask(mask);
  let mode = 0o666 & ~mask;
  const m = r.opts.get('m');
  if (typeof m === 'string') {
    const v = parseMode(m, 0o666, false, mask);
    if (v === null) {
      warnx('mknod', `invalid mode '${m}'`);
      return 1;
    }
    mode = v;
  }
  let fmt: number, dev = 0;
  if (type === 'p') {
    if (ma !== undefined) return usage('mknod', 'fifos do not have major and minor device numbers', SYNOPSIS);
    fmt = S_IFIFO;
  } else if (type === 'c' || type === 'u' || type === 'b') {
    if (ma === undefined || mi === undefined) return usage('mknod', `missing operand after '${ma ?? type}'`, SYNOPSIS);
    if (extra.length) return usage('mknod', `extra operand '${extra[0]}'`, SYNOPSIS);
    const a = number(ma), b = number(mi);
    if (a === null || a > 4095) {
      warnx('mknod', `invalid major device number '${ma}'`);
      return 1;
    }
    if (b === null || b > 0xfffff) {
      warnx('mknod', `invalid minor device number '${mi}'`);
      return 1;
    }
    fmt = type === 'b' ? S_IFBLK : S_IFCHR;
    dev = makedev(a, b);
  } else {
    return usage('mknod', `invalid device type '${type}'`, SYNOPSIS);
  }
  if (mknod(name, fmt | mode, dev) < 0) {
    warn('mknod', name);
    return 1;
  }
  // An explicit mode is set exactly, whatever the umask.
  if (typeof m === 'string' && chmod(name, mode) < 0) {
    warn('mknod', name);
    return 1;
  }
  return 0;
}
