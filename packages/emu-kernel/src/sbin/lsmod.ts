// lsmod: the loaded modules, from /proc/modules, in kmod's layout.
import { errno, strerror, writeAll } from '../user/libc.js';
import { read_proc_modules, error } from './lib/kmod.js';

export default function main(): number {
  const mods = read_proc_modules();
  if (!mods) {
    error('lsmod', `could not open /proc/modules: ${strerror(errno)}`);
    return 1;
  }
  let out = 'Module                  Size  Used by\n';
  for (const m of mods) {
    out += `${m.name.padEnd(19)} ${String(m.size).padStart(8)}  ${m.refcnt}`;
    if (m.holders.length) out += ' ' + m.holders.join(',');
    if (m.state !== 'Live') out += ` [${m.state.toLowerCase()}]`;
    out += '\n';
  }
  return writeAll(1, out) < 0 ? 1 : 0;
}
