// rm [-rfd] FILE...: removes files; -r directories and their contents, -d empty directories,
// -f no error for missing files.
import { unlink, rmdir, lstat, readdir, errno } from '../user/libc.js';
import { ENOENT, EISDIR } from '../uapi/errno.js';
import { S_ISDIR } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { join, basename } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

interface Opts {
  recursive: boolean;
  force: boolean;
  dirs: boolean;
}

function remove(path: string, o: Opts): boolean {
  const st = lstat(path);
  if (!st) {
    if (o.force && errno === ENOENT) return true;
    warn('rm', path);
    return false;
  }
  if (!S_ISDIR(st.mode)) {
    if (unlink(path) < 0) {
      warn('rm', path);
      return false;
    }
    return true;
  }
  if (o.recursive) {
    const ents = readdir(path);
    if (!ents) {
      warn('rm', path);
      return false;
    }
    let ok = true;
    for (const e of ents) {
      if (e.d_name === '.' || e.d_name === '..') continue;
      ok = remove(join(path, e.d_name), o) && ok;
    }
    if (!ok) return false;
  } else if (!o.dirs) {
    warn('rm', path, EISDIR);
    return false;
  }
  if (rmdir(path) < 0) {
    warn('rm', path);
    return false;
  }
  return true;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('rm [-rfd] FILE...', 'Removes files (-r directories recursively; -f ignores missing files; -d empty directories).');
  const r = getopt(argv, 'rRfdvi');
  if (typeof r === 'string') return usage('rm', r, 'rm [-rfd] FILE...');
  const o: Opts = { recursive: r.opts.has('r') || r.opts.has('R'), force: r.opts.has('f'), dirs: r.opts.has('d') };
  if (!r.operands.length) {
    if (o.force) return 0;
    return usage('rm', 'missing operand', 'rm [-rfd] FILE...');
  }
  let status = 0;
  for (const p of r.operands) {
    const b = basename(p);
    if (b === '.' || b === '..' || p.replace(/\/+$/, '') === '') {
      warnx('rm', `refusing to remove '.' or '..' or '/' directory: skipping '${p}'`);
      status = 1;
      continue;
    }
    if (!remove(p, o)) status = 1;
  }
  return status;
}
