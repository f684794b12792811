// du [-asbchkmLx] [-d DEPTH] [FILE]...: disk usage of each FILE and, recursively, of the directories in it,
// in 1024-byte blocks (-b apparent bytes, -m MiB, -h human-readable); a file with several links counts
// once. Status 0, 1 when something could not be read.
import { lstat, stat, opendir, readdir_all, closedir, writeAll, errno } from '../user/libc.js';
import { S_ISDIR, type Stat } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx } from '../user/util/err.js';
import { join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';
import { humanSize } from './lib/human.js';

const SYNOPSIS = 'du [-asbchkmLx] [-d DEPTH] [FILE]...';
const HELP = `Summarises the disk usage of each FILE (default .), recursively for directories.
  -a  every file, not only directories     -s  only a total for each argument
  -d DEPTH  print totals only down to DEPTH  -c  a grand total
  -b  apparent size in bytes   -k  1024-byte blocks (default)   -m  MiB   -h  human-readable (1K 2.5M)
  -L  follow symbolic links    -x  (accepted) stay on one file system`;

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, HELP);
  const r = getopt(argv, 'asbchkmLxd:');
  if (typeof r === 'string') {
    warnx('du', `${r}\nUsage: ${SYNOPSIS}`);
    return 1;
  }
  const o = (c: string) => r.opts.has(c);
  let maxDepth = Infinity;
  const d = r.opts.get('d');
  if (typeof d === 'string') {
    if (!/^\d+$/.test(d)) {
      warnx('du', `invalid maximum depth '${d}'`);
      return 1;
    }
    maxDepth = Number(d);
  }
  if (o('s')) {
    if (typeof d === 'string' && maxDepth !== 0) {
      warnx('du', 'cannot both summarize and show all entries');
      return 1;
    }
    maxDepth = 0;
  }
  const apparent = o('b');
  const fmt = (bytes: number): string =>
    o('h') ? humanSize(bytes) : apparent ? String(bytes) : String(Math.ceil(bytes / (o('m') ? 1 << 20 : 1024)));
  const seen = new Set<string>();
  const hashAll = r.operands.length > 1;
  let out = '';
  let status = 0;
  const line = (bytes: number, path: string) => {
    out += `${fmt(bytes)}\t${path}\n`;
    if (out.length > 65536) {
      writeAll(1, out);
      out = '';
    }
  };
  const size = (st: Stat) => (apparent ? st.size : st.blocks * 512);
  const walk = (path: string, depth: number, top: boolean): number => {
    const st = o('L') || top ? stat(path) ?? lstat(path) : lstat(path);
    if (!st) {
      warn('du', `cannot access '${path}'`);
      status = 1;
      return 0;
    }
    const id = `${st.dev}:${st.ino}`;
    // As GNU du: a file with several links counts once; with several operands, so does every directory.
    if (hashAll || (!S_ISDIR(st.mode) && st.nlink > 1)) {
      if (seen.has(id)) return 0;
      seen.add(id);
    }
    let total = size(st);
    if (S_ISDIR(st.mode)) {
      const fd = opendir(path);
      const ents = fd < 0 ? null : readdir_all(fd);
      if (fd >= 0) closedir(fd);
      if (!ents) {
        warn('du', `cannot read directory '${path}'`, errno);
        status = 1;
      } else {
        for (const e of ents) {
          if (e.d_name === '.' || e.d_name === '..') continue;
          total += walk(join(path, e.d_name), depth + 1, false);
        }
      }
      if (depth <= maxDepth) line(total, path);
    } else if (top || (o('a') && depth <= maxDepth)) line(total, path);
    return total;
  };
  let grand = 0;
  for (const p of r.operands.length ? r.operands : ['.']) grand += walk(p, 0, true);
  if (o('c')) line(grand, 'total');
  if (out) writeAll(1, out);
  return status;
}
