// polltest MODE: poll(2) from user space.
//   wake     two empty pipes; a child writes to the second after 100 ms: poll wakes with POLLIN on it only
//   timeout  one empty pipe, 50 ms timeout: poll returns 0 after about 50 ms
import { POLLIN } from '../uapi/poll.js';
import { clock_ms, close, pipe, poll, spawn, waitpid, type PollFd } from '../user/libc.js';
import { check, report } from './lib/report.js';

export default function main(argv: string[]): number {
  const a = pipe(), b = pipe();
  if (!a || !b) {
    check('pipe', -1);
    return 1;
  }
  const t0 = clock_ms();
  if (argv[1] === 'timeout') {
    check('poll', poll([{ fd: a[0], events: POLLIN }], 50));
    report('elapsed_ms', Math.round(clock_ms() - t0));
    return 0;
  }
  const pid = spawn('/bin/sh', ['sh', '-c', 'sleep 0.1; echo x'], undefined, [0, b[1], 2]);
  check('spawn', pid > 0 ? 0 : -1);
  close(b[1]);
  const fds: PollFd[] = [{ fd: a[0], events: POLLIN }, { fd: b[0], events: POLLIN }];
  check('poll', poll(fds, 5000));
  report('elapsed_ms', Math.round(clock_ms() - t0));
  report('revents0', fds[0].revents ?? -1);
  report('revents1', (fds[1].revents ?? 0) & POLLIN);
  if (pid > 0) waitpid(pid);
  return 0;
}
