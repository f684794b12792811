// su [-] [-l] [USER] [-c COMMAND]: runs a shell as another user (root by default). Only root may switch
// on this machine (there are no passwords): it sets the group, then the user, then runs the shell.
import { getuid, setgid, setuid, execve, chdir, environ } from '../user/libc.js';
import { getpwnam } from '../user/util/passwd.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'su [-] [-l] [USER] [-c COMMAND]';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Runs a shell (or COMMAND) as USER (default root).');
  let login = false;
  let cmd: string | null = null;
  let user: string | null = null;
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-' || a === '-l' || a === '--login') login = true;
    else if (a === '-c' || a === '--command') {
      if (i + 1 >= argv.length) return usage('su', "option requires an argument -- 'c'", SYNOPSIS);
      cmd = argv[++i];
    } else if (a.startsWith('-c') && a.length > 2) cmd = a.slice(2);
    else if (a === '-m' || a === '-p') continue;
    else if (a.startsWith('-') && user === null) return usage('su', `invalid option -- '${a.slice(1)}'`, SYNOPSIS);
    else if (user === null) user = a;
    else rest.push(a);
  }
  const name = user ?? 'root';
  const pw = getpwnam(name);
  if (!pw) {
    warnx('su', `user ${name} does not exist`);
    return 1;
  }
  if (getuid() !== 0) {
    warnx('su', 'Authentication failure');
    return 1;
  }
  if (setgid(pw.gid) < 0) {
    warn('su', 'cannot set group id');
    return 1;
  }
  if (setuid(pw.uid) < 0) {
    warn('su', 'cannot set user id');
    return 1;
  }
  const keep = login ? environ.filter((e) => /^(TERM|PATH)=/.test(e)) : environ.filter((e) => !/^(HOME|USER|LOGNAME|SHELL)=/.test(e));
  const env = [...keep, `HOME=${pw.dir}`, `USER=${pw.name}`, `LOGNAME=${pw.name}`, `SHELL=${pw.shell}`];
  if (login) chdir(pw.dir);
  const shell = pw.shell || '/bin/sh';
  const av = [login ? '-sh' : 'sh', ...(cmd !== null ? ['-c', cmd] : []), ...rest];
  execve(shell, av, env);
  warn('su', `failed to execute ${shell}`);
  return 126;
}
