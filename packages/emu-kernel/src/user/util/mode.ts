// File modes: the ls -l string (drwxr-xr-x), type names as stat(1) prints them, and chmod's symbolic
// modes (u+x,go-w,a=r) applied to a current mode.
import {
  S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK, S_ISUID, S_ISGID, S_ISVTX,
} from '../../uapi/stat.js';

export function fileTypeChar(mode: number): string {
  switch (mode & S_IFMT) {
    case S_IFDIR: return 'd';
    case S_IFCHR: return 'c';
    case S_IFBLK: return 'b';
    case S_IFIFO: return 'p';
    case S_IFLNK: return 'l';
    case S_IFSOCK: return 's';
    default: return '-';
  }
}

/** "crw-r--r--": the type character and the nine permission characters with s/t. */
export function modeString(mode: number): string {
  const rwx = (bits: number, special: boolean, ch: string) =>
    (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? 'x' : '-');
  return fileTypeChar(mode) + rwx((mode >> 6) & 7, !!(mode & S_ISUID), 's') + rwx((mode >> 3) & 7, !!(mode & S_ISGID), 's') +
    rwx(mode & 7, !!(mode & S_ISVTX), 't');
}

/** stat's %F. */
export function fileTypeName(mode: number, size: number): string {
  switch (mode & S_IFMT) {
    case S_IFREG: return size ? 'regular file' : 'regular empty file';
    case S_IFDIR: return 'directory';
    case S_IFCHR: return 'character special file';
    case S_IFBLK: return 'block special file';
    case S_IFIFO: return 'fifo';
    case S_IFLNK: return 'symbolic link';
    case S_IFSOCK: return 'socket';
    default: return 'weird file';
  }
}

/**
 * Applies a chmod mode (octal, or symbolic clauses like "u+x,go-w,a=r") to `old`. `isDir` matters for X;
 * `umask` applies to clauses without who letters. Returns the new permission bits, or null if invalid.
 */
export function parseMode(spec: string, old: number, isDir = false, umask = 0): number | null {
  if (/^[0-7]+$/.test(spec)) {
    const v = parseInt(spec, 8);
    return v > 0o7777 ? null : v;
  }
  let mode = old & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/.exec(clause);
    if (!m) return null;
    let who = 0;
    for (const c of m[1]) who |= c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : c === 'o' ? 0o1007 : 0o7777;
    const masked = !m[1];
    if (masked) who = 0o7777;
    for (const [, op, perms] of m[2].matchAll(/([-+=])([rwxXstugo]*)/g)) {
      let bits = 0;
      for (const c of perms) {
        if (c === 'r') bits |= 0o444;
        else if (c === 'w') bits |= 0o222;
        else if (c === 'x') bits |= 0o111;
        else if (c === 'X') bits |= isDir || mode & 0o111 ? 0o111 : 0;
        else if (c === 's') bits |= S_ISUID | S_ISGID;
        else if (c === 't') bits |= S_ISVTX;
        else {
          const src = c === 'u' ? (mode >> 6) & 7 : c === 'g' ? (mode >> 3) & 7 : mode & 7;
          bits |= src * 0o111;
        }
      }
      bits &= who;
      if (masked) bits &= ~umask;
      if (op === '+') mode |= bits;
      else if (op === '-') mode &= ~bits;
      else mode = (mode & ~who) | bits;
    }
  }
  return mode;
}
