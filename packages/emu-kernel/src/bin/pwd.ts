// pwd: the current working directory.
import { getcwd, writeAll } from '../user/libc.js';
import { warn } from '../user/util/err.js';

export default function main(): number {
  const d = getcwd();
  if (d === null) {
    warn('pwd', 'cannot get current directory');
    return 1;
  }
  writeAll(1, d + '\n');
  return 0;
}
