// relay_user [-n RECORDS] [-f] [-c CPU]: asks relay_ex to write RECORDS records (default 5) through its
// device's ioctl, optionally flushes (-f), then reads the CPU's relay file until it is empty and prints
// what it got and relay_ex's stats.
import { open, close, ioctl, readBytes, readFile, writeAll, dprintf, errno, strerror } from '@urfs/emu-kernel/user/libc';
import { O_RDONLY, O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { RELAY_EX_DEV, RELAY_EX_DIR, RELAY_EX_WRITE, RELAY_EX_FLUSH } from '../msg/relay_ex_abi.js';

const PROG = 'relay_user';

export default function main(argv: string[]): number {
  let n = 5, flush = false, cpu = 0, read_only = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '-n' || a === '-c') && i + 1 < argv.length) {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v)) return dprintf(2, `${PROG}: ${a}: bad number\n`), 2;
      if (a === '-n') n = v;
      else cpu = v;
    } else if (a === '-f') flush = true;
    else if (a === '-r') read_only = true;
    else return dprintf(2, `usage: ${PROG} [-n RECORDS] [-f] [-r] [-c CPU]\n`), 2;
  }
  const dev = open(RELAY_EX_DEV, O_RDWR);
  if (dev < 0) return dprintf(2, `${PROG}: ${RELAY_EX_DEV}: ${strerror(errno)}\n`), 1;
  try {
    if (!read_only && ioctl(dev, RELAY_EX_WRITE, n) < 0) return dprintf(2, `${PROG}: ioctl RELAY_EX_WRITE ${n}: ${strerror(errno)}\n`), 1;
    if (flush && ioctl(dev, RELAY_EX_FLUSH, 0) < 0) return dprintf(2, `${PROG}: ioctl RELAY_EX_FLUSH: ${strerror(errno)}\n`), 1;
  } finally {
    close(dev);
  }
  const path = `${RELAY_EX_DIR}/cpu${cpu}`;
  const fd = open(path, O_RDONLY);
  if (fd < 0) return dprintf(2, `${PROG}: ${path}: ${strerror(errno)}\n`), 1;
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
