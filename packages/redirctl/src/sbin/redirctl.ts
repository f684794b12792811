// redirctl: lists RedirFS filters and their paths, sets paths and switches filters on and off through
// /dev/redirctl (root only). Runs inside the machine as /sbin/redirctl; commander writes through libc.
//
//   redirctl list [--json]
//   redirctl paths FILTER [--json]
//   redirctl setpath FILTER PATH include|exclude single|subtree
//   redirctl activate FILTER
//   redirctl deactivate FILTER
//
// Exit status: 0 done, 1 the kernel refused or failed, 2 bad usage. Errors go to stderr as
// "redirctl: FILTER: reason".
import { Argument, Command, CommanderError } from 'commander';
import { writeAll, strerror, getcwd } from '@urfs/emu-kernel/user/libc';
import { EACCES, ENODEV, ENOENT, ENOTDIR, ENXIO, EOPNOTSUPP, EPERM } from '@urfs/emu-kernel/uapi/errno';
import { REDIRCTL_DEVICE } from '@urfs/redirfs/redirctl_abi';
import { redirctl_dev, type bad_reply } from '../lib/device.js';
import { format_filters, format_paths, words_flags, type path_scope, type path_type } from '../lib/records.js';

const EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2;

function fail(msg: string): number {
  writeAll(2, `redirctl: ${msg}\n`);
  return EXIT_FAIL;
}

/** Why the kernel said no, in words, for a command about `filter` (if any). */
function reason(err: number, filter?: string, path?: string): string {
  const who = filter ? `${filter}: ` : '';
  switch (-err) {
    case ENODEV: return `${who}no such filter`;
    case EOPNOTSUPP: return `${who}operation not supported (the filter has no modifier callback)`;
    case EPERM:
    case EACCES: return `${who}permission denied (only root may use ${REDIRCTL_DEVICE})`;
    case ENOENT: return path ? `${who}${path}: no such file or directory` : `${who}${strerror(-err)}`;
    case ENOTDIR: return `${who}${path ?? 'path'}: not a directory (a subtree needs a directory)`;
    default: return `${who}${strerror(-err)}`;
  }
}

/** Opens the device, or reports why not (a missing device means redirfs is not loaded). */
function open_dev(filter?: string): redirctl_dev | number {
  const dev = redirctl_dev.open();
  if (typeof dev !== 'number') return dev;
  if (dev === -ENOENT || dev === -ENXIO || dev === -ENODEV) {
    return fail(`${REDIRCTL_DEVICE}: ${strerror(-dev)} (is RedirFS loaded? try: insmod redirfs)`);
  }
  return fail(reason(dev, filter));
}

function is_bad(r: unknown): r is bad_reply {
  return typeof r === 'object' && r !== null && 'why' in r;
}

/** Runs `fn` on an open device and closes it. */
function with_dev(filter: string | undefined, fn: (dev: redirctl_dev) => number): number {
  const dev = open_dev(filter);
  if (typeof dev === 'number') return dev;
  try {
    return fn(dev);
  } finally {
    dev.close();
  }
}

function cmd_list(o: { json?: boolean }): number {
  return with_dev(undefined, (dev) => {
    const rows = dev.filters();
    if (typeof rows === 'number') return fail(reason(rows));
    if (is_bad(rows)) return fail(`malformed reply from ${REDIRCTL_DEVICE}: ${rows.why}`);
    writeAll(1, o.json ? JSON.stringify(rows) + '\n' : format_filters(rows));
    return EXIT_OK;
  });
}

function cmd_paths(filter: string, o: { json?: boolean }): number {
  return with_dev(filter, (dev) => {
    const rows = dev.paths(filter);
    if (typeof rows === 'number') return fail(reason(rows, filter));
    if (is_bad(rows)) return fail(`${filter}: malformed reply from ${REDIRCTL_DEVICE}: ${rows.why}`);
    writeAll(1, o.json ? JSON.stringify(rows) + '\n' : format_paths(rows));
    return EXIT_OK;
  });
}

/** PATH made absolute against the working directory (the kernel resolves it from the root). */
function absolute(path: string): string {
  if (path.startsWith('/')) return path;
  const cwd = getcwd() ?? '/';
  return `${cwd.replace(/\/$/, '')}/${path}`;
}

function cmd_setpath(filter: string, path: string, type: path_type, scope: path_scope): number {
  const abs = absolute(path);
  return with_dev(filter, (dev) => {
    const r = dev.set_path(filter, abs, words_flags(type, scope));
    return r < 0 ? fail(reason(r, filter, path)) : EXIT_OK;
  });
}

function cmd_switch(filter: string, on: boolean): number {
  return with_dev(filter, (dev) => {
    const r = on ? dev.activate(filter) : dev.deactivate(filter);
    return r < 0 ? fail(reason(r, filter)) : EXIT_OK;
  });
}

function program(done: (code: number) => void): Command {
  const p = new Command('redirctl')
    .description('List and steer RedirFS filters through /dev/redirctl (root only).')
    .version('0.2.0', '-V, --version')
    .configureOutput({
      writeOut: (s) => void writeAll(1, s),
      writeErr: (s) => void writeAll(2, s),
      outputError: (s, write) => write(`redirctl: ${s.replace(/^error: /, '')}`),
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .exitOverride()
    .showHelpAfterError('(run "redirctl --help" for usage)')
    .addHelpText('after', `
Examples:
  redirctl list
  redirctl setpath dummyflt /tmp include subtree
  redirctl activate dummyflt
  redirctl paths dummyflt --json

Exit status: 0 done, 1 the kernel refused (the reason is printed), 2 bad usage.`);
  p.command('list')
    .description('list the registered filters: name, priority (lowest is called first) and state')
    .option('--json', 'print a JSON array of {name, priority, active}')
    .action((o: { json?: boolean }) => done(cmd_list(o)));
  p.command('paths')
    .description("list a filter's paths: id, path, include or exclude, single or subtree")
    .argument('<filter>', 'filter name')
    .option('--json', 'print a JSON array of {id, path, type, scope, flags}')
    .action((filter: string, o: { json?: boolean }) => done(cmd_paths(filter, o)));
  p.command('setpath')
    .description('ask a filter to include or exclude a path (through its modifier callback)')
    .argument('<filter>', 'filter name')
    .argument('<path>', 'file or directory (relative paths start at the working directory)')
    .addArgument(new Argument('<include|exclude>', 'whether the filter sees the path').choices(['include', 'exclude']))
    .addArgument(new Argument('<single|subtree>', 'the object alone, or everything below a directory')
      .choices(['single', 'subtree']))
    .action((filter: string, path: string, type: path_type, scope: path_scope) => done(cmd_setpath(filter, path, type, scope)));
  p.command('activate')
    .description('ask a filter to start filtering')
    .argument('<filter>', 'filter name')
    .action((filter: string) => done(cmd_switch(filter, true)));
  p.command('deactivate')
    .description('ask a filter to stop filtering (it stays registered)')
    .argument('<filter>', 'filter name')
    .action((filter: string) => done(cmd_switch(filter, false)));
  return p;
}

export default function main(argv: string[]): number {
  let code = EXIT_OK;
  try {
    program((c) => void (code = c)).parse(argv.slice(1), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw e;
  }
  return code;
}
