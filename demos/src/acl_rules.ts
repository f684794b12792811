// aclflt's rules: one a line, `allow|deny|log OPS GLOB [uid=N] [gid=N] [prog=NAME]`; OPS is a comma list of
// read, write, create, mkdir, mknod, unlink, rmdir, rename, link, symlink, setattr, or all; GLOB a path
// pattern (`*` within a name, `**` across names, `?`, `[...]`, `{a,b}`: picomatch's syntax). The first
// rule that matches decides; none matching allows. `log` allows and logs. Blank lines and # comments are
// skipped; a malformed line is an error naming the file and the line, and no rule of the file is used.
import picomatch from 'picomatch';

export const ACL_OPS = ['read', 'write', 'create', 'mkdir', 'mknod', 'unlink', 'rmdir', 'rename', 'link', 'symlink',
  'setattr'] as const;
export type acl_op = (typeof ACL_OPS)[number];

export interface acl_rule {
  line: number;
  text: string;
  action: 'allow' | 'deny' | 'log';
  ops: ReadonlySet<acl_op>;
  match: (path: string) => boolean;
  uid?: number;
  gid?: number;
  prog?: string;
}

/** Who asks for what. */
export interface acl_request {
  op: acl_op;
  path: string;
  uid: number;
  gid: number;
  prog: string;
}

/** The rules of `text` (the file `file`), or an error `file:LINE: what`. */
export function parse_rules(text: string, file: string): acl_rule[] | string {
  const out: acl_rule[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const t = lines[n].trim();
    if (!t || t.startsWith('#')) continue;
    const at = `${file}:${n + 1}`;
    const [action, ops, glob, ...conds] = t.split(/\s+/);
    if (action !== 'allow' && action !== 'deny' && action !== 'log') return `${at}: a rule starts with allow, deny or log`;
    if (!ops || !glob) return `${at}: a rule is ACTION OPS GLOB [uid=N] [gid=N] [prog=NAME]`;
    const set = new Set<acl_op>();
    for (const o of ops.split(',')) {
      if (o === 'all') ACL_OPS.forEach((x) => set.add(x));
      else if ((ACL_OPS as readonly string[]).includes(o)) set.add(o as acl_op);
      else return `${at}: no operation named ${o} (${ACL_OPS.join(', ')}, all)`;
    }
    if (!glob.startsWith('/')) return `${at}: the path pattern must be absolute`;
    const rule: acl_rule = { line: n + 1, text: t, action, ops: set, match: picomatch(glob, { dot: true }) };
    for (const c of conds) {
      const m = /^(uid|gid|prog)=(.+)$/.exec(c);
      if (!m) return `${at}: a condition is uid=N, gid=N or prog=NAME, not ${c}`;
      // The kernel names a caller by its command name only: a path could never match a running program.
      if (m[1] === 'prog' && m[2].includes('/')) return `${at}: prog= is a command name (as ps shows it), not a path`;
      if (m[1] === 'prog') rule.prog = m[2];
      else if (!/^\d+$/.test(m[2])) return `${at}: ${m[1]} needs a number`;
      else rule[m[1] as 'uid' | 'gid'] = Number(m[2]);
    }
    out.push(rule);
  }
  return out;
}

/** The rule that decides `r`, or null (allowed: no rule matched). */
export function decide(rules: readonly acl_rule[], r: acl_request): acl_rule | null {
  for (const x of rules) {
    if (!x.ops.has(r.op) || !x.match(r.path)) continue;
    if (x.uid !== undefined && x.uid !== r.uid) continue;
    if (x.gid !== undefined && x.gid !== r.gid) continue;
    if (x.prog !== undefined && x.prog !== r.prog && !r.prog.endsWith(`/${x.prog}`)) continue;
    return x;
  }
  return null;
}
