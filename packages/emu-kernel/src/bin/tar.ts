// tar -c [-f ARCHIVE] [-C DIR] PATH... | tar -t [-f ARCHIVE]: writes a POSIX ustar archive of files,
// directories and symbolic links (read through the system calls, so filters see every read), or lists
// one. ARCHIVE "-" (the default) is standard output or input. The playground's "Download /tmp" uses it.
import { lstat, readdir, readFile, readlink, open, close, writeAll, readAll, chdir } from '../user/libc.js';
import { O_CREAT, O_TRUNC, O_WRONLY, O_RDONLY } from '../uapi/fcntl.js';
import { S_ISDIR, S_ISLNK, S_ISREG, type Stat } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { usage, warn, warnx } from '../user/util/err.js';
import { join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'tar -c [-f ARCHIVE] [-C DIR] PATH... | tar -t [-f ARCHIVE]';
const BLOCK = 512;
const enc = new TextEncoder();
const dec = new TextDecoder();

function octal(h: Uint8Array, off: number, len: number, n: number): void {
  h.set(enc.encode(Math.max(0, Math.floor(n)).toString(8).padStart(len - 1, '0').slice(-(len - 1))), off);
}

/** The name split over ustar's prefix (155) and name (100) fields; null when it cannot be. */
function splitName(name: string): [string, string] | null {
  if (enc.encode(name).length <= 100) return ['', name];
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i), rest = name.slice(i + 1);
    if (enc.encode(prefix).length <= 155 && enc.encode(rest).length <= 100 && rest) return [prefix, rest];
  }
  return null;
}

function header(name: string, st: Stat, type: string, size: number, link = ''): Uint8Array | null {
  const parts = splitName(name);
  if (!parts) return null;
  const h = new Uint8Array(BLOCK);
  h.set(enc.encode(parts[1]), 0);
  octal(h, 100, 8, st.mode & 0o7777);
  octal(h, 108, 8, st.uid);
  octal(h, 116, 8, st.gid);
  octal(h, 124, 12, size);
  octal(h, 136, 12, st.mtime);
  h[156] = type.charCodeAt(0);
  h.set(enc.encode(link).subarray(0, 100), 157);
  h.set(enc.encode('ustar\x0000'), 257);
  h.set(enc.encode(parts[0]), 345);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\x00 '), 148);
  return h;
}

/** Appends `path` (and what is under it) to the archive through `out`; false if something was skipped. */
function add(path: string, out: (b: Uint8Array) => void): boolean {
  const st = lstat(path);
  if (!st) {
    warn('tar', path);
    return false;
  }
  const name = path.replace(/^\/+/, '') || '.';
  let ok = true;
  const put = (h: Uint8Array | null) => {
    if (h) out(h);
    else {
      warnx('tar', `${path}: file name is too long`);
      ok = false;
    }
  };
  if (S_ISDIR(st.mode)) {
    put(header(name.endsWith('/') ? name : name + '/', st, '5', 0));
    const entries = readdir(path);
    if (!entries) {
      warn('tar', path);
      return false;
    }
    for (const e of entries.map((d) => d.d_name).filter((n) => n !== '.' && n !== '..').sort()) ok = add(join(path, e), out) && ok;
  } else if (S_ISLNK(st.mode)) {
    put(header(name, st, '2', 0, readlink(path) ?? ''));
  } else if (S_ISREG(st.mode)) {
    const data = readFile(path);
    if (!data) {
      warn('tar', path);
      return false;
    }
    const h = header(name, st, '0', data.length);
    put(h);
    if (h) {
      out(data);
      if (data.length % BLOCK) out(new Uint8Array(BLOCK - (data.length % BLOCK)));
    }
  } else {
    warnx('tar', `${path}: not a regular file, directory or link: not archived`);
    ok = false;
  }
  return ok;
}

function list(fd: number): number {
  const a = readAll(fd);
  if (!a) {
    warn('tar', 'read');
    return 1;
  }
  for (let off = 0; off + BLOCK <= a.length; ) {
    const h = a.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const str = (o: number, n: number) => dec.decode(h.subarray(o, o + n)).replace(/\0[\s\S]*$/, '');
    const prefix = str(345, 155), name = str(0, 100);
    const size = parseInt(str(124, 12).trim() || '0', 8);
    writeAll(1, `${prefix ? prefix + '/' : ''}${name}\n`);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return 0;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Creates (-c) a ustar archive of PATHs, or lists (-t) one; -f ARCHIVE (default -, standard output or input), -C DIR changes directory first.');
  const r = getopt(argv, 'ctvf:C:');
  if (typeof r === 'string') return usage('tar', r, SYNOPSIS);
  const create = r.opts.has('c'), listing = r.opts.has('t');
  if (create === listing) return usage('tar', 'exactly one of -c and -t is needed', SYNOPSIS);
  const file = typeof r.opts.get('f') === 'string' ? (r.opts.get('f') as string) : '-';
  if (listing) {
    const fd = file === '-' ? 0 : open(file, O_RDONLY);
    if (fd < 0) {
      warn('tar', file);
      return 2;
    }
    return list(fd);
  }
  if (!r.operands.length) return usage('tar', 'refusing to create an empty archive', SYNOPSIS);
  const fd = file === '-' ? 1 : open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
  if (fd < 0) {
    warn('tar', file);
    return 2;
  }
  const dir = r.opts.get('C');
  if (typeof dir === 'string' && chdir(dir) < 0) {
    warn('tar', dir);
    return 2;
  }
  let failed = false;
  const out = (b: Uint8Array) => {
    if (!failed && writeAll(fd, b) < 0) {
      warn('tar', file);
      failed = true;
    }
  };
  let ok = true;
  for (const p of r.operands) ok = add(p, out) && ok;
  out(new Uint8Array(BLOCK * 2));
  if (fd !== 1) close(fd);
  return failed ? 2 : ok ? 0 : 1;
}
