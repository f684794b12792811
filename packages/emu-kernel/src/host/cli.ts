// `emu`: boots a machine and runs a shell on it (interactive), or one command line (-c) and exits with
// its status; `emu serve` keeps a machine running behind a control socket and `emu attach` runs commands
// on it from another terminal.
import { Command, InvalidArgumentError } from 'commander';
import { Machine } from './machine.js';
import { attach, defaultSocket, serve } from './control.js';
import { SIGINT } from '../uapi/signal.js';

const USER_CRED = { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] };

function parseMem(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InvalidArgumentError('expected MiB in 1..1024');
  return n;
}
function parseUser(v: string): 'root' | 'user' {
  if (v !== 'root' && v !== 'user') throw new InvalidArgumentError('expected "root" or "user"');
  return v;
}
function parseBins(list: string[]): Record<string, string> {
  const bins: Record<string, string> = {};
  for (const b of list) {
    const i = b.indexOf('=');
    if (i <= 0) throw new InvalidArgumentError(`expected NAME=PATH, got "${b}"`);
    bins[b.slice(0, i)] = b.slice(i + 1);
  }
  return bins;
}

interface BootOpts {
  bin: string[];
  mem: number;
}

async function boot(o: BootOpts, interactive: boolean): Promise<Machine> {
  return Machine.boot({ bins: parseBins(o.bin), taskSize: o.mem * 1024 * 1024, stdin: interactive ? process.stdin : null });
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('emu')
    .description('Boot the urfs emulated Linux machine and run a shell or one command line on it.')
    .option('-c, --command <line>', 'run one command line with /bin/sh, shut down, exit with its status')
    .option('-b, --bin <name=path...>', 'install a host program file (a module exporting main) as /usr/local/bin/NAME', [])
    .option('-m, --mem <MiB>', 'address-space size of each process', parseMem, 32)
    .option('-u, --user <user>', 'run as "root" or "user"', parseUser, 'root')
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .action(async (o: BootOpts & { command?: string; user: 'root' | 'user' }) => {
      const machine = await boot(o, o.command === undefined);
      const cred = o.user === 'user' ? USER_CRED : undefined;
      const cwd = cred ? '/home/user' : '/root';
      try {
        if (o.command !== undefined) code = await machine.sh(o.command, { cred, cwd });
        else {
          const { task, exited } = await machine.spawn({ argv: ['/bin/sh', '-i'], cred, cwd });
          // Ctrl-C interrupts what the shell runs, not the machine (there are no process groups here).
          const onInt = () => machine.signalAll(SIGINT, task.pid);
          process.on('SIGINT', onInt);
          code = (await exited) >> 8;
          process.off('SIGINT', onInt);
        }
      } finally {
        await machine.shutdown();
      }
    });
  program
    .command('serve')
    .description('boot a machine and keep it running; commands attach to it with "emu attach"')
    .option('-s, --socket <path>', 'control socket path', defaultSocket())
    .option('-b, --bin <name=path...>', 'install a host program file as /usr/local/bin/NAME', [])
    .option('-m, --mem <MiB>', 'address-space size of each process', parseMem, 32)
    .action(async (o: BootOpts & { socket: string }) => {
      const machine = await boot(o, false);
      const close = await serve(machine, o.socket);
      process.stderr.write(`emu: machine running; attach with: emu attach -s ${o.socket} -- COMMAND (Ctrl-C stops it)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await close();
      await machine.shutdown();
    });
  program
    .command('attach')
    .description('run a command on a machine started with "emu serve"')
    .argument('[command...]', 'program and arguments (default: an interactive shell)')
    .option('-s, --socket <path>', 'control socket path', defaultSocket())
    .option('-c, --command <line>', 'run a command line with /bin/sh -c')
    .option('-u, --user <user>', 'run as "root" or "user"', parseUser, 'root')
    .action(async (cmd: string[], o: { socket: string; command?: string; user: 'root' | 'user' }) => {
      const av = o.command !== undefined ? ['/bin/sh', '-c', o.command] : cmd.length ? cmd : ['/bin/sh', '-i'];
      code = await attach(o.socket, av, { user: o.user, stdin: process.stdin.isTTY || !o.command ? process.stdin : null });
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    const ce = e as { exitCode?: number; code?: string; message?: string };
    if (ce.code?.startsWith('commander.')) return ce.exitCode ?? 2;
    process.stderr.write(`emu: ${ce.message ?? String(e)}\n`);
    return 1;
  }
  return code;
}
