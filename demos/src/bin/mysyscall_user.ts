// mysyscall_user [MESSAGE]: calls system call 548 (mysyscall, built into the kernel by its configuration)
// by number with MESSAGE in a buffer: the kernel prints the message and puts "hello world" in its place.
import { syscall, malloc, free, HEAP, cstr, errno, strerror, dprintf } from '@urfs/emu-kernel/user/libc';

const __NR_mysyscall = 548;
const BUFSZ = 256;

export default function main(argv: string[]): number {
  const msg = argv[1] ?? 'Hello from user space (mysyscall_user)';
  const b = new TextEncoder().encode(msg);
  if (b.length >= BUFSZ) {
    dprintf(2, `mysyscall_user: message too long (at most ${BUFSZ - 1} bytes)\n`);
    return 2;
  }
  const buf = malloc(BUFSZ);
  HEAP.fill(0, buf, buf + BUFSZ);
  HEAP.set(b, buf);
  try {
    dprintf(1, `before: "${cstr(buf, BUFSZ)}"\n`);
    if (syscall(__NR_mysyscall, buf, BUFSZ) < 0) {
      dprintf(2, `mysyscall_user: syscall ${__NR_mysyscall}: ${strerror(errno)}\n`);
      return 1;
    }
    dprintf(1, `after:  "${cstr(buf, BUFSZ)}"\n`);
    return 0;
  } finally {
    free(buf);
  }
}
