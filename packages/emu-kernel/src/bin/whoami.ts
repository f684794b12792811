// whoami: the name of the effective user.
import { geteuid, writeAll } from '../user/libc.js';
import { getpwuid } from '../user/util/passwd.js';
import { warnx } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('whoami', 'Prints the name of the effective user.');
  const uid = geteuid();
  const pw = getpwuid(uid);
  if (!pw) {
    warnx('whoami', `cannot find name for user ID ${uid}`);
    return 1;
  }
  writeAll(1, pw.name + '\n');
  return 0;
}
