// signal_user [-p PID]: installs SA_SIGINFO handlers for SIGUSR1 and SIGRTMIN+1, writes its pid to
// signal_ex's debugfs file and prints each signal it receives with its si_int value: the real-time values
// arrive queued in order, the three SIGUSR1s coalesce into one. -p writes another pid instead (to show
// the module's answer for a pid that does not exist: ESRCH, nothing sent).
import { sigaction, open, close, writeAll, dprintf, errno, strerror, getpid, nanosleep_ms, type SigInfoT } from '@urfs/emu-kernel/user/libc';
import { O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { SA_SIGINFO, signame } from '@urfs/emu-kernel/uapi/signal';
import { SIGNAL_EX_PID_FILE, SIGNAL_EX_RT, SIGNAL_EX_RT_VALUES, SIGNAL_EX_STD } from '../msg/signal_ex_abi.js';

export default function main(argv: string[]): number {
  const file = SIGNAL_EX_PID_FILE;
  let target: string | null = null;
  if (argv[1] === '-p' && argv[2] !== undefined) target = argv[2];
  else if (argv.length > 1) return dprintf(2, 'usage: signal_user [-p PID]\n'), 2;
  const got: SigInfoT[] = [];
  const handler = (_sig: number, info: SigInfoT): void => {
    got.push(info);
  };
  if (sigaction(SIGNAL_EX_STD, handler, SA_SIGINFO) < 0 || sigaction(SIGNAL_EX_RT, handler, SA_SIGINFO) < 0) {
    dprintf(2, `signal_user: sigaction: ${strerror(errno)}\n`);
    return 1;
  }
  const fd = open(file, O_WRONLY);
  if (fd < 0) {
    dprintf(2, `signal_user: ${file}: ${strerror(errno)}\n`);
    return 1;
  }
  const pid = getpid();
  const w = writeAll(fd, `${target ?? pid}\n`);
  const werr = errno;
  close(fd);
  if (w < 0) {
    dprintf(2, `signal_user: write ${target ?? pid} to ${file}: ${strerror(werr)}\n`);
    return 1;
  }
  // Handlers run when a system call returns; give stragglers a moment.
  for (let i = 0; i < 20 && got.length < SIGNAL_EX_RT_VALUES.length + 1; i++) nanosleep_ms(10);
  writeAll(1, `signal_user: pid ${pid}, ${got.length} signals delivered\n`);
  for (const s of got) writeAll(1, `SIG${signame(s.si_signo)} si_code ${s.si_code} si_int ${s.si_int}\n`);
  return 0;
}
