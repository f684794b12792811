// ps [-e|-A] [-f] | ps aux: processes from /proc/<pid>/status and /proc/<pid>/cmdline. Without options
// the processes of the caller's effective user, in procps' "PID TTY TIME CMD" columns.
import { readdir, readFile, readlink, geteuid, writeAll, errno } from '../user/libc.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { userName } from '../user/util/passwd.js';
import { wantsHelp, help } from './lib/help.js';

interface Proc {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  uid: number;
  euid: number;
  cmdline: string[];
  tty: string;
  vsz: number;
  rss: number;
}

const dec = new TextDecoder();

function readProc(pid: number): Proc | null {
  const st = readFile(`/proc/${pid}/status`);
  if (!st) return null;
  const f = new Map<string, string>();
  for (const line of dec.decode(st).split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) f.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const uids = (f.get('Uid') ?? '0').split(/\s+/).map(Number);
  const cl = readFile(`/proc/${pid}/cmdline`);
  const cmdline = cl ? dec.decode(cl).split('\0').filter((s, i, a) => s !== '' || i < a.length - 1) : [];
  // The terminal: the first standard descriptor open on a /dev node other than null (no controlling
  // terminals here; a background job's stdin is /dev/null but its output still goes to the terminal).
  let tty = '?';
  for (let fd = 0; fd < 3; fd++) {
    const link = readlink(`/proc/${pid}/fd/${fd}`);
    if (link?.startsWith('/dev/') && link !== '/dev/null' && link !== '/dev/zero') {
      tty = link.slice(5);
      break;
    }
  }
  return {
    pid, ppid: Number(f.get('PPid') ?? 0), name: f.get('Name') ?? '?', state: (f.get('State') ?? '?')[0],
    uid: uids[0] ?? 0, euid: uids[1] ?? uids[0] ?? 0, cmdline, tty,
    vsz: parseInt(f.get('VmSize') ?? '0', 10) || 0, rss: parseInt(f.get('VmRSS') ?? '0', 10) || 0,
  };
}

const TIME = '00:00:00';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('ps [-e] [-f] | ps aux', 'Lists the processes.');
  let all = false, full = false, bsd = false;
  for (const a of argv.slice(1)) {
    if (/^-[eAfl]+$/.test(a)) {
      if (/[eA]/.test(a)) all = true;
      if (/[fl]/.test(a)) full = true;
    } else if (/^[aux]+$/.test(a)) {
      bsd = true;
      all = all || a.includes('a') || a.includes('x');
    } else return usage('ps', `unsupported option '${a}'`, 'ps [-e] [-f] | ps aux');
  }
  const ents = readdir('/proc');
  if (!ents) {
    warn('ps', '/proc');
    return 1;
  }
  const pids = ents.map((e) => e.d_name).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  if (!pids.length) {
    warnx('ps', '/proc is not mounted (no process information): mount -t proc proc /proc');
    return 1;
  }
  const me = geteuid();
  const procs = pids.map(readProc).filter((p): p is Proc => !!p && (all || p.euid === me));
  const cmd = (p: Proc) => (p.cmdline.length ? p.cmdline.join(' ') : `[${p.name}]`);
  let out: string;
  if (bsd) {
    out = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n' + procs.map((p) =>
      `${userName(p.euid).padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.0 ${String(p.vsz).padStart(6)} ` +
      `${String(p.rss).padStart(5)} ${p.tty.padEnd(8)} ${p.state.padEnd(4)} 00:00   0:00 ${cmd(p)}\n`).join('');
  } else if (full) {
    out = 'UID          PID    PPID  C STIME TTY          TIME CMD\n' + procs.map((p) =>
      `${userName(p.euid).padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 00:00 ` +
      `${p.tty.padEnd(8)} ${TIME} ${cmd(p)}\n`).join('');
  } else {
    out = '  PID TTY          TIME CMD\n' + procs.map((p) =>
      `${String(p.pid).padStart(5)} ${p.tty.padEnd(8)} ${TIME} ${p.name}\n`).join('');
  }
  if (writeAll(1, out) < 0) {
    warn('ps', 'write error', errno);
    return 1;
  }
  return 0;
}
