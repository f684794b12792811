// unix_client [-s PATH] NAME: asks unix_server on the AF_UNIX socket PATH (default /tmp/unix_demo.sock)
// for the file NAME, receives the open descriptor it passes (SCM_RIGHTS) and copies the file to stdout
// through it: the client reads a file its own rights may not open.
import {
  socket, connect, close, writeAll, dprintf, recvmsg, readAll, fstat, errno, strerror,
} from '@urfs/emu-kernel/user/libc';
import { getopt } from '@urfs/emu-kernel/user/util/getopt';
import { AF_UNIX, SOCK_STREAM, MSG_CTRUNC } from '@urfs/emu-kernel/uapi/socket';
import { sockaddr_un } from '@urfs/emu-kernel/uapi/un';

const PROG = 'unix_client';
const USAGE = `Usage: ${PROG} [-s PATH] NAME
Asks unix_server on the AF_UNIX socket PATH (default /tmp/unix_demo.sock) for the file NAME and copies
it to stdout through the descriptor the server passes back.
`;

export default function main(argv: string[]): number {
  if (argv.includes('--help')) return writeAll(1, USAGE), 0;
  const o = getopt(argv, 's:');
  if (typeof o === 'string' || o.operands.length !== 1) {
    return dprintf(2, `${PROG}: ${typeof o === 'string' ? o : 'one NAME expected'}\n${USAGE}`), 2;
  }
  const path = String(o.opts.get('s') ?? '/tmp/unix_demo.sock');
  const s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0) return dprintf(2, `${PROG}: socket: ${strerror(errno)}\n`), 1;
  try {
    if (connect(s, sockaddr_un(path)) < 0) return dprintf(2, `${PROG}: connect ${path}: ${strerror(errno)}\n`), 1;
    if (writeAll(s, `${o.operands[0]}\n`) < 0) return dprintf(2, `${PROG}: write: ${strerror(errno)}\n`), 1;
    const r = recvmsg(s, 256, 0, 1);
    if (!r) return dprintf(2, `${PROG}: recvmsg: ${strerror(errno)}\n`), 1;
    const reply = new TextDecoder().decode(r.data).trim();
    if (r.msg_flags & MSG_CTRUNC) return dprintf(2, `${PROG}: descriptors were dropped (MSG_CTRUNC)\n`), 1;
    if (!reply.startsWith('OK') || r.fds.length !== 1) {
      return dprintf(2, `${PROG}: ${o.operands[0]}: ${reply.replace(/^ERR /, '') || 'no reply'}\n`), 1;
    }
    const fd = r.fds[0];
    const st = fstat(fd);
    dprintf(2, `${PROG}: got descriptor ${fd} (inode ${st?.ino ?? '?'}, ${st?.size ?? '?'} bytes)\n`);
    const data = readAll(fd);
    close(fd);
    if (!data) return dprintf(2, `${PROG}: read: ${strerror(errno)}\n`), 1;
    writeAll(1, data);
    return 0;
  } finally {
    close(s);
  }
}
