// sysctl [-n] [-q] NAME... | -w NAME=VALUE... | -a | -p [FILE]: reads and writes kernel tunables, the files
// under /proc/sys. NAME takes dots (net.test.value1) or slashes (net/test/value1); output names keep the
// form given. -p loads NAME = VALUE lines from FILE (default /etc/sysctl.conf; '#' and ';' start comments).
import { O_RDONLY, O_WRONLY } from '../uapi/fcntl.js';
import { EACCES, EPERM, ENOENT } from '../uapi/errno.js';
import { open, close, errno, strerror, dprintf, writeAll, readAll, readdir, readFile } from '../user/libc.js';
import { wantsHelp, help } from './lib/help.js';

const PROC_SYS = '/proc/sys/';
const DT_DIR = 4;
const dec = new TextDecoder();

interface Opts {
  names_only: boolean;
  quiet: boolean;
}

/** "net.test.value1" or "net/test/value1" → its file. A dotted name's slashes stand for dots (eth0.1). */
function path_of(name: string): string {
  if (name.includes('/')) return PROC_SYS + name.replace(/^\/+/, '');
  return PROC_SYS + name.replace(/\./g, '\u0000').replace(/\//g, '.').replace(/\u0000/g, '/');
}

function key_error(what: string, name: string, e: number): number {
  if (e === ENOENT) dprintf(2, `sysctl: cannot stat ${path_of(name)}: No such file or directory\n`);
  else if (e === EACCES || e === EPERM) dprintf(2, `sysctl: permission denied on key '${name}'\n`);
  else dprintf(2, `sysctl: ${what} key "${name}": ${strerror(e)}\n`);
  return 1;
}

function show(name: string, o: Opts): number {
  const fd = open(path_of(name), O_RDONLY);
  if (fd < 0) return key_error('reading', name, errno);
  const data = readAll(fd);
  const e = errno;
  close(fd);
  if (!data) return key_error('reading', name, e);
  const value = dec.decode(data).replace(/\n$/, '');
  dprintf(1, o.names_only ? `${value}\n` : `${name} = ${value}\n`);
  return 0;
}

function set(assignment: string, o: Opts): number {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    dprintf(2, `sysctl: "${assignment}" must be of the form name=value\n`);
    return 1;
  }
  const name = assignment.slice(0, eq).trim();
  const value = assignment.slice(eq + 1).trim();
  const fd = open(path_of(name), O_WRONLY);
  if (fd < 0) return key_error('setting', name, errno);
  const r = writeAll(fd, value + '\n');
  const e = errno;
  close(fd);
  if (r < 0) return key_error('setting', name, e);
  if (!o.quiet) dprintf(1, o.names_only ? `${value}\n` : `${name} = ${value}\n`);
  return 0;
}

/** Every readable entry under /proc/sys, depth first, sorted; unreadable ones are left out, as procps does. */
function show_all(dir: string, o: Opts): number {
  const ents = readdir(dir);
  if (!ents) return 1;
  for (const d of ents.filter((x) => x.d_name !== '.' && x.d_name !== '..').sort((a, b) => (a.d_name < b.d_name ? -1 : 1))) {
    const p = `${dir}/${d.d_name}`;
    if (d.d_type === DT_DIR) {
      show_all(p, o);
      continue;
    }
    const fd = open(p, O_RDONLY);
    if (fd < 0) continue;
    const data = readAll(fd);
    close(fd);
    if (!data) continue;
    const name = p.slice(PROC_SYS.length).replace(/\./g, '/').replace(/\//g, '.');
    const value = dec.decode(data).replace(/\n$/, '');
    dprintf(1, o.names_only ? `${value}\n` : `${name} = ${value}\n`);
  }
  return 0;
}

function load(file: string, o: Opts): number {
  const data = readFile(file);
  if (!data) {
    dprintf(2, `sysctl: cannot open "${file}": ${strerror(errno)}\n`);
    return 1;
  }
  let status = 0;
  for (const raw of dec.decode(data).split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    // A leading '-' means: ignore a failure on this key.
    const ignore = line.startsWith('-');
    const r = set(ignore ? line.slice(1) : line, o);
    if (r && !ignore) status = r;
  }
  return status;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('sysctl [-n] [-q] NAME... | sysctl -w NAME=VALUE... | sysctl -a | sysctl -p [FILE]', 'Reads and writes kernel tunables under /proc/sys.');
  const o: Opts = { names_only: false, quiet: false };
  let write = false, all = false, preload: string | null = null;
  const args: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-w' || a === '--write') write = true;
    else if (a === '-a' || a === '-A' || a === '-X' || a === '--all') all = true;
    else if (a === '-n' || a === '--values') o.names_only = true;
    else if (a === '-q' || a === '--quiet') o.quiet = true;
    else if (a === '-p' || a === '--load') preload = argv[i + 1] && !argv[i + 1].startsWith('-') ? argv[++i] : '/etc/sysctl.conf';
    else if (a.startsWith('-p')) preload = a.slice(2);
    else if (a === '-h' || a === '--help') {
      dprintf(1, 'usage: sysctl [-n] [-q] NAME... | -w NAME=VALUE... | -a | -p [FILE]\n');
      return 0;
    } else if (a.startsWith('-') && a.length > 1) {
      dprintf(2, `sysctl: unknown option ${a}\n`);
      return 2;
    } else args.push(a);
  }
  if (preload !== null) return load(preload, o);
  if (all) return show_all(PROC_SYS.slice(0, -1), o);
  if (!args.length) {
    dprintf(2, 'sysctl: no variables specified\nusage: sysctl [-n] [-q] NAME... | -w NAME=VALUE... | -a | -p [FILE]\n');
    return 2;
  }
  let status = 0;
  for (const a of args) {
    // As procps: NAME=VALUE is a write even without -w.
    const r = write || a.includes('=') ? set(a, o) : show(a, o);
    if (r) status = r;
  }
  return status;
}
