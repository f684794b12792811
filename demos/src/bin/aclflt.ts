// aclflt [--rules FILE] [-b] PATH...: extended access control (rules in acl_rules.ts) over every operation
// that changes something under PATH, plus reads: opens for writing or truncation, create, mkdir, mknod,
// unlink, rmdir, both ends of rename and of link, symlink, setattr. A denied operation fails with EACCES and is
// logged; SIGHUP reloads the rules (a malformed file keeps the old ones, and says why).
// aclflt --check OP PATH [--uid N] [--gid N] [--prog NAME] [--rules FILE] answers from the same rules:
// "allow" (status 0) or "deny" (status 1), with the deciding rule.
import { EACCES } from '@urfs/emu-kernel/uapi/errno';
import { O_ACCMODE, O_RDONLY, O_TRUNC } from '@urfs/emu-kernel/uapi/fcntl';
import { dprintf, readFile, writeAll } from '@urfs/emu-kernel/user/libc';
import { urfs_run, type urfs_def_context, type urfs_filter_def, type urfs_result } from '@urfs/liburfs/index';
import { decide, parse_rules, ACL_OPS, type acl_op, type acl_rule } from '../acl_rules.js';

const RULES = '/etc/aclflt.rules';
let file = RULES;
let rules: acl_rule[] = [];

function load(path: string): string | null {
  const text = readFile(path);
  const r = text ? parse_rules(new TextDecoder().decode(text), path) : `${path}: cannot be read`;
  if (typeof r === 'string') return r;
  rules = r;
  return null;
}

/** The verdict on one operation by the caller; denials and log rules say so on stdout. */
function judge(cx: urfs_def_context, op: acl_op, path: string): urfs_result {
  const c = cx.caller;
  const rule = decide(rules, { op, path, uid: c.uid, gid: c.gid, prog: c.comm });
  if (!rule || rule.action === 'allow') return;
  writeAll(1, `aclflt: ${rule.action} ${op} ${path} by uid ${c.uid} (${c.comm}): rule ${rule.line}\n`);
  return rule.action === 'deny' ? { deny: EACCES } : undefined;
}

const name_op = (op: acl_op) => ({ pre: (cx: urfs_def_context, c: { args: { path: string } }) => judge(cx, op, c.args.path) });

const aclflt: urfs_filter_def = {
  name: 'aclflt',
  priority: 200,
  // An access control that cannot answer (hung, too slow) refuses: the operation fails rather than pass.
  policy: 'error',
  description: 'Access control by rules (allow|deny|log OPS GLOB [uid=] [gid=] [prog=]); SIGHUP reloads them.',
  options: { rules: { arg: 'FILE', help: `the rules (default ${RULES})` } },
  start: (o) => load((file = o.rules?.[0] ?? RULES)) ?? undefined,
  reload: () => load(file) ?? undefined,
  ops: {
    open: { types: ['reg'], pre: (cx, { args: a }) =>
      judge(cx, (a.f_flags & O_ACCMODE) !== O_RDONLY || a.f_flags & O_TRUNC ? 'write' : 'read', a.path) },
    setattr: { pre: (cx, { args: a }) => judge(cx, a.attr.size !== undefined ? 'write' : 'setattr', a.path) },
    create: name_op('create'), mkdir: name_op('mkdir'), mknod: name_op('mknod'), unlink: name_op('unlink'),
    rmdir: name_op('rmdir'), symlink: name_op('symlink'),
    // Both names: a new name for a protected file (a link out, a rename out) would escape rules by path.
    link: { pre: (cx, { args: a }) => judge(cx, 'link', a.target) ?? judge(cx, 'link', a.path) },
    rename: { pre: (cx, { args: a }) => judge(cx, 'rename', a.from) ?? judge(cx, 'rename', a.to) },
  },
};

/** --check: the same rules asked about one operation. */
function check(argv: readonly string[]): number {
  const opt = (k: string) => {
    const i = argv.indexOf(`--${k}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const [op, path] = argv.slice(argv.indexOf('--check') + 1);
  if (!(ACL_OPS as readonly string[]).includes(op) || !path?.startsWith('/')) {
    return dprintf(2, `usage: aclflt --check OP PATH [--uid N] [--gid N] [--prog NAME] [--rules FILE]\n` +
      `  OP: ${ACL_OPS.join(', ')}\n`), 2;
  }
  const err = load(opt('rules') ?? RULES);
  if (err) return dprintf(2, `aclflt: ${err}\n`), 1;
  const rule = decide(rules, { op: op as acl_op, path, uid: Number(opt('uid') ?? 0), gid: Number(opt('gid') ?? 0),
    prog: opt('prog') ?? '' });
  const allowed = !rule || rule.action !== 'deny';
  writeAll(1, `${allowed ? 'allow' : 'deny'}: ${rule ? `rule ${rule.line}: ${rule.text}` : 'no rule matches'}\n`);
  return allowed ? 0 : 1;
}

export default (argv: string[]): Promise<number> | number =>
  argv.includes('--check') ? check(argv) : urfs_run(aclflt, argv);
