// What insmod, rmmod, lsmod and modinfo share (kmod's libkmod, reduced): where modules live, the
// messages for load errors, and the parsing of /proc/modules.
import { EINVAL, ENOENT, ENOEXEC, ESRCH } from '../../uapi/errno.js';
import { dprintf, readFile, strerror } from '../../user/libc.js';

export const MODULE_DIR = '/lib/modules';

/** A path as given, or /lib/modules/NAME.ko for a bare module name. */
export function module_path(arg: string): string {
  return arg.includes('/') || arg.endsWith('.ko') ? arg : `${MODULE_DIR}/${arg}.ko`;
}

/** The module name of a path or name: base name, no .ko, dashes as underscores. */
export function module_name(arg: string): string {
  return (arg.split('/').pop() ?? arg).replace(/\.ko$/, '').replace(/-/g, '_');
}

/** kmod's wording for the errors of init_module. */
export function mod_strerror(err: number): string {
  switch (err) {
    case ENOEXEC: return 'Invalid module format';
    case ENOENT: return 'Unknown symbol in module';
    case ESRCH: return 'Unknown symbol in module';
    case EINVAL: return 'Invalid parameters';
    default: return strerror(err);
  }
}

export interface ProcModule {
  name: string;
  size: number;
  refcnt: number;
  holders: string[];
  state: string;
}

/** /proc/modules as records, or null (errno set) when it cannot be read. */
export function read_proc_modules(): ProcModule[] | null {
  const data = readFile('/proc/modules');
  if (!data) return null;
  const out: ProcModule[] = [];
  for (const line of new TextDecoder().decode(data).split('\n')) {
    const f = line.split(' ');
    if (f.length < 5) continue;
    out.push({
      name: f[0], size: Number(f[1]), refcnt: Number(f[2]),
      holders: f[3] === '-' ? [] : f[3].split(',').filter(Boolean), state: f[4],
    });
  }
  return out;
}

export function error(prog: string, msg: string): void {
  dprintf(2, `${prog}: ERROR: ${msg}\n`);
}
