// sigtest MODE: signal delivery as a process sees it.
//   queue  blocks USR1, USR2, RTMIN+1, RTMIN+2; sends itself USR1 x3, USR2, RTMIN+2 (value 10), RTMIN+1
//          (values 1..4) and USR1 again; unblocks. Standard signals must coalesce, real-time ones queue
//          in order with their values. Reports "delivered=SIG:value,...", "usr1_count", "rt1_values"...
//   ign    ignores USR1 and sends it to itself: the process survives.
//   wait   handles USR1/USR2/TERM/RTMIN+3, prints "ready=1", sleeps 20 s in nanosleep: a signal must end the
//          sleep with EINTR after its handler ran ("sleep=EINTR", "got=...").
//   idle   as wait, but idles outside any system call (a timer): the handler must still run.
//   default prints "ready=1" and sleeps: the default action of what arrives decides the exit status.
//   pipe [restart]  handles USR1 (with SA_RESTART when asked; the handler reports "handled=USR1"), makes
//          a pipe (reports its write end as "wfd"), then reads it: "read=N" or "read=ERRNO" when the read
//          returns. Without SA_RESTART the signal ends the read with EINTR; with it the read goes on.
import * as NR from '../uapi/unistd.js';
import {
  SIGRTMIN, SIGUSR1, SIGUSR2, SIGTERM, SIG_BLOCK, SIG_SETMASK, SIG_IGN, SA_RESTART, SA_SIGINFO, signame,
} from '../uapi/signal.js';
import { errname } from '../uapi/errno.js';
import {
  HEAPV, calloc, errno, free, getpid, kill, nanosleep_ms, pipe, read, sigaction, sigqueue, syscall, type SigInfoT,
} from '../user/libc.js';
import { check, report } from './lib/report.js';

function sigprocmask(how: number, sigs: number[]): number {
  const p = calloc(8);
  let m = 0n;
  for (const s of sigs) m |= 1n << BigInt(s - 1);
  HEAPV.setBigUint64(p, m, true);
  try {
    return syscall(NR.__NR_rt_sigprocmask, how, p, 0, 8);
  } finally {
    free(p);
  }
}

export default async function main(argv: string[]): Promise<number> {
  const mode = argv[1] ?? 'queue';
  const got: { sig: number; info: SigInfoT }[] = [];
  const handler = (sig: number, info: SigInfoT) => void got.push({ sig, info });
  const fmt = () => got.map((g) => `${signame(g.sig)}:${g.info.si_int}`).join(',');
  const me = getpid();
  switch (mode) {
    case 'queue': {
      const sigs = [SIGUSR1, SIGUSR2, SIGRTMIN + 1, SIGRTMIN + 2];
      for (const s of sigs) sigaction(s, handler);
      check('block', sigprocmask(SIG_BLOCK, sigs));
      for (let i = 0; i < 3; i++) kill(me, SIGUSR1);
      kill(me, SIGUSR2);
      check('sigqueue', sigqueue(me, SIGRTMIN + 2, 10));
      for (let v = 1; v <= 4; v++) sigqueue(me, SIGRTMIN + 1, v);
      kill(me, SIGUSR1);
      report('while_blocked', got.length);
      check('unblock', sigprocmask(SIG_SETMASK, []));
      report('delivered', fmt());
      report('usr1_count', got.filter((g) => g.sig === SIGUSR1).length);
      report('rt1_values', got.filter((g) => g.sig === SIGRTMIN + 1).map((g) => g.info.si_int).join(','));
      report('rt2_values', got.filter((g) => g.sig === SIGRTMIN + 2).map((g) => g.info.si_int).join(','));
      report('rt_sender_ok', got.filter((g) => g.sig >= SIGRTMIN).every((g) => g.info.si_pid === me) ? 1 : 0);
      return 0;
    }
    case 'ign':
      sigaction(SIGUSR1, SIG_IGN);
      check('kill_self', kill(me, SIGUSR1));
      report('survived', 1);
      return 0;
    case 'wait': {
      for (const s of [SIGUSR1, SIGUSR2, SIGTERM, SIGRTMIN + 3]) sigaction(s, handler);
      report('ready', 1);
      check('sleep', nanosleep_ms(20000));
      report('got', fmt());
      return 0;
    }
    case 'idle': {
      for (const s of [SIGUSR1, SIGUSR2, SIGTERM]) sigaction(s, handler);
      report('ready', 1);
      const start = Date.now();
      while (!got.length && Date.now() - start < 20000) await new Promise((r) => setTimeout(r, 5));
      report('got', fmt());
      return 0;
    }
    case 'pipe': {
      const restart = argv[2] === 'restart';
      sigaction(SIGUSR1, (sig) => report('handled', signame(sig)), SA_SIGINFO | (restart ? SA_RESTART : 0));
      const p = pipe();
      if (!p) return report('error', 'pipe'), 1;
      report('wfd', p[1]);
      const buf = calloc(8);
      const n = read(p[0], buf, 8);
      report('read', n < 0 ? errname(errno) : n);
      return 0;
    }
    case 'default':
      report('ready', 1);
      nanosleep_ms(20000);
      report('slept', 1);
      return 0;
    default:
      report('error', `unknown mode ${mode}`);
      return 2;
  }
}
