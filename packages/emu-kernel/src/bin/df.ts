// df [-ahikPT] [FILE]...: the size, use and free space of each mounted file system (statfs), or of the
// ones holding each FILE; in 1024-byte blocks, -h human-readable, -i inodes instead of blocks, -T with
// the type. File systems of no size (proc, sysfs...) are listed with -a only. Status 1 when a FILE
// cannot be looked at.
import { readFile, stat, statfs, writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';
import { humanSize } from './lib/human.js';
import type { Statfs } from '../uapi/statfs.js';

const SYNOPSIS = 'df [-ahikPT] [FILE]...';
const HELP = `Shows the size, use and free space of each mounted file system, or of those holding each FILE.
  -a  also file systems of no size (proc, sysfs...)   -h  human-readable sizes (1K 2.5M)
  -i  inodes instead of blocks   -k  1024-byte blocks (the default)   -P  the POSIX format
  -T  the file system's type`;

interface Mount {
  source: string;
  target: string;
  type: string;
}

/** /proc/mounts, with its octal escapes of blanks undone. */
function mounts(): Mount[] {
  const text = new TextDecoder().decode(readFile('/proc/mounts') ?? new Uint8Array());
  const un = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text.split('\n').filter(Boolean).map((l) => {
    const [source, target, type] = l.split(' ');
    return { source: un(source), target: un(target), type };
  });
}

/** The mount holding `path`: the one with the same device whose mount point is the longest prefix. */
function mount_of(all: Mount[], path: string): Mount | null {
  const st = stat(path);
  if (!st) return null;
  let best: Mount | null = null;
  for (const m of all) {
    const ms = stat(m.target);
    if (!ms || ms.dev !== st.dev) continue;
    if (!best || m.target.length >= best.target.length) best = m;
  }
  return best;
}

/** Use% as df rounds it: up, of what is used against used + available; '-' for a file system of no size. */
function percent(used: number, avail: number): string {
  const total = used + avail;
  return total === 0 ? '-' : `${Math.ceil((used * 100) / total)}%`;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  const r = getopt(argv, 'ahikPT');
  if (typeof r === 'string') {
    warnx('df', `${r}\nUsage: ${SYNOPSIS}`);
    return 1;
  }
  const o = (c: string) => r.opts.has(c);
  const all = mounts();
  let status = 0;
  let chosen: Mount[];
  if (r.operands.length) {
    chosen = [];
    for (const f of r.operands) {
      const m = mount_of(all, f);
      if (!m) {
        warn('df', f);
        status = 1;
      } else chosen.push(m);
    }
  } else chosen = all;
  const rows: string[][] = [];
  const head = ['Filesystem', ...(o('T') ? ['Type'] : [])];
  if (o('i')) head.push('Inodes', 'IUsed', 'IFree', 'IUse%');
  else if (o('h')) head.push('Size', 'Used', 'Avail', 'Use%');
  else head.push(o('P') ? '1024-blocks' : '1K-blocks', 'Used', 'Available', o('P') ? 'Capacity' : 'Use%');
  head.push('Mounted on');
  for (const m of chosen) {
    const s: Statfs | null = statfs(m.target);
    if (!s) {
      warn('df', m.target);
      status = 1;
      continue;
    }
    if (!o('a') && !r.operands.length && s.f_blocks === 0) continue;
    const row = [m.source, ...(o('T') ? [m.type] : [])];
    if (o('i')) {
      const used = s.f_files - s.f_ffree;
      row.push(String(s.f_files), String(used), String(s.f_ffree), percent(used, s.f_ffree));
    } else {
      const bytes = (n: number) => n * s.f_bsize;
      const used = bytes(s.f_blocks - s.f_bfree), avail = bytes(s.f_bavail);
      const show = o('h') ? (b: number) => (b === 0 ? '0' : humanSize(b)) : (b: number) => String(Math.ceil(b / 1024));
      row.push(show(bytes(s.f_blocks)), show(used), show(avail), percent(used, avail));
    }
    row.push(m.target);
    rows.push(row);
  }
  // Columns as df lays them out: the names left-aligned, the figures right-aligned.
  const table = [head, ...rows];
  const width = head.map((_, i) => Math.max(...table.map((t) => t[i].length)));
  const left = (i: number) => i === 0 || i === head.length - 1 || (o('T') && i === 1);
  const out = table.map((t) => t.map((c, i) => (i === head.length - 1 ? c : left(i) ? c.padEnd(width[i]) : c.padStart(width[i])))
    .join(' ')).join('\n');
  writeAll(1, out + '\n');
  return status;
}
