#!/usr/bin/env node
// redirctl from the host: runs /sbin/redirctl on a machine started with `emu serve`, through its
// control socket, and exits with its status. Options before the command are the wrapper's own:
//   -s, --socket PATH   the control socket (default: $URFS_SOCKET or the one `emu serve` uses)
//   -u, --user USER     run as "root" (default) or "user"
// Everything else goes to redirctl unchanged: `redirctl.mjs list`, `redirctl.mjs -s /tmp/s paths dummyflt`.
import { attach, defaultSocket } from '@urfs/emu-kernel/host/control';

function usage() {
  process.stdout.write('usage: redirctl [-s SOCKET] [-u root|user] COMMAND [ARGS...]\n' +
    'Runs /sbin/redirctl on the machine serving at SOCKET (start one with: pnpm emu serve).\n' +
    'Commands: list, paths, setpath, activate, deactivate; "redirctl --help" shows redirctl\'s own help.\n');
}

const args = process.argv.slice(2);
let socket = defaultSocket();
let user = 'root';
while (args.length) {
  const a = args[0];
  const eq = a.indexOf('=');
  const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
  if (flag !== '-s' && flag !== '--socket' && flag !== '-u' && flag !== '--user' && flag !== '--host-help') break;
  args.shift();
  if (flag === '--host-help') {
    usage();
    process.exit(0);
  }
  const value = inline ?? args.shift();
  if (value === undefined) {
    process.stderr.write(`redirctl: ${flag} needs a value\n`);
    process.exit(2);
  }
  if (flag === '-s' || flag === '--socket') socket = value;
  else if (value === 'root' || value === 'user') user = value;
  else {
    process.stderr.write(`redirctl: --user must be "root" or "user", not "${value}"\n`);
    process.exit(2);
  }
}

try {
  process.exitCode = await attach(socket, ['/sbin/redirctl', ...args], { user, stdin: null });
} catch (e) {
  process.stderr.write(`redirctl: ${e instanceof Error ? e.message : String(e)}\n`);
  if (args.includes('--help') || args.includes('-h')) usage();
  process.exitCode = 1;
}
