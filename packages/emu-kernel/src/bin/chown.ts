// chown [-R] OWNER[:GROUP] FILE...: changes owner and/or group (names or numbers; "user:" also sets
// the user's login group, ":group" only the group).
import { chown, lstat, readdir } from '../user/libc.js';
import { S_ISDIR } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { warn, warnx, usage } from '../user/util/err.js';
import { parseUser, parseGroup, getpwuid } from '../user/util/passwd.js';
import { join } from '../user/util/path.js';
import { wantsHelp, help } from './lib/help.js';

const SYNOPSIS = 'chown [-R] OWNER[:[GROUP]] FILE...';

function apply(path: string, uid: number, gid: number, recursive: boolean): boolean {
  let ok = true;
  if (chown(path, uid, gid) < 0) {
    warn('chown', path);
    ok = false;
  }
  if (recursive && S_ISDIR(lstat(path)?.mode ?? 0)) {
    for (const e of readdir(path) ?? []) {
      if (e.d_name !== '.' && e.d_name !== '..') ok = apply(join(path, e.d_name), uid, gid, true) && ok;
    }
  }
  return ok;
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help(SYNOPSIS, 'Changes the owner and group of each FILE (-R recursively).');
  const r = getopt(argv, 'Rfvh');
  if (typeof r === 'string') return usage('chown', r, SYNOPSIS);
  const [spec, ...files] = r.operands;
  if (spec === undefined) return usage('chown', 'missing operand', SYNOPSIS);
  if (!files.length) return usage('chown', `missing operand after '${spec}'`, SYNOPSIS);
  const sep = spec.search(/[:.]/);
  const u = sep < 0 ? spec : spec.slice(0, sep);
  const g = sep < 0 ? '' : spec.slice(sep + 1);
  let uid = -1, gid = -1;
  if (u) {
    const v = parseUser(u);
    if (v === undefined) {
      warnx('chown', `invalid user: '${spec}'`);
      return 1;
    }
    uid = v;
    if (sep >= 0 && !g) gid = getpwuid(uid)?.gid ?? -1;
  }
  if (g) {
    const v = parseGroup(g);
    if (v === undefined) {
      warnx('chown', `invalid group: '${spec}'`);
      return 1;
    }
    gid = v;
  }
  let status = 0;
  for (const f of files) if (!apply(f, uid, gid, r.opts.has('R'))) status = 1;
  return status;
}
