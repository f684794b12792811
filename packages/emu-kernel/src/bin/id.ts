// id [-u | -g | -G] [-n] [USER]: user and group identities.
import { getuid, geteuid, getgid, getegid, writeAll } from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warnx, usage } from '../user/util/err.js';
import { getpwnam, getgrent, userName, groupName, getpwuid } from '../user/util/passwd.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('id [-u | -g | -G] [-n] [USER]', 'Prints the user and group ids (of USER or the current process).');
  const r = getopt(argv, 'ugGnr');
  if (typeof r === 'string') return usage('id', r, 'id [-u | -g | -G] [-n] [USER]');
  let uid: number, gid: number, euid: number, egid: number;
  if (r.operands.length) {
    const pw = getpwnam(r.operands[0]) ?? (/^\d+$/.test(r.operands[0]) ? getpwuid(Number(r.operands[0])) : undefined);
    if (!pw) {
      warnx('id', `'${r.operands[0]}': no such user`);
      return 1;
    }
    uid = euid = pw.uid;
    gid = egid = pw.gid;
  } else {
    uid = getuid();
    euid = geteuid();
    gid = getgid();
    egid = getegid();
  }
  const name = userName(uid);
  const groups = [egid, ...getgrent().filter((g) => g.members.includes(name) && g.gid !== egid).map((g) => g.gid)];
  const n = r.opts.has('n');
  let out: string;
  if (r.opts.has('u')) out = n ? userName(euid) : String(euid);
  else if (r.opts.has('g')) out = n ? groupName(egid) : String(egid);
  else if (r.opts.has('G')) out = groups.map((g) => (n ? groupName(g) : String(g))).join(' ');
  else {
    out = `uid=${uid}(${userName(uid)}) gid=${gid}(${groupName(gid)})`;
    if (euid !== uid) out += ` euid=${euid}(${userName(euid)})`;
    if (egid !== gid) out += ` egid=${egid}(${groupName(egid)})`;
    out += ` groups=${groups.map((g) => `${g}(${groupName(g)})`).join(',')}`;
  }
  writeAll(1, out + '\n');
  return 0;
}
