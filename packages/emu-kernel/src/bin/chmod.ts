// chmod [-R] MODE FILE...: changes permission bits; MODE is octal or symbolic (u+x,go-w,a=r).
import { chmod, stat, lstat, readdir, umask } from '../user/libc.js';
import { S_ISDIR, S_ISLNK } from '../uapi/stat.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { parseMode } from '../user/util/mode.js';
import { join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'chmod [-R] MODE FILE...';

function apply(path: string, spec: string, mask: number, recursive: boolean): boolean {
  const st = stat(path);
  if (!st) {
    warn('chmod', path);
    return false;
  }
  const mode = parseMode(spec, st.mode, S_ISDIR(st.mode), mask);
  if (mode === null) {
    warnx('chmod', `invalid mode: '${spec}'`);
    return false;
  }
  let ok = true;
  if (chmod(path, mode) < 0) {
    warn('chmod', path);
    ok = false;
  }
  if (recursive && S_ISDIR(st.mode)) {
    for (const e of readdir(path) ?? []) {
      if (e.d_name === '.' || e.d_name === '..') continue;
      const p = join(path, e.d_name);
      if (S_ISLNK(lstat(p)?.mode ?? 0)) continue;
      ok = apply(p, spec, mask, true) && ok;
    }
  }
  return ok;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Changes the mode of each FILE (octal or symbolic MODE; -R recursively).');
  let args = argv.slice(1);
  let recursive = false;
  // Options come first; "-w" style modes are modes, not options.
  while (args.length && /^-[Rfv]+$/.test(args[0])) {
    if (args[0].includes('R')) recursive = true;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  const [spec, ...files] = args;
  if (spec === undefined) return usage('chmod', 'missing operand', SYNOPSIS);
  if (!files.length) return usage('chmod', `missing operand after '${spec}'`, SYNOPSIS);
  const mask = umask(0);
  umask(mask);
  if (parseMode(spec, 0, false, mask) === null) {
    warnx('chmod', `invalid mode: '${spec}'`);
    return 1;
  }
  let status = 0;
  for (const f of files) if (!apply(f, spec, mask, recursive)) status = 1;
  return status;
}
