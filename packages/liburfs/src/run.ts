// urfs_run: a filter program's main, from its definition (filter_def.ts). It parses the command line
// (--help, -d, -b, -p PRIO, --workers N, the paths), registers the filter, sets its operations and
// paths, activates it, answers redirctl's and sysfs's requests with a modifier callback of its own,
// serves events until SIGHUP, SIGINT or SIGTERM or until the filter is unregistered from outside, then
// deactivates, unregisters and closes. Exit status: 0, 1 for a failure (said on stderr), 2 for a usage
// error.
import { dprintf, getpid, stat, writeAll } from '@urfs/emu-kernel/user/libc';
import { strerror } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_ERR_EXIST, RFS_ERR_INVAL, RFS_ERR_OK, RFS_PATH_INCLUDE, RFS_PATH_SUBTREE, type rfs_err, type rfs_mod,
} from '@urfs/redirfs/rfs';
import {
  rfs_activate_filter, rfs_deactivate_filter, rfs_register_filter, rfs_rem_path, rfs_rem_paths, rfs_set_mod_cb,
  rfs_set_operations, rfs_set_path, rfs_unregister_filter, urfs_close, urfs_filter_alloc, urfs_open,
} from './urfs.js';
import { urfs_main } from './main.js';
import { urfs_spawn_workers } from './workers.js';
import { filter_def_ops, type urfs_filter_def } from './filter_def.js';
import { urfs_background, urfs_ready, urfs_self_exe } from './background.js';
import type { urfs_filter } from './types.js';

interface run_opts {
  /** The command line without -b, --workers and --ready-fd: what each worker runs with. */
  argv0: string;
  argv: string[];
  own: Record<string, string[]>;
  debug: boolean;
  background: boolean;
  priority: number;
  workers: number;
  paths: string[];
  ready_fd: number;
}

function usage(def: urfs_filter_def): string {
  const own = Object.entries(def.options ?? {});
  return `usage: ${def.name} [-d] [-b] [-p PRIORITY] [--workers N]${own.map(([k, v]) => ` [--${k} ${v.arg}]`).join('')} PATH...\n` +
    (def.description ? `${def.description}\n` : '') +
    own.map(([k, v]) => `  ${`--${k} ${v.arg} `.padEnd(15)}${v.help}\n`).join('') +
    `  PATH...        where it filters (each with its subtree)\n` +
    `  -b             return once the filter is active, leaving it running\n` +
    `  -d, --debug    print every message to and from the kernel on stderr\n` +
    `  -p PRIORITY    its priority (default ${def.priority}; lower runs first)\n` +
    `  --workers N    serve with N processes (default 1)\n` +
    `It stops on SIGTERM, SIGINT${def.reload ? '' : ' or SIGHUP'}, or when unregistered (redirctl, sysfs)` +
    `${def.reload ? '; SIGHUP reloads it' : ''}.\n`;
}

/** The options, or a usage error's message. */
function parse(def: urfs_filter_def, argv: readonly string[]): run_opts | string {
  const o: run_opts = { argv0: def.name, argv: [], own: {}, debug: false, background: false, priority: def.priority, workers: 1,
    paths: [], ready_fd: -1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const opt = a.startsWith('--') ? def.options?.[a.slice(2)] : undefined;
    if (opt) {
      if (i + 1 >= argv.length) return `${a} needs ${opt.arg}`;
      (o.own[a.slice(2)] ??= []).push(argv[++i]);
      continue;
    }
    const num = () => {
      const v = Number(argv[++i]);
      return Number.isSafeInteger(v) ? v : null;
    };
    if (a === '-d' || a === '--debug') o.debug = true;
    else if (a === '-b' || a === '--background') o.background = true;
    else if (a === '-p' || a === '--priority') {
      const v = num();
      if (v === null) return `${a} needs a whole number`;
      o.priority = v;
    } else if (a === '--workers') {
      const v = num();
      if (v === null || v < 1) return '--workers needs a number of at least 1';
      o.workers = v;
    } else if (a.startsWith('--ready-fd=')) o.ready_fd = Number(a.slice(11));
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else o.paths.push(a);
  }
  if (!o.paths.length) return 'no PATH given';
  o.argv = argv.filter((a, i) => a !== '-b' && a !== '--background' && a !== '--workers' &&
    argv[i - 1] !== '--workers' && !a.startsWith('--ready-fd='));
  return o;
}

/** What RedirFS's refusal to register means, in words. */
function register_error(def: urfs_filter_def, priority: number, err: rfs_err): string {
  if (err !== RFS_ERR_EXIST) return strerror(-err);
  return stat(`/sys/fs/redirfs/filters/${def.name}`) ? `a filter named ${def.name} is registered already`
    : `another filter has priority ${priority}`;
}

/** The modifier callback every filter gets: redirctl's and sysfs's requests, carried out. */
function apply_mod(f: urfs_filter, mod: rfs_mod): rfs_err {
  switch (mod.type) {
    case 'set_path': return rfs_set_path(f, mod.path_info);
    case 'activate': return rfs_activate_filter(f);
    case 'deactivate': return rfs_deactivate_filter(f);
    case 'rem_path': return rfs_rem_path(f, mod.id);
    case 'rem_paths': return rfs_rem_paths(f);
  }
}

async function serve(def: urfs_filter_def, o: run_opts): Promise<number> {
  const fail = (what: string) => (dprintf(2, `${def.name}: ${what}\n`), 1);
  const ops = filter_def_ops(def.ops);
  if (typeof ops === 'string') return fail(ops);
  const refused = def.start?.(o.own);
  if (refused) return fail(refused);
  const { err, conn } = urfs_open({ debug: o.debug });
  if (!conn) return fail(`cannot open /dev/urfs: ${strerror(-err)}`);
  const r = rfs_register_filter({ name: def.name, priority: o.priority, active: 0, policy: def.policy,
    data_policy: def.data_policy }, urfs_filter_alloc(conn).filter!);
  if (r.err || !r.filter) {
    urfs_close(conn);
    return fail(`cannot register: ${register_error(def, o.priority, r.err)}`);
  }
  const f = r.filter;
  let e: rfs_err = rfs_set_operations(f, ops) || rfs_set_mod_cb(f, (mod) => apply_mod(f, mod));
  for (const path of o.paths) if (!e) e = rfs_set_path(f, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE });
  if (!e) e = rfs_activate_filter(f);
  if (e === RFS_ERR_OK && o.workers > 1) {
    const w = urfs_spawn_workers(conn, o.workers - 1, urfs_self_exe([o.argv0]) ?? o.argv0, [o.argv0, ...o.argv]);
    if (typeof w === 'number') e = RFS_ERR_INVAL;
  }
  if (e) {
    rfs_unregister_filter(f);
    urfs_close(conn);
    return fail(`cannot set up on ${o.paths.join(' ')}: ${strerror(-e)}`);
  }
  const on_hup = def.reload ? () => {
    const why = def.reload!();
    if (why) dprintf(2, `${def.name}: reload failed, going on as before: ${why}\n`);
  } : undefined;
  const ret = await urfs_main(conn, f, { on_hup, on_ready: () => {
    if (conn.worker) return;
    writeAll(1, `${def.name}: active on ${o.paths.join(' ')} (pid ${getpid()})\n`);
    urfs_ready(o.ready_fd);
  } });
  // Unregistered from outside, the handle is dead already: these then do nothing.
  if (f.id >= 0) {
    rfs_deactivate_filter(f);
    rfs_unregister_filter(f);
  }
  urfs_close(conn);
  return ret < 0 ? fail(strerror(-ret)) : 0;
}

/**
 * Runs the filter `def` as a program: `export default (argv: string[]) => urfs_run(def, argv)`.
 * Returns the exit status.
 */
export async function urfs_run(def: urfs_filter_def, argv: readonly string[]): Promise<number> {
  const args = argv.slice(1);
  if (args.includes('-h') || args.includes('--help')) return writeAll(1, usage(def)), 0;
  const o = parse(def, args);
  if (typeof o === 'string') return dprintf(2, `${def.name}: ${o}\n${usage(def)}`), 2;
  o.argv0 = argv[0] ?? def.name;
  if (o.background) return urfs_background(def.name, argv);
  return serve(def, o);
}
