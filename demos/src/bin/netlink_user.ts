// netlink_user [-a] [-d] [-t TYPE] [-s SEQ] [-p PROTO] [--lie] [--short] [--big] [TEXT]: talks to netlink_ex.
// Sends one request (NLEX_ECHO with TEXT by default; -d NLEX_DUMP; -t any type) to the kernel (port 0)
// and prints every message that comes back until the answer is complete. -a asks for an ACK. Bad input on
// purpose: --lie claims an nlmsg_len 64 bytes longer than sent, --short sends 8 bytes, --big sends a
// 128 KiB + 1 message (EMSGSIZE).
import {
  socket, bind, sendmsg, recvmsg, getsockname, close, writeAll, dprintf, errno, strerror, getpid,
} from '@urfs/emu-kernel/user/libc';
import { AF_NETLINK, SOCK_RAW } from '@urfs/emu-kernel/uapi/socket';
import {
  NLM_F_REQUEST, NLM_F_ACK, nlmsg_build, nlmsghdr_write, sockaddr_nl, sockaddr_nl_read,
} from '@urfs/emu-kernel/uapi/netlink';
import { NETLINK_EX, NLEX_ECHO, NLEX_DUMP } from '../msg/netlink_ex_abi.js';
import { nl_lines } from '../msg/nl_print.js';

const PROG = 'netlink_user';

export default function main(argv: string[]): number {
  let ack = false, type = NLEX_ECHO, seq = 1, proto = NETLINK_EX, mode: 'ok' | 'lie' | 'short' | 'big' = 'ok';
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-a') ack = true;
    else if (a === '-d') type = NLEX_DUMP;
    else if ((a === '-t' || a === '-s' || a === '-p') && i + 1 < argv.length) {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) return dprintf(2, `${PROG}: ${a}: not a number: ${argv[i]}\n`), 2;
      if (a === '-t') type = n;
      else if (a === '-s') seq = n;
      else proto = n;
    } else if (a === '--lie') mode = 'lie';
    else if (a === '--short') mode = 'short';
    else if (a === '--big') mode = 'big';
    else if (a.startsWith('-') && a.length > 1) return dprintf(2, `usage: ${PROG} [-a] [-d] [-t TYPE] [-s SEQ] [-p PROTO] [--lie|--short|--big] [TEXT]\n`), 2;
    else words.push(a);
  }
  const text = words.length ? words.join(' ') : 'hello kernel';
  const fd = socket(AF_NETLINK, SOCK_RAW, proto);
  if (fd < 0) return dprintf(2, `${PROG}: socket(AF_NETLINK, SOCK_RAW, ${proto}): ${strerror(errno)}\n`), 1;
  try {
    if (bind(fd, sockaddr_nl(getpid(), 0)) < 0) return dprintf(2, `${PROG}: bind: ${strerror(errno)}\n`), 1;
    const me = sockaddr_nl_read(getsockname(fd) ?? new Uint8Array(12)).pid;
    const payload = mode === 'big' ? new Uint8Array(128 * 1024 + 1 - 16) : new TextEncoder().encode(text);
    let msg = nlmsg_build({ nlmsg_type: type, nlmsg_flags: NLM_F_REQUEST | (ack ? NLM_F_ACK : 0), nlmsg_seq: seq, nlmsg_pid: me }, payload);
    if (mode === 'big') msg = msg.subarray(0, 128 * 1024 + 1);
    if (mode === 'lie') nlmsghdr_write(msg, 0, { nlmsg_len: msg.length + 64, nlmsg_type: type, nlmsg_flags: NLM_F_REQUEST, nlmsg_seq: seq, nlmsg_pid: me });
    if (mode === 'short') msg = msg.subarray(0, 8);
    writeAll(1, `${PROG}: port ${me} sends ${msg.length} bytes\n`);
    if (sendmsg(fd, [msg], 0, sockaddr_nl(0, 0)) < 0) return dprintf(2, `${PROG}: sendmsg: ${strerror(errno)}\n`), 1;
    let got_reply = false;
    for (;;) {
      const r = recvmsg(fd, 8192);
      if (!r) return dprintf(2, `${PROG}: recvmsg: ${strerror(errno)}\n`), 1;
      const { lines, end, multi } = nl_lines(r.data);
      for (const l of lines) writeAll(1, `recv: ${l}\n`);
      if (end) break;
      got_reply = true;
      if (!multi && !ack) break;
    }
    return got_reply || type === NLEX_DUMP ? 0 : 1;
  } finally {
    close(fd);
  }
}
