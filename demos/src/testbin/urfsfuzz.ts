// urfsfuzz MODE --seed N --count N [--trace N] [DIR]: the /dev/urfs fuzzer (DIR, default /tmp/uf, is
// where its applications do I/O; it must exist). Modes:
//   msgs   random messages over several connections (demos/src/fuzz/urfs_msgs.ts)
//   live   a live ufilter answering at random while applications do I/O (demos/src/fuzz/urfs_live.ts);
//          --apps N applications (default 3), --timeout MS the module's timeout it was loaded with
//   app    one such application (started by the other two; runs until killed)
// Reports as @urfs/emu-kernel/testbin/lib/fuzz says; fuzz/run.mjs drives it. Root only (/dev/urfs).
import { dprintf } from '@urfs/emu-kernel/user/libc';
import { FuzzRun, fuzz_options } from '@urfs/emu-kernel/testbin/lib/fuzz';
import { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import { urfs_msgs } from '../fuzz/urfs_msgs.js';
import { urfs_live } from '../fuzz/urfs_live.js';
import { urfs_app } from '../fuzz/urfs_app.js';

const USAGE = 'urfsfuzz msgs|live|app --seed N --count N [--trace N] [--apps N] [--timeout MS] [DIR]';

/** Takes "--NAME N" out of argv (the common parser knows only its own options). */
function take(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(argv[i + 1]);
  argv.splice(i, 2);
  return Number.isSafeInteger(v) && v >= 0 ? v : NaN;
}

export default function main(argv: string[]): number {
  const args = [...argv];
  const apps = take(args, '--apps', 3), timeout = take(args, '--timeout', 5000);
  const o = fuzz_options(args, USAGE);
  if (!o) return 2;
  const [mode, dir = '/tmp/uf'] = o.args;
  if (Number.isNaN(apps) || Number.isNaN(timeout) || !['msgs', 'live', 'app'].includes(mode)) {
    dprintf(2, `usage: ${USAGE}\n`);
    return 2;
  }
  if (mode === 'app') return urfs_app(new FuzzRun(o, false), dir);
  const run = new FuzzRun(o);
  const mem = new FuzzMem(run.rng);
  const r = mode === 'msgs' ? urfs_msgs(run, mem, dir, argv[0]) : urfs_live(run, mem, { dir, apps, prog: argv[0], timeout });
  return r || run.finish(o.count);
}
