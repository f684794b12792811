// nlmcast_user [-n COUNT] [-g GROUP] [-p PROTO]: joins a netlink multicast group (default: netlink_ex's
// group 1) and prints the first COUNT messages (default 1) broadcast to it.
import { socket, bind, recvmsg, close, writeAll, dprintf, errno, strerror } from '@urfs/emu-kernel/user/libc';
import { AF_NETLINK, SOCK_RAW } from '@urfs/emu-kernel/uapi/socket';
import { sockaddr_nl, sockaddr_nl_read } from '@urfs/emu-kernel/uapi/netlink';
import { NETLINK_EX, NLEX_GROUP } from '../msg/netlink_ex_abi.js';
import { nl_lines } from '../msg/nl_print.js';

const PROG = 'nlmcast_user';

export default function main(argv: string[]): number {
  let count = 1, group = NLEX_GROUP, proto = NETLINK_EX;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i], n = Number(argv[i + 1]);
    if ((a === '-n' || a === '-g' || a === '-p') && Number.isInteger(n)) {
      i++;
      if (a === '-n') count = n;
      else if (a === '-g') group = n;
      else proto = n;
    } else return dprintf(2, `usage: ${PROG} [-n COUNT] [-g GROUP] [-p PROTO]\n`), 2;
  }
  if (group < 1 || group > 32) return dprintf(2, `${PROG}: group must be 1..32\n`), 2;
  const fd = socket(AF_NETLINK, SOCK_RAW, proto);
  if (fd < 0) return dprintf(2, `${PROG}: socket(AF_NETLINK, SOCK_RAW, ${proto}): ${strerror(errno)}\n`), 1;
  try {
    // pid 0: the kernel picks the port id.
    if (bind(fd, sockaddr_nl(0, 1 << (group - 1))) < 0) return dprintf(2, `${PROG}: bind group ${group}: ${strerror(errno)}\n`), 1;
    writeAll(1, `${PROG}: listening on group ${group}\n`);
    for (let i = 0; i < count; i++) {
      const r = recvmsg(fd, 8192);
      if (!r) return dprintf(2, `${PROG}: recvmsg: ${strerror(errno)}\n`), 1;
      const from = sockaddr_nl_read(r.name);
      for (const l of nl_lines(r.data).lines) writeAll(1, `group ${group} from port ${from.pid}: ${l}\n`);
    }
    return 0;
  } finally {
    close(fd);
  }
}
