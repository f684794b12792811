// Path helpers of the utilities: PATH search, basename/dirname, joining.
import { stat, access } from '../libc.js';
import { S_ISREG } from '../../uapi/stat.js';
import { X_OK } from '../../uapi/fcntl.js';

export const DEFAULT_PATH = '/usr/local/bin:/bin:/sbin:/usr/bin';

/** The executable a command name runs (PATH search when it has no slash), or null. */
export function which(name: string, path = DEFAULT_PATH): string | null {
  if (name.includes('/')) return name;
  for (const dir of path.split(':')) {
    const p = `${dir || '.'}/${name}`;
    const st = stat(p);
    if (st && S_ISREG(st.mode) && access(p, X_OK) === 0) return p;
  }
  return null;
}

export function basename(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (!t) return p ? '/' : '';
  return t.slice(t.lastIndexOf('/') + 1);
}
export function dirname(p: string): string {
  const t = p.replace(/\/+$/, '');
  if (!t) return p ? '/' : '.';
  const i = t.lastIndexOf('/');
  if (i < 0) return '.';
  return t.slice(0, i).replace(/\/+$/, '') || '/';
}
export function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
