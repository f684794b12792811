// ls [-laA1din] [FILE...]: lists directories and files; -l the long format with type and mode, links,
// owner and group, size (or "major, minor" for devices), date, name and symlink target.
import { lstat, stat, opendir, readdir_all, closedir, readlink, isatty, writeAll, errno, type Dirent } from '../user/libc.js';
import { S_ISDIR, S_ISLNK, S_ISCHR, S_ISBLK, major, minor, type Stat } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { modeString } from '../user/util/mode.js';
import { userName, groupName } from '../user/util/passwd.js';
import { lsTime } from '../user/util/time.js';
import { join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

interface Entry {
  name: string;
  path: string;
  st: Stat;
}

interface Opts {
  long: boolean;
  all: boolean;
  almost: boolean;
  one: boolean;
  dir: boolean;
  inode: boolean;
  numeric: boolean;
}

let out = '';
const now = Date.now() / 1000;

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function longLines(entries: Entry[], o: Opts): string[] {
  const rows = entries.map((e) => {
    const st = e.st;
    const dev = S_ISCHR(st.mode) || S_ISBLK(st.mode);
    let name = e.name;
    if (S_ISLNK(st.mode)) {
      const t = readlink(e.path);
      if (t !== null) name += ` -> ${t}`;
    }
    return {
      ino: String(st.ino),
      mode: modeString(st.mode),
      links: String(st.nlink),
      user: o.numeric ? String(st.uid) : userName(st.uid),
      group: o.numeric ? String(st.gid) : groupName(st.gid),
      major: dev ? `${major(st.rdev)},` : '',
      size: dev ? String(minor(st.rdev)) : String(st.size),
      date: lsTime(st.mtime, now),
      name,
    };
  });
  const w = (k: keyof (typeof rows)[number]) => Math.max(0, ...rows.map((r) => r[k].length));
  const wi = w('ino'), wl = w('links'), wu = w('user'), wg = w('group'), wM = w('major');
  const ws = Math.max(w('size'), wM ? wM + 1 + w('size') : 0);
  return rows.map((r) => {
    const size = r.major ? `${r.major.padStart(wM)} ${r.size.padStart(ws - wM - 1)}` : r.size.padStart(ws);
    return `${o.inode ? r.ino.padStart(wi) + ' ' : ''}${r.mode} ${r.links.padStart(wl)} ${r.user.padEnd(wu)} ` +
      `${r.group.padEnd(wg)} ${size} ${r.date} ${r.name}`;
  });
}

/** Names in columns across an 80-column terminal, filled top to bottom like ls. */
function columns(names: string[]): string[] {
  if (!names.length) return [];
  const width = 80;
  for (let cols = Math.min(names.length, 40); cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) widths.push(Math.max(0, ...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)));
    if (widths.some((x) => x === 0)) continue;
    if (widths.reduce((a, b) => a + b + 2, 0) - 2 > width) continue;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      let line = '';
      for (let c = 0; c < cols; c++) {
        const n = names[c * rows + r];
        if (n === undefined) continue;
        const last = c === cols - 1 || names[(c + 1) * rows + r] === undefined;
        line += last ? n : n.padEnd(widths[c] + 2);
      }
      lines.push(line);
    }
    return lines;
  }
  return names;
}

function show(entries: Entry[], o: Opts): void {
  if (o.long) {
    for (const l of longLines(entries, o)) out += l + '\n';
    return;
  }
  const names = entries.map((e) => (o.inode ? `${e.st.ino} ${e.name}` : e.name));
  for (const l of o.one ? names : columns(names)) out += l + '\n';
}

function listDir(path: string, o: Opts): boolean {
  // The directory stays open while its entries are looked at, as GNU ls does: /proc/self/fd then lists
  // the descriptor ls reads it through, and that entry can be looked at too.
  const dirfd = opendir(path);
  const ents = dirfd < 0 ? null : readdir_all(dirfd);
  if (!ents) {
    warn('ls', path);
    if (dirfd >= 0) closedir(dirfd);
    return false;
  }
  try {
    return listEntries(path, ents, o);
  } finally {
    closedir(dirfd);
  }
}

function listEntries(path: string, ents: Dirent[], o: Opts): boolean {
  const entries: Entry[] = [];
  let ok = true;
  const names = ents.map((d: Dirent) => d.d_name);
  if (o.all) {
    if (!names.includes('.')) names.push('.');
    if (!names.includes('..')) names.push('..');
  }
  for (const name of names) {
    if (name.startsWith('.') && !o.all && !(o.almost && name !== '.' && name !== '..')) continue;
    const p = join(path, name);
    const st = lstat(p);
    if (!st) {
      warn('ls', p);
      ok = false;
      continue;
    }
    entries.push({ name, path: p, st });
  }
  entries.sort(byName);
  if (o.long) out += `total ${entries.reduce((a, e) => a + Math.ceil(e.st.blocks / 2), 0)}\n`;
  show(entries, o);
  return ok;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('ls [-laA1dinF] [FILE]...', 'Lists directories and files.\n  -l long format  -a all  -A almost all  -1 one per line  -d directories themselves\n  -i inode numbers  -n numeric ids');
  const r = getopt(argv, 'laA1dinF');
  if (typeof r === 'string') return usage('ls', r, 'ls [-laA1din] [FILE]...');
  const f = (c: string) => r.opts.has(c);
  const o: Opts = { long: f('l') || f('n'), all: f('a'), almost: f('A'), one: f('1') || !isatty(1), dir: f('d'),
    inode: f('i'), numeric: f('n') };
  const operands = r.operands.length ? r.operands : ['.'];
  let status = 0;
  const files: Entry[] = [];
  const dirs: string[] = [];
  for (const p of operands) {
    const lst = lstat(p);
    if (!lst) {
      warn('ls', p);
      status = 1;
      continue;
    }
    // A symlink operand to a directory is listed as the directory unless -l or -d asks for the link.
    const st = S_ISLNK(lst.mode) && !o.long && !o.dir ? stat(p) ?? lst : lst;
    if (S_ISDIR(st.mode) && !o.dir) dirs.push(p);
    else files.push({ name: p, path: p, st });
  }
  files.sort(byName);
  show(files, o);
  dirs.sort();
  dirs.forEach((d, i) => {
    if (operands.length > 1) out += `${files.length || i ? '\n' : ''}${d}:\n`;
    if (!listDir(d, o)) status = 1;
    if (out.length > 65536) {
      writeAll(1, out);
      out = '';
    }
  });
  if (out && writeAll(1, out) < 0) {
    warn('ls', 'write error', errno);
    return 1;
  }
  return status;
}
