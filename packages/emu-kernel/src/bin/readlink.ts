// readlink [-f] FILE...: the target of symbolic links (-f: the canonical absolute path).
import { readlink, getcwd, lstat, writeAll } from '../user/libc.js';
import { S_ISLNK } from '../uapi/stat.js';
import { getopt } from '../user/util/getopt.js';
import { usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

/** Resolves every symlink component (readlink -f); null when a link cannot be read. */
function canonical(path: string): string | null {
  const todo = (path.startsWith('/') ? path : `${getcwd() ?? '/'}/${path}`).split('/').filter(Boolean);
  const parts: string[] = [];
  let hops = 0;
  while (todo.length) {
    const c = todo.shift()!;
    if (c === '.') continue;
    if (c === '..') {
      parts.pop();
      continue;
    }
    const p = '/' + [...parts, c].join('/');
    const st = lstat(p);
    if (st && S_ISLNK(st.mode)) {
      if (++hops > 40) return null;
      const t = readlink(p);
      if (t === null) return null;
      if (t.startsWith('/')) parts.length = 0;
      todo.unshift(...t.split('/').filter(Boolean));
      continue;
    }
    parts.push(c);
  }
  return '/' + parts.join('/');
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('readlink [-f] FILE...', 'Prints the target of each symbolic link (-f: the canonical path).');
  const r = getopt(argv, 'fenq');
  if (typeof r === 'string' || !r.operands.length) return usage('readlink', typeof r === 'string' ? r : 'missing operand', 'readlink [-f] FILE...');
  let status = 0;
  let out = '';
  for (const f of r.operands) {
    const t = r.opts.has('f') || r.opts.has('e') ? canonical(f) : readlink(f);
    if (t === null) status = 1;
    else out += t + (r.opts.has('n') ? '' : '\n');
  }
  writeAll(1, out);
  return status;
}
