// stat [-L] [-c FORMAT] FILE...: file status in coreutils' layout, or the fields FORMAT asks for
// (%n %N %s %b %B %a %A %f %u %g %U %G %F %i %h %d %D %t %T %o %x %y %z %X %Y %Z %%).
import { lstat, stat, readlink, writeAll } from '../user/libc.js';
import { S_ISCHR, S_ISBLK, S_ISLNK, major, minor, type Stat } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { modeString, fileTypeName } from '../user/util/mode.js';
import { userName, groupName } from '../user/util/passwd.js';
import { secondsString, statTime } from '../user/util/time.js';
import { wantsHelp, help } from './lib/help.js';

function field(c: string, name: string, st: Stat): string | null {
  switch (c) {
    case 'n': return name;
    case 'N': {
      const t = S_ISLNK(st.mode) ? readlink(name) : null;
      return t === null ? `'${name}'` : `'${name}' -> '${t}'`;
    }
    case 's': return String(st.size);
    case 'b': return String(st.blocks);
    case 'B': return '512';
    case 'o': return String(st.blksize || 4096);
    case 'a': return (st.mode & 0o7777).toString(8);
    case 'A': return modeString(st.mode);
    case 'f': return st.mode.toString(16);
    case 'u': return String(st.uid);
    case 'g': return String(st.gid);
    case 'U': return userName(st.uid);
    case 'G': return groupName(st.gid);
    case 'F': return fileTypeName(st.mode, st.size);
    case 'i': return String(st.ino);
    case 'h': return String(st.nlink);
    case 'd': return String(st.dev);
    case 'D': return st.dev.toString(16);
    case 't': return major(st.rdev).toString(16);
    case 'T': return minor(st.rdev).toString(16);
    case 'x': return statTime(st.atime);
    case 'y': return statTime(st.mtime);
    case 'z': return statTime(st.ctime);
    case 'X': return secondsString(st.atime);
    case 'Y': return secondsString(st.mtime);
    case 'Z': return secondsString(st.ctime);
    case 'w': return '-';
    case 'W': return '0';
    case '%': return '%';
  }
  return null;
}

/** Expands a -c format: %[-][width]X fields, and backslash escapes for --printf-like use. */
function format(fmt: string, name: string, st: Stat): string {
  return fmt.replace(/%(-?)(\d*)([a-zA-Z%])/g, (m, left: string, width: string, c: string) => {
    const v = field(c, name, st);
    if (v === null) return m;
    const w = Number(width || 0);
    return left ? v.padEnd(w) : v.padStart(w);
  });
}

function full(name: string, st: Stat): string {
  const dev = S_ISCHR(st.mode) || S_ISBLK(st.mode);
  const link = S_ISLNK(st.mode) ? readlink(name) : null;
  const devno = `${major(st.dev)},${minor(st.dev)}`;
  const a = (st.mode & 0o7777).toString(8).padStart(4, '0');
  return `  File: ${name}${link !== null ? ` -> ${link}` : ''}\n` +
    `  Size: ${String(st.size).padEnd(10)}\tBlocks: ${String(st.blocks).padEnd(10)} IO Block: ${String(st.blksize || 4096).padEnd(6)} ${fileTypeName(st.mode, st.size)}\n` +
    `Device: ${devno}\tInode: ${String(st.ino).padEnd(11)} Links: ${dev ? String(st.nlink).padEnd(5) + ` Device type: ${major(st.rdev)},${minor(st.rdev)}` : st.nlink}\n` +
    `Access: (${a}/${modeString(st.mode)})  Uid: (${String(st.uid).padStart(5)}/${userName(st.uid).padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${groupName(st.gid).padStart(8)})\n` +
    `Access: ${statTime(st.atime)}\nModify: ${statTime(st.mtime)}\nChange: ${statTime(st.ctime)}\n Birth: -\n`;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('stat [-L] [-c FORMAT] FILE...', 'Prints the status of each FILE (-L follows symlinks).');
  const r = getopt(argv, 'Lc:');
  if (typeof r === 'string') return usage('stat', r, 'stat [-L] [-c FORMAT] FILE...');
  if (!r.operands.length) return usage('stat', 'missing operand', 'stat [-L] [-c FORMAT] FILE...');
  const fmt = r.opts.get('c');
  let status = 0;
  let out = '';
  for (const f of r.operands) {
    const st = r.opts.has('L') ? stat(f) : lstat(f);
    if (!st) {
      warn('stat', f);
      status = 1;
      continue;
    }
    out += typeof fmt === 'string' ? format(fmt, f, st) + '\n' : full(f, st);
  }
  writeAll(1, out);
  return status;
}
