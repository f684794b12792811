// udp_user [-p PORT] [-n COUNT] [MESSAGE]: sends MESSAGE (default "hello world") to 127.0.0.1:PORT
// (default 5555, udp_ex) COUNT times in a row, then prints each reply; gives up after 2 s without one.
import { socket, sendto, recvfrom, poll, close, writeAll, dprintf, errno, strerror } from '@urfs/emu-kernel/user/libc';
import { AF_INET, SOCK_DGRAM } from '@urfs/emu-kernel/uapi/socket';
import { INADDR_LOOPBACK, sockaddr_in, sockaddr_in_read, inet_ntoa } from '@urfs/emu-kernel/uapi/in';
import { POLLIN } from '@urfs/emu-kernel/uapi/poll';

const PROG = 'udp_user';

export default function main(argv: string[]): number {
  let port = 5555, count = 1;
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '-p' || a === '-n') && i + 1 < argv.length) {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || (a === '-p' && n > 65535)) return dprintf(2, `${PROG}: ${a}: bad number ${argv[i]}\n`), 2;
      if (a === '-p') port = n;
      else count = n;
    } else if (a.startsWith('-') && a.length > 1) return dprintf(2, `usage: ${PROG} [-p PORT] [-n COUNT] [MESSAGE]\n`), 2;
    else words.push(a);
  }
  const text = words.length ? words.join(' ') : 'hello world';
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return dprintf(2, `${PROG}: socket: ${strerror(errno)}\n`), 1;
  try {
    const to = sockaddr_in(INADDR_LOOPBACK, port);
    for (let i = 0; i < count; i++) {
      const msg = count > 1 ? `${text} ${i + 1}` : text;
      if (sendto(fd, new TextEncoder().encode(msg), 0, to) < 0) {
        return dprintf(2, `${PROG}: sendto 127.0.0.1:${port}: ${strerror(errno)}\n`), 1;
      }
    }
    for (let i = 0; i < count; i++) {
      const pfd = [{ fd, events: POLLIN }];
      if (poll(pfd, 2000) <= 0) return dprintf(2, `${PROG}: no reply from 127.0.0.1:${port}\n`), 1;
      const r = recvfrom(fd, 65536);
      if (!r) return dprintf(2, `${PROG}: recvfrom: ${strerror(errno)}\n`), 1;
      const from = sockaddr_in_read(r.addr);
      writeAll(1, `${PROG}: reply from ${inet_ntoa(from.addr)}:${from.port}: ${new TextDecoder().decode(r.data)}\n`);
    }
    return 0;
  } finally {
    close(fd);
  }
}
