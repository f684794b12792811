// unix_server [-s PATH] [-d DIR] [-n COUNT]: a descriptor broker on an AF_UNIX stream socket. It binds
// PATH (default /tmp/unix_demo.sock, connectable by everyone), and for each of COUNT connections
// (default 1) reads one request line naming a file in DIR (default /etc), opens it read-only with its
// own rights and passes the open descriptor back with SCM_RIGHTS, naming the client from SO_PEERCRED.
// A name with a slash or "..", or a file it cannot open, is refused with an "ERR" line and no descriptor.
import {
  socket, bind, listen, accept, close, open, umask, unlink, getsockopt, sendmsg, readBytes, dprintf, writeAll,
  errno, strerror,
} from '@urfs/emu-kernel/user/libc';
import { getopt } from '@urfs/emu-kernel/user/util/getopt';
import { AF_UNIX, SOCK_STREAM, SOL_SOCKET, SO_PEERCRED, MSG_NOSIGNAL } from '@urfs/emu-kernel/uapi/socket';
import { sockaddr_un } from '@urfs/emu-kernel/uapi/un';
import { O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';

const PROG = 'unix_server';
const USAGE = `Usage: ${PROG} [-s PATH] [-d DIR] [-n COUNT]
Passes read-only descriptors of files in DIR (default /etc) to clients of the AF_UNIX stream socket
PATH (default /tmp/unix_demo.sock), one per connection, COUNT connections (default 1), then exits.
`;
const enc = new TextEncoder();

function peer(fd: number): string {
  const b = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, 12);
  if (!b) return 'unknown peer';
  const v = new DataView(b.buffer);
  return `pid ${v.getInt32(0, true)} uid ${v.getUint32(4, true)}`;
}

/** Reads one request line (the client sends it in one write; a stream may still split it). */
function request(fd: number): string | null {
  let line = '';
  while (!line.includes('\n') && line.length < 256) {
    const b = readBytes(fd, 256);
    if (!b) return null;
    if (b.length === 0) break;
    line += new TextDecoder().decode(b);
  }
  return line.split('\n')[0];
}

function serve_one(c: number, dir: string): void {
  const who = peer(c);
  const name = request(c);
  if (name === null) return void dprintf(2, `${PROG}: read: ${strerror(errno)}\n`);
  if (!name || name.includes('/') || name === '..' || name === '.') {
    sendmsg(c, [enc.encode('ERR bad name\n')], MSG_NOSIGNAL);
    return void writeAll(1, `${PROG}: ${who} asked for ${JSON.stringify(name)}: refused\n`);
  }
  const fd = open(`${dir}/${name}`, O_RDONLY);
  if (fd < 0) {
    const why = strerror(errno);
    sendmsg(c, [enc.encode(`ERR ${why}\n`)], MSG_NOSIGNAL);
    return void writeAll(1, `${PROG}: ${who} asked for ${name}: ${why}\n`);
  }
  const r = sendmsg(c, [enc.encode('OK\n')], MSG_NOSIGNAL, null, [fd]);
  close(fd);
  if (r < 0) return void dprintf(2, `${PROG}: sendmsg: ${strerror(errno)}\n`);
  writeAll(1, `${PROG}: ${who} asked for ${name}: passed a descriptor\n`);
}

export default function main(argv: string[]): number {
  if (argv.includes('--help')) return writeAll(1, USAGE), 0;
  const o = getopt(argv, 's:d:n:');
  if (typeof o === 'string') return dprintf(2, `${PROG}: ${o}\n${USAGE}`), 2;
  const path = String(o.opts.get('s') ?? '/tmp/unix_demo.sock');
  const dir = String(o.opts.get('d') ?? '/etc');
  const count = Number(o.opts.get('n') ?? 1);
  if (!Number.isInteger(count) || count < 1) return dprintf(2, `${PROG}: -n: bad count\n`), 2;
  const s = socket(AF_UNIX, SOCK_STREAM, 0);
  if (s < 0) return dprintf(2, `${PROG}: socket: ${strerror(errno)}\n`), 1;
  // connect(2) needs write permission on the socket inode: bind makes it 0777 less the umask, so let
  // every user in.
  const old = umask(0);
  const b = bind(s, sockaddr_un(path));
  umask(old);
  if (b < 0) return dprintf(2, `${PROG}: bind ${path}: ${strerror(errno)}\n`), 1;
  try {
    if (listen(s, 8) < 0) return dprintf(2, `${PROG}: listen: ${strerror(errno)}\n`), 1;
    writeAll(1, `${PROG}: listening on ${path}, serving ${dir}\n`);
    for (let i = 0; i < count; i++) {
      const c = accept(s);
      if (c < 0) return dprintf(2, `${PROG}: accept: ${strerror(errno)}\n`), 1;
      serve_one(c, dir);
      close(c);
    }
    return 0;
  } finally {
    close(s);
    unlink(path);
  }
}
