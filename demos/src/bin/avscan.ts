// avscan [--db FILE] [--trust-uid UID]... [--trust-prog NAME]... [--scan-timeout MS] [--max-size BYTES]
// [--on-limit allow|deny] [-b] [--workers N] PATH...: an anti-virus scanner (RedirFS's avflt, in user
// space). Every open of a regular file under PATH is scanned through the descriptor the kernel hands the
// filter (avscan_scan.ts); an infected file's open fails with EACCES and is logged; clean verdicts are
// cached by the kernel until the file changes; a file written to is scanned again when closed. Opens by
// trusted uids or programs (by command name) pass unscanned. A file the scan could not judge (larger than
// --max-size, not done within --scan-timeout, a read error) gets the --on-limit verdict (default allow,
// failing open as urfs's default policy does for a filter that gives no answer), is logged, not cached.
// avscan --stats prints the running scanner's figures (avscan_stats.ts).
import { EACCES } from '@urfs/emu-kernel/uapi/errno';
import { O_ACCMODE, O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { dprintf, readFile, writeAll } from '@urfs/emu-kernel/user/libc';
import { urfs_run, type urfs_filter_def } from '@urfs/liburfs/index';
import { parse_signatures, type signature } from '../avscan_db.js';
import { scan_fd, type scan_limits, type scan_result } from '../avscan_scan.js';
import { stats_add, stats_close, stats_open, stats_report, type counter } from '../avscan_stats.js';

let sigs: signature[] = [];
const lim: scan_limits = { max_size: 16 << 20, timeout_ms: 4000 };
let refuse_unjudged = false;
const trusted = new Set<number>();
const trusted_progs = new Set<string>();
const COUNTED: Record<scan_result['kind'], counter> = { clean: 'clean', infected: 'infected', timeout: 'timeouts',
  too_large: 'too_large', error: 'errors' };

function scan(fd: number): scan_result {
  const r = scan_fd(fd, sigs, lim);
  stats_add('scanned', COUNTED[r.kind]);
  return r;
}

/** The options' settings, or what is wrong with them. */
function configure(o: Readonly<Record<string, readonly string[]>>): string | null {
  const file = o.db?.at(-1) ?? '/etc/avscan.db';
  const text = readFile(file);
  const r = text ? parse_signatures(new TextDecoder().decode(text), file) : `${file}: cannot be read`;
  if (typeof r === 'string') return r;
  sigs = r;
  for (const [k, key] of [['scan-timeout', 'timeout_ms'], ['max-size', 'max_size']] as const) {
    const v = o[k]?.at(-1);
    if (v !== undefined && !/^\d+$/.test(v)) return `--${k} needs a whole number, not ${v}`;
    if (v !== undefined) lim[key] = Number(v);
  }
  const p = o['on-limit']?.at(-1) ?? 'allow';
  if (p !== 'allow' && p !== 'deny') return `--on-limit is allow or deny, not ${p}`;
  refuse_unjudged = p === 'deny';
  for (const u of o['trust-uid'] ?? []) {
    if (!/^\d+$/.test(u)) return `--trust-uid needs a number, not ${u}`;
    trusted.add(Number(u));
  }
  for (const n of o['trust-prog'] ?? []) trusted_progs.add(n.slice(0, 15));
  return stats_open();
}

const avscan: urfs_filter_def = {
  name: 'avscan',
  priority: 300,
  description: 'Scans files when opened (and after writing); refuses infected ones with EACCES.\n' +
    '`avscan --stats` prints the running scanner\'s figures.',
  options: { db: { arg: 'FILE', help: 'the signatures (default /etc/avscan.db)' },
    'trust-uid': { arg: 'UID', help: 'opens by this uid are not scanned' },
    'trust-prog': { arg: 'NAME', help: 'opens by this program (command name) are not scanned' },
    'scan-timeout': { arg: 'MS', help: 'a scan not done in MS ms gets the --on-limit verdict (default 4000; 0: none)' },
    'max-size': { arg: 'BYTES', help: 'a larger file is not scanned: the --on-limit verdict (default 16 MiB)' },
    'on-limit': { arg: 'allow|deny', help: 'the verdict on a file not judged (default allow)' } },
  start: (o) => configure(o) ?? undefined,
  ops: {
    open: { types: ['reg'], object_fd: true, pre: (cx, { args }) => {
      const c = cx.caller;
      if (trusted.has(c.uid) || trusted_progs.has(c.comm)) return void stats_add('trusted');
      const r = scan(args.fd);
      if (r.kind === 'clean') return { cache: true };
      const deny = r.kind === 'infected' || refuse_unjudged;
      writeAll(1, `avscan: ${args.path}: ${r.kind === 'infected' ? r.name : r.why}: open by pid ${c.pid} ` +
        `(${c.comm}, uid ${c.uid}) ${deny ? 'refused' : 'let through unscanned'}\n`);
      // Not cached: a verdict holds for every caller (trusted ones may open the file), and a limit says
      // nothing of the file itself.
      return deny ? { deny: EACCES } : undefined;
    } },
    // Before the last close, so a read-only close can be a cached verdict too (never taken while the file
    // is open for writing): a repeated open+close of a judged file then costs no trip to user space.
    release: { types: ['reg'], object_fd: true, pre: (_cx, { args }) => {
      if ((args.f_flags & O_ACCMODE) === O_RDONLY) return { cache: true };
      const r = scan(args.fd);
      if (r.kind === 'infected') writeAll(1, `avscan: ${args.path}: ${r.name}: found after a write\n`);
      else if (r.kind !== 'clean') writeAll(1, `avscan: ${args.path}: ${r.why}: not judged after a write\n`);
    } },
  },
};

function stats(): number {
  const r = stats_report();
  if (r === null) return dprintf(2, 'avscan: no avscan is running\n'), 1;
  return writeAll(1, r), 0;
}

export default async (argv: string[]): Promise<number> => {
  if (argv.includes('--stats')) return stats();
  try {
    return await urfs_run(avscan, argv);
  } finally {
    stats_close();
  }
};
