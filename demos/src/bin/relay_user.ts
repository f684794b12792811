// relay_user [-n RECORDS] [-f] [-r] [-p] [-c CPU]: asks relay_ex to write RECORDS records (default 5)
// through its device's ioctl, optionally flushes (-f), then reads the CPU's relay file until it is empty
// and prints what it got and relay_ex's stats. -r only reads; -p opens the relay file first and shows
// poll(2) on it before the writes (nothing to read) and after them (POLLIN).
import { open, close, ioctl, readBytes, readFile, writeAll, dprintf, errno, strerror, poll, type PollFd } from '@urfs/emu-kernel/user/libc';
import { POLLIN } from '@urfs/emu-kernel/uapi/poll';
import { O_RDONLY, O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { RELAY_EX_DEV, RELAY_EX_DIR, RELAY_EX_WRITE, RELAY_EX_FLUSH } from '../msg/relay_ex_abi.js';

const PROG = 'relay_user';

export default function main(argv: string[]): number {
  let n = 5, flush = false, cpu = 0, read_only = false, show_poll = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '-n' || a === '-c') && i + 1 < argv.length) {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v)) return dprintf(2, `${PROG}: ${a}: bad number\n`), 2;
      if (a === '-n') n = v;
      else cpu = v;
    } else if (a === '-f') flush = true;
    else if (a === '-r') read_only = true;
    else if (a === '-p') show_poll = true;
    else return dprintf(2, `usage: ${PROG} [-n RECORDS] [-f] [-r] [-p] [-c CPU]\n`), 2;
  }
  const path = `${RELAY_EX_DIR}/cpu${cpu}`;
  const fd = open(path, O_RDONLY);
  if (fd < 0) return dprintf(2, `${PROG}: ${path}: ${strerror(errno)}\n`), 1;
  const ready = (timeout: number) => {
    const fds: PollFd[] = [{ fd, events: POLLIN }];
    const r = poll(fds, timeout);
    return r < 0 ? `error ${strerror(errno)}` : r === 0 ? 'nothing to read' : (fds[0].revents ?? 0) & POLLIN ? 'POLLIN' : 'other';
  };
  if (show_poll) writeAll(1, `poll before the writes: ${ready(0)}\n`);
  const dev = open(RELAY_EX_DEV, O_RDWR);
  if (dev < 0) return dprintf(2, `${PROG}: ${RELAY_EX_DEV}: ${strerror(errno)}\n`), 1;
  try {
    if (!read_only && ioctl(dev, RELAY_EX_WRITE, n) < 0) return dprintf(2, `${PROG}: ioctl RELAY_EX_WRITE ${n}: ${strerror(errno)}\n`), 1;
    if (flush && ioctl(dev, RELAY_EX_FLUSH, 0) < 0) return dprintf(2, `${PROG}: ioctl RELAY_EX_FLUSH: ${strerror(errno)}\n`), 1;
  } finally {
    close(dev);
  }
  if (show_poll) writeAll(1, `poll after the writes: ${ready(1000)}\n`);
  let got = '';
  for (;;) {
    const b = readBytes(fd, 100);
    if (b === null) return dprintf(2, `${PROG}: read ${path}: ${strerror(errno)}\n`), 1;
    if (!b.length) break;
    got += new TextDecoder().decode(b);
  }
  close(fd);
  writeAll(1, got);
  writeAll(1, `-- ${got.split('\n').filter(Boolean).length} records read from ${path}\n`);
  const stats = readFile(`${RELAY_EX_DIR}/stats`);
  if (stats !== null) writeAll(1, stats);
  return 0;
}
