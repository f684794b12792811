// uname [-asnrvmo]: system name, node name, kernel release and version, machine, operating system.
import { uname, writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('uname [-asnrvmo]', 'Prints system information.');
  const r = getopt(argv, 'asnrvmpio');
  if (typeof r === 'string') return usage('uname', r, 'uname [-asnrvmo]');
  const u = uname();
  if (!u) {
    warn('uname', 'cannot get system name');
    return 1;
  }
  const all = r.opts.has('a');
  const f: string[] = [];
  const want = (c: string) => all || r.opts.has(c);
  if (want('s') || r.opts.size === 0) f.push(u.sysname);
  if (want('n')) f.push(u.nodename);
  if (want('r')) f.push(u.release);
  if (want('v')) f.push(u.version);
  if (want('m')) f.push(u.machine);
  if (!all && r.opts.has('p')) f.push('unknown');
  if (!all && r.opts.has('i')) f.push('unknown');
  if (want('o')) f.push('GNU/Linux');
  writeAll(1, f.join(' ') + '\n');
  return 0;
}
