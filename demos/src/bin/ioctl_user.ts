// ioctl_user [-e] [MESSAGE]: the user side of ioctl_ex. Sends MESSAGE to the driver (_IOW), reads the driver's
// message (_IOR), exchanges one in a single call (_IOWR), shows that an unknown command is ENOTTY, then
// waits with poll() on two descriptors (a pipe and the device) until the driver's timer posts a message.
// -e shows the driver's answers to bad input instead: a wild pointer, a message with no NUL in 200 bytes,
// a write of more than 200 bytes.
import { O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import { POLLIN } from '@urfs/emu-kernel/uapi/poll';
import { _IOR } from '@urfs/emu-kernel/uapi/ioctl';
import { open, close, ioctl, read, write, malloc, free, HEAP, cstr, errno, strerror, dprintf, pipe, poll, type PollFd }
  from '@urfs/emu-kernel/user/libc';
import {
  IOCTL_EX_NAME, IOCTL_EX_MSG_SIZE, IOCTL_EX_GET_MSG, IOCTL_EX_SET_MSG, IOCTL_EX_XCHG, IOCTL_EX_POST_LATER,
} from '../mechanisms/ioctl_ex_uapi.js';

const enc = new TextEncoder(), dec = new TextDecoder();

function fail(what: string): number {
  dprintf(2, `ioctl_user: ${what}: ${strerror(errno)}\n`);
  return 1;
}

function bad_input(fd: number): number {
  const buf = malloc(IOCTL_EX_MSG_SIZE + 1);
  HEAP.fill(0x41, buf, buf + IOCTL_EX_MSG_SIZE + 1);
  const show = (what: string, r: number) => dprintf(1, `${what}: ${r < 0 ? strerror(errno) : `returned ${r}`}\n`);
  show('IOCTL_EX_GET_MSG to a wild pointer', ioctl(fd, IOCTL_EX_GET_MSG, 0x7ffffff0));
  show('IOCTL_EX_SET_MSG of 200 bytes without a NUL', ioctl(fd, IOCTL_EX_SET_MSG, buf));
  show('write() of 201 bytes', write(fd, buf, IOCTL_EX_MSG_SIZE + 1));
  free(buf);
  close(fd);
  return 0;
}

export default function main(argv: string[]): number {
  const errors = argv[1] === '-e';
  if (errors) argv = [argv[0], ...argv.slice(2)];
  const text = argv[1] ?? 'Hello from user space (ioctl_user)';
  const bytes = enc.encode(text);
  if (bytes.length >= IOCTL_EX_MSG_SIZE) {
    dprintf(2, `ioctl_user: message too long (${bytes.length} bytes, at most ${IOCTL_EX_MSG_SIZE - 1})\n`);
    return 2;
  }
  const fd = open(`/dev/${IOCTL_EX_NAME}`, O_RDWR);
  if (fd < 0) return fail(`/dev/${IOCTL_EX_NAME}`);
  if (errors) return bad_input(fd);
  const buf = malloc(IOCTL_EX_MSG_SIZE);
  const fill = (b: Uint8Array) => {
    HEAP.fill(0, buf, buf + IOCTL_EX_MSG_SIZE);
    HEAP.set(b, buf);
  };
  try {
    fill(bytes);
    if (ioctl(fd, IOCTL_EX_SET_MSG, buf) < 0) return fail('IOCTL_EX_SET_MSG');
    dprintf(1, `sent (_IOW):     "${text}"\n`);

    fill(new Uint8Array(0));
    if (ioctl(fd, IOCTL_EX_GET_MSG, buf) < 0) return fail('IOCTL_EX_GET_MSG');
    dprintf(1, `received (_IOR): "${cstr(buf, IOCTL_EX_MSG_SIZE)}"\n`);

    fill(enc.encode('ping'));
    if (ioctl(fd, IOCTL_EX_XCHG, buf) < 0) return fail('IOCTL_EX_XCHG');
    dprintf(1, `exchanged (_IOWR): "ping" -> "${cstr(buf, IOCTL_EX_MSG_SIZE)}"\n`);

    const bogus = _IOR('k', 99, 4);
    const r = ioctl(fd, bogus, buf);
    dprintf(1, `unknown command 0x${bogus.toString(16)}: ${r < 0 ? strerror(errno) : `unexpected success ${r}`}\n`);

    // The message SET_MSG posted is pending: read() takes it.
    const n = read(fd, buf, IOCTL_EX_MSG_SIZE);
    if (n < 0) return fail('read');
    dprintf(1, `read():          "${dec.decode(HEAP.slice(buf, buf + n)).trimEnd()}"\n`);

    // Now wait on two descriptors: nothing comes down the pipe, the driver's timer wakes us.
    const p = pipe();
    if (!p) return fail('pipe');
    if (ioctl(fd, IOCTL_EX_POST_LATER, 100) < 0) return fail('IOCTL_EX_POST_LATER');
    const fds: PollFd[] = [{ fd: p[0], events: POLLIN }, { fd, events: POLLIN }];
    const k = poll(fds, 5000);
    if (k < 0) return fail('poll');
    dprintf(1, `poll(): ${k} ready: pipe ${fds[0].revents ? 'readable' : 'quiet'}, device ${fds[1].revents! & POLLIN ? 'readable' : 'quiet'}\n`);
    if (fds[1].revents! & POLLIN) {
      const m = read(fd, buf, IOCTL_EX_MSG_SIZE);
      if (m < 0) return fail('read');
      dprintf(1, `read():          "${dec.decode(HEAP.slice(buf, buf + m)).trimEnd()}"\n`);
    }
    close(p[0]);
    close(p[1]);
    return k === 1 && fds[1].revents! & POLLIN ? 0 : 1;
  } finally {
    free(buf);
    close(fd);
  }
}
