// mmap_user [-e] [MESSAGE]: the user side of mmap_ex. Maps the driver's page, reads the kernel's greeting
// straight from memory, writes MESSAGE there, asks the driver to look (ioctl MMAP_EX_PEEK) and reads its
// answer from the same memory: no read() or write() moves the data. -e shows the refused mappings instead
// (two pages, a private mapping).
import { O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '@urfs/emu-kernel/uapi/mman';
import { open, close, ioctl, mmap, munmap, HEAP, errno, strerror, dprintf } from '@urfs/emu-kernel/user/libc';
import { MMAP_EX_PATH, MMAP_EX_SIZE, MMAP_EX_PEEK, page_text, page_put } from '../mechanisms/mmap_ex_uapi.js';

function fail(what: string): number {
  dprintf(2, `mmap_user: ${what}: ${strerror(errno)}\n`);
  return 1;
}

export default function main(argv: string[]): number {
  const errors = argv[1] === '-e';
  const text = argv[errors ? 2 : 1] ?? 'Hello from user space (mmap_user)';
  const fd = open(MMAP_EX_PATH, O_RDWR);
  if (fd < 0) return fail(MMAP_EX_PATH);
  try {
    if (errors) {
      const show = (what: string, r: number) => dprintf(1, `${what}: ${r < 0 ? strerror(errno) : 'mapped'}\n`);
      show('mmap of two pages', mmap(0, 2 * MMAP_EX_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
      show('private mmap', mmap(0, MMAP_EX_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
      show('ioctl MMAP_EX_PEEK with nothing mapped', ioctl(fd, MMAP_EX_PEEK));
      return 0;
    }
    const addr = mmap(0, MMAP_EX_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr < 0) return fail('mmap');
    const page = HEAP.subarray(addr, addr + MMAP_EX_SIZE);
    dprintf(1, `mapped ${MMAP_EX_SIZE} bytes at 0x${addr.toString(16)}\n`);
    dprintf(1, `the kernel left:  "${page_text(page)}"\n`);
    page_put(page, text);
    dprintf(1, `wrote in place:   "${text}"\n`);
    if (ioctl(fd, MMAP_EX_PEEK) < 0) return fail('ioctl MMAP_EX_PEEK');
    dprintf(1, `the kernel wrote: "${page_text(page)}"\n`);
    if (munmap(addr, MMAP_EX_SIZE) < 0) return fail('munmap');
    return 0;
  } finally {
    close(fd);
  }
}
