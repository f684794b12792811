// env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]: prints the environment, or runs a command in
// a modified one.
import { environ, execve, writeAll, errno } from '../user/libc.js';
import { ENOENT } from '../uapi/errno.js';
import { warn, usage } from '../user/util/err.js';
import { which } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]', 'Runs COMMAND in a modified environment, or prints the environment.');
  let env = [...environ];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-i' || a === '-') env = [];
    else if (a === '-u') {
      const n = argv[++i];
      if (n === undefined) return usage('env', "option requires an argument -- 'u'", 'env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]');
      env = env.filter((e) => !e.startsWith(n + '='));
    } else if (a === '--') {
      i++;
      break;
    } else break;
  }
  for (; i < argv.length && /^[^=]+=/.test(argv[i]); i++) {
    const name = argv[i].slice(0, argv[i].indexOf('='));
    env = env.filter((e) => !e.startsWith(name + '=')).concat(argv[i]);
  }
  if (i >= argv.length) {
    writeAll(1, env.map((e) => e + '\n').join(''));
    return 0;
  }
  const pathVar = env.find((e) => e.startsWith('PATH='))?.slice(5);
  const path = which(argv[i], pathVar);
  if (path) execve(path, argv.slice(i), env);
  const e = path ? errno : ENOENT;
  warn('env', `'${argv[i]}'`, e);
  return e === ENOENT ? 127 : 126;
}
