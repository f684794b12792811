// mount [-t TYPE] [-o OPTIONS] SOURCE DIR: attaches a file system; without arguments prints the mount
// table (/proc/mounts).
import { mount, readFile, writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'mount [-t TYPE] [-o OPTIONS] SOURCE DIR';
const MS_RDONLY = 1;

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Mounts a file system of TYPE on DIR, or lists the mounts.');
  const r = getopt(argv, 't:o:rwv');
  if (typeof r === 'string') return usage('mount', r, SYNOPSIS);
  if (!r.operands.length) {
    const t = readFile('/proc/mounts');
    if (!t) {
      warn('mount', '/proc/mounts');
      return 1;
    }
    writeAll(1, t);
    return 0;
  }
  if (r.operands.length !== 2) return usage('mount', 'expected SOURCE and DIR', SYNOPSIS);
  const [src, dir] = r.operands;
  const type = r.opts.get('t');
  const opts = String(r.opts.get('o') ?? '').split(',').filter(Boolean);
  let flags = r.opts.has('r') ? MS_RDONLY : 0;
  if (opts.includes('ro')) flags |= MS_RDONLY;
  const data = opts.filter((o) => o !== 'ro' && o !== 'rw' && o !== 'defaults').join(',');
  if (mount(src, dir, typeof type === 'string' ? type : src, flags, data) < 0) {
    warn('mount', dir);
    return 1;
  }
  return 0;
}
