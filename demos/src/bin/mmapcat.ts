// mmapcat FILE...: writes each FILE to standard output as a private mapping of it shows it (mmap, then
// the mapped bytes), not as read() would: how a program that maps files sees them.
import { O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { MAP_PRIVATE, PROT_READ } from '@urfs/emu-kernel/uapi/mman';
import { open, close, fstat, mmap, munmap, HEAP, errno, strerror, dprintf, writeAll } from '@urfs/emu-kernel/user/libc';

const USAGE = 'usage: mmapcat FILE...\nWrites each FILE as a private read-only mapping of it shows it.\n';

function cat(path: string): number {
  const fd = open(path, O_RDONLY);
  if (fd < 0) return dprintf(2, `mmapcat: ${path}: ${strerror(errno)}\n`), 1;
  try {
    const st = fstat(fd);
    if (!st) return dprintf(2, `mmapcat: ${path}: ${strerror(errno)}\n`), 1;
    if (st.size === 0) return 0;
    const addr = mmap(0, st.size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (addr < 0) return dprintf(2, `mmapcat: ${path}: mmap: ${strerror(errno)}\n`), 1;
    writeAll(1, HEAP.slice(addr, addr + st.size));
    munmap(addr, st.size);
    return 0;
  } finally {
    close(fd);
  }
}

export default function main(argv: string[]): number {
  const files = argv.slice(1);
  if (files[0] === '--help') return writeAll(1, USAGE), 0;
  if (!files.length) return writeAll(2, USAGE), 2;
  let st = 0;
  for (const f of files) st |= cat(f);
  return st;
}
