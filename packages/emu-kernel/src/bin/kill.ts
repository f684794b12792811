// kill [-s SIGNAL | -SIGNAL | -N] PID... | kill -l [N]: sends a signal (TERM by default) or lists them.
import { kill, errno, strerror, writeAll } from '../user/libc.js';
import { signame, signum, _NSIG } from '../uapi/signal.js';
import { warnx, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'kill [-s SIGNAL | -SIGNAL] PID... | kill -l [SIGNAL]';

function list(args: string[]): number {
  if (!args.length) {
    const names: string[] = [];
    for (let s = 1; s <= 31; s++) if (!/^\d+$/.test(signame(s))) names.push(signame(s));
    writeAll(1, names.join(' ') + '\n');
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (/^\d+$/.test(a)) {
      const n = Number(a) > 128 ? Number(a) - 128 : Number(a);
      if (n < 1 || n > _NSIG) {
        warnx('kill', `unknown signal: ${a}`);
        status = 1;
      } else writeAll(1, signame(n) + '\n');
    } else {
      const n = signum(a);
      if (n < 1) {
        warnx('kill', `unknown signal: ${a}`);
        status = 1;
      } else writeAll(1, `${n}\n`);
    }
  }
  return status;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Sends SIGNAL (default TERM) to the PIDs; -l lists the signal names.');
  let args = argv.slice(1);
  let sig = 15;
  if (args[0] === '-l' || args[0] === '-L') return list(args.slice(1));
  if (args[0] === '-s' || args[0] === '-n') {
    if (args.length < 2) return usage('kill', `option requires an argument -- '${args[0][1]}'`, SYNOPSIS);
    sig = signum(args[1]);
    if (sig < 0 || sig > _NSIG) {
      warnx('kill', `unknown signal: ${args[1]}`);
      return 1;
    }
    args = args.slice(2);
  } else if (args[0] && /^-[A-Za-z0-9+]+$/.test(args[0])) {
    sig = signum(args[0].slice(1));
    if (sig < 0 || sig > _NSIG) {
      warnx('kill', `unknown signal: ${args[0].slice(1)}`);
      return 1;
    }
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (!args.length) return usage('kill', 'not enough arguments', SYNOPSIS);
  let status = 0;
  for (const a of args) {
    if (!/^-?\d+$/.test(a)) {
      warnx('kill', `cannot find process "${a}"`);
      status = 1;
      continue;
    }
    if (kill(Number(a), sig) < 0) {
      warnx('kill', `(${a}) - ${strerror(errno)}`);
      status = 1;
    }
  }
  return status;
}
