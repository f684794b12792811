// `emu`: boots a machine and runs a shell on it (interactive), or one command line (-c) and exits with
// its status; `emu serve` keeps a machine running behind a control socket and `emu attach` runs commands
// on it from another terminal. Each of them ends when the process that started it is gone, and with
// --fail-on-oops (or EMU_FAIL_ON_OOPS=1) a kernel fault fails the run, whatever the command's status.
import { Command, InvalidArgumentError } from 'commander';
import { Machine } from './machine.js';
import { attach, defaultSocket, serve } from './control.js';
import { watchParent } from './node/parent.js';
import { openTraceWriter, type TraceWriter } from './node/trace_writer.js';
import { SIGHUP, SIGINT } from '../uapi/signal.js';

/** The status of a run whose machine had a kernel fault (sysexits' EX_SOFTWARE, an internal error). */
const EXIT_OOPS = 70;
/** The status of a run whose starter died: a hung-up terminal's job's. */
const EXIT_ORPHANED = 128 + SIGHUP;

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
  failOnOops?: boolean;
  /** --trace: true for stderr, or the file. */
  trace?: boolean | string;
}

const TRACE_HELP = 'write every tracepoint of the machine (all events on from boot) as ftrace lines to FILE, ' +
  'or to stderr';

/** With --fail-on-oops, a machine that had a kernel fault fails the run: the reports go to stderr. */
function oopsVerdict(machine: Machine, o: BootOpts, code: number): number {
  const n = machine.oopses.length;
  if (!n || !(o.failOnOops || process.env.EMU_FAIL_ON_OOPS === '1')) return code;
  process.stderr.write(`emu: ${n} kernel fault${n === 1 ? '' : 's'}, failing the run (--fail-on-oops):\n` +
    `${machine.oopses.join('\n')}\n`);
  return EXIT_OOPS;
}

function orphanNotice(): void {
  process.stderr.write('emu: the process that started emu is gone; shutting the machine down\n');
}

/** Boots the machine; with --trace, its trace writer comes along (closed by the caller after shutdown). */
async function boot(o: BootOpts, interactive: boolean): Promise<{ machine: Machine; trace: TraceWriter | null }> {
  const trace = o.trace ? openTraceWriter(typeof o.trace === 'string' ? o.trace : null) : null;
  try {
    const machine = await Machine.boot({ bins: parseBins(o.bin), taskSize: o.mem * 1024 * 1024,
      stdin: interactive ? process.stdin : null, trace: trace?.sink });
    return { machine, trace };
  } catch (e) {
    trace?.close();
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  const parent = process.ppid;
  let code = 0;
  const program = new Command()
    .name('emu')
    .description('Boot the urfs emulated Linux machine and run a shell or one command line on it.')
    .option('-c, --command <line>', 'run one command line with /bin/sh, shut down, exit with its status')
    .option('-b, --bin <name=path...>', 'install a host program file (a module exporting main) as /usr/local/bin/NAME', [])
    .option('-m, --mem <MiB>', 'address-space size of each process', parseMem, 32)
    .option('-u, --user <user>', 'run as "root" or "user"', parseUser, 'root')
    .option('--fail-on-oops', 'exit with status 70 and the reports if the kernel had a fault (also EMU_FAIL_ON_OOPS=1)')
    .option('--trace [file]', TRACE_HELP)
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .action(async (o: BootOpts & { command?: string; user: 'root' | 'user' }) => {
      const { machine, trace } = await boot(o, o.command === undefined);
      const cred = o.user === 'user' ? USER_CRED : undefined;
      const cwd = cred ? '/home/user' : '/root';
      let orphaned = false;
      const unwatch = watchParent(parent, () => {
        orphaned = true;
        orphanNotice();
        void machine.shutdown();
      });
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
        unwatch();
        await machine.shutdown();
        trace?.close();
      }
      code = oopsVerdict(machine, o, orphaned ? EXIT_ORPHANED : code);
    });
  program
    .command('serve')
    .description('boot a machine and keep it running; commands attach to it with "emu attach"')
    .option('-s, --socket <path>', 'control socket path', defaultSocket())
    .option('-b, --bin <name=path...>', 'install a host program file as /usr/local/bin/NAME', [])
    .option('-m, --mem <MiB>', 'address-space size of each process', parseMem, 32)
    .option('--fail-on-oops', 'exit with status 70 and the reports if the kernel had a fault (also EMU_FAIL_ON_OOPS=1)')
    .option('--trace [file]', TRACE_HELP)
    .action(async (o: BootOpts & { socket: string }) => {
      const { machine, trace } = await boot(o, false);
      const close = await serve(machine, o.socket);
      process.stderr.write(`emu: machine running; attach with: emu attach -s ${o.socket} -- COMMAND (Ctrl-C stops it)\n`);
      let orphaned = false;
      let unwatch = () => {};
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        unwatch = watchParent(parent, () => {
          orphaned = true;
          orphanNotice();
          resolve();
        });
      });
      unwatch();
      await close();
      await machine.shutdown();
      trace?.close();
      code = oopsVerdict(machine, o, orphaned ? EXIT_ORPHANED : 0);
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
      // An orphaned client just goes: its connection closes, and its command's terminal reads end of input.
      const unwatch = watchParent(parent, () => process.exit(EXIT_ORPHANED));
      try {
        code = await attach(o.socket, av, { user: o.user, stdin: process.stdin.isTTY || !o.command ? process.stdin : null });
      } finally {
        unwatch();
      }
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
