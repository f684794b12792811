// whoami: the name of the effective user.
import { geteuid, writeAll } from '../user/libc.js';
import { getpwuid } from '../user/util/passwd.js';
import { warnx } from '../user/util/err.js';

export default function main(): number {
  const uid = geteuid();
  const pw = getpwuid(uid);
  if (!pw) {
    warnx('whoami', `cannot find name for user ID ${uid}`);
    return 1;
  }
  writeAll(1, pw.name + '\n');
  return 0;
}
