// poll(2) event bits (asm-generic/poll.h) and struct pollfd { int fd; short events; short revents; }.
export const POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010,
  POLLNVAL = 0x020, POLLRDNORM = 0x040, POLLRDBAND = 0x080, POLLWRNORM = 0x100, POLLWRBAND = 0x200;
/** The peer shut down writing (or closed): stream sockets. */
export const POLLRDHUP = 0x2000;
export const POLLFD_SIZE = 8;
