// `emu`: boots a machine and runs a shell on it (interactive), or one command line (-c) and exits with
// its status.
import { Command, Option } from 'commander';
import { Machine } from './machine.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('emu')
    .description('Boot the urfs emulated Linux machine and run a shell or one command line on it.')
    .option('-c, --command <line>', 'run one command line with /bin/sh, then shut down and exit with its status')
    .option('-b, --bin <name=path...>', 'install a host program file (a module exporting main) as /usr/local/bin/NAME', [])
    .addOption(new Option('-m, --mem <MiB>', 'address-space size of each process in MiB').default('32').argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`--mem: expected 1..1024, got ${v}`);
      return String(n);
    }))
    .option('-u, --user <user>', 'run as "root" or "user"', 'root')
    .showHelpAfterError()
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    return (e as { exitCode?: number }).exitCode ?? 2;
  }
  const o = program.opts<{ command?: string; bin: string[]; mem: string; user: string }>();
  const bins: Record<string, string> = {};
  for (const b of o.bin) {
    const i = b.indexOf('=');
    if (i <= 0) {
      process.stderr.write(`emu: --bin expects NAME=PATH, got "${b}"\n`);
      return 2;
    }
    bins[b.slice(0, i)] = b.slice(i + 1);
  }
  if (o.user !== 'root' && o.user !== 'user') {
    process.stderr.write(`emu: --user must be root or user\n`);
    return 2;
  }
  const cred = o.user === 'user' ? { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] } : undefined;
  let machine: Machine;
  try {
    machine = await Machine.boot({ bins, taskSize: Number(o.mem) * 1024 * 1024, stdin: o.command === undefined ? process.stdin : null });
  } catch (e) {
    process.stderr.write(`emu: ${(e as Error).message}\n`);
    return 1;
  }
  let code: number;
  try {
    if (o.command !== undefined) code = await machine.sh(o.command, { cred, cwd: cred ? '/home/user' : '/root' });
    else {
      const { exited } = await machine.spawn({ argv: ['/bin/sh', '-i'], cred, cwd: cred ? '/home/user' : '/root' });
      code = (await exited) >> 8;
    }
  } catch (e) {
    process.stderr.write(`emu: ${(e as Error).message}\n`);
    code = 127;
  }
  await machine.shutdown();
  return code;
}
