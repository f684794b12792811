// genl_user [-f FAMILY] [-l [-n COUNT]] [--no-msg|--long|--badattr|--lie-attr] [TEXT]: talks to genl_ex.
// Asks the controller (nlctrl) for FAMILY's id (default CONTROL_EXMPL), then sends ECHO with the MSG
// attribute TEXT and prints the kernel's reply. -l instead joins the family's multicast group and prints
// COUNT (default 1) announcements. The -- options send bad attributes on purpose: none, a MSG longer than
// the policy allows, an unknown attribute type, an nla_len past the end.
import { socket, bind, sendmsg, recvmsg, getsockname, close, writeAll, dprintf, errno, strerror } from '@urfs/emu-kernel/user/libc';
import { AF_NETLINK, SOCK_RAW } from '@urfs/emu-kernel/uapi/socket';
import {
  NETLINK_GENERIC, NLM_F_REQUEST, NLMSG_ERROR, NLMSG_HDRLEN, nlmsg_build, nlmsg_parse_all, sockaddr_nl, sockaddr_nl_read,
  type NlMsg,
} from '@urfs/emu-kernel/uapi/netlink';
import {
  GENL_ID_CTRL, GENL_HDRLEN, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID, genlmsghdr, nla_string, nla_split, nla_get_u16, nla_get_u32,
  nla_get_string, concat, type NlAttr,
} from '@urfs/emu-kernel/uapi/genetlink';
import { GENL_EX_FAMILY, GENL_EX_GROUP, DOC_EXMPL_C_ECHO, DOC_EXMPL_A_MSG } from '../msg/genl_ex_abi.js';

const PROG = 'genl_user';

function attrs_of(m: NlMsg): NlAttr[] {
  return nla_split(m.payload.subarray(GENL_HDRLEN)) ?? [];
}
function nl_error(m: NlMsg): number | null {
  if (m.nlmsg_type !== NLMSG_ERROR || m.payload.length < 4 + NLMSG_HDRLEN) return null;
  return new DataView(m.payload.buffer, m.payload.byteOffset).getInt32(0, true);
}

export default function main(argv: string[]): number {
  let family = GENL_EX_FAMILY, listen = false, count = 1, bad = '';
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-f' && i + 1 < argv.length) family = argv[++i];
    else if (a === '-l') listen = true;
    else if (a === '-n' && i + 1 < argv.length) count = Number(argv[++i]) || 1;
    else if (['--no-msg', '--long', '--badattr', '--lie-attr'].includes(a)) bad = a;
    else if (a.startsWith('-') && a.length > 1) return dprintf(2, `usage: ${PROG} [-f FAMILY] [-l [-n COUNT]] [--no-msg|--long|--badattr|--lie-attr] [TEXT]\n`), 2;
    else words.push(a);
  }
  const fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
  if (fd < 0) return dprintf(2, `${PROG}: socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC): ${strerror(errno)}\n`), 1;
  let seq = 0;
  // One request, one answer (a reply message or NLMSG_ERROR).
  const request = (type: number, cmd: number, attrs: Uint8Array[]): NlMsg | number => {
    const msg = nlmsg_build({ nlmsg_type: type, nlmsg_flags: NLM_F_REQUEST, nlmsg_seq: ++seq, nlmsg_pid: 0 },
      concat([genlmsghdr(cmd, 1), ...attrs]));
    if (sendmsg(fd, [msg], 0, sockaddr_nl(0, 0)) < 0) return -errno;
    const r = recvmsg(fd, 8192);
    if (!r) return -errno;
    const m = nlmsg_parse_all(r.data).msgs[0];
    if (!m) return -74; // EBADMSG
    const e = nl_error(m);
    return e ? e : m;
  };
  try {
    if (bind(fd, sockaddr_nl(0, 0)) < 0) return dprintf(2, `${PROG}: bind: ${strerror(errno)}\n`), 1;
    const fam = request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, [nla_string(CTRL_ATTR_FAMILY_NAME, family)]);
    if (typeof fam === 'number') return dprintf(2, `${PROG}: family ${family}: ${strerror(-fam)}\n`), 1;
    const fa = attrs_of(fam);
    const id = nla_get_u16(fa.find((a) => a.nla_type === CTRL_ATTR_FAMILY_ID)!);
    const groups = new Map<string, number>();
    for (const g of nla_split(fa.find((a) => a.nla_type === CTRL_ATTR_MCAST_GROUPS)?.data ?? new Uint8Array(0)) ?? []) {
      const ga = nla_split(g.data) ?? [];
      const name = ga.find((a) => a.nla_type === CTRL_ATTR_MCAST_GRP_NAME), gid = ga.find((a) => a.nla_type === CTRL_ATTR_MCAST_GRP_ID);
      if (name && gid) groups.set(nla_get_string(name), nla_get_u32(gid));
    }
    writeAll(1, `${PROG}: family ${family} id ${id}${[...groups].map(([n, g]) => `, group ${n}=${g}`).join('')}\n`);
    if (listen) {
      const g = groups.get(GENL_EX_GROUP);
      if (g === undefined) return dprintf(2, `${PROG}: family ${family} has no group ${GENL_EX_GROUP}\n`), 1;
      const me = sockaddr_nl_read(getsockname(fd) ?? new Uint8Array(12)).pid;
      if (bind(fd, sockaddr_nl(me, 1 << (g - 1))) < 0) return dprintf(2, `${PROG}: join group ${g}: ${strerror(errno)}\n`), 1;
      writeAll(1, `${PROG}: listening on ${GENL_EX_GROUP}\n`);
      for (let i = 0; i < count; i++) {
        const r = recvmsg(fd, 8192);
        if (!r) return dprintf(2, `${PROG}: recvmsg: ${strerror(errno)}\n`), 1;
        for (const m of nlmsg_parse_all(r.data).msgs) {
          const a = attrs_of(m).find((x) => x.nla_type === DOC_EXMPL_A_MSG);
          writeAll(1, `event: ${a ? nla_get_string(a) : '(no MSG)'}\n`);
        }
      }
      return 0;
    }
    const text = words.length ? words.join(' ') : 'hello';
    let attrs = [nla_string(DOC_EXMPL_A_MSG, text)];
    if (bad === '--no-msg') attrs = [];
    else if (bad === '--long') attrs = [nla_string(DOC_EXMPL_A_MSG, 'x'.repeat(300))];
    else if (bad === '--badattr') attrs = [nla_string(5, text)];
    else if (bad === '--lie-attr') {
      const a = nla_string(DOC_EXMPL_A_MSG, text);
      new DataView(a.buffer).setUint16(0, a.length + 40, true);
      attrs = [a];
    }
    const rep = request(id, DOC_EXMPL_C_ECHO, attrs);
    if (typeof rep === 'number') return dprintf(2, `${PROG}: ECHO: ${strerror(-rep)}\n`), 1;
    const msg = attrs_of(rep).find((a) => a.nla_type === DOC_EXMPL_A_MSG);
    writeAll(1, `${PROG}: reply: ${msg ? nla_get_string(msg) : '(no MSG)'}\n`);
    return 0;
  } finally {
    close(fd);
  }
}
