// ptracetest MODE: ptrace as a tracer and its tracee see it. The tracer modes start this program again as
// their tracee ("child ..." modes) and report what they saw as key=value lines.
//   syscalls  traces a child from PTRACE_TRACEME to its end: "first_stop", the calls seen at entry and at
//             exit ("calls"), the write's buffer read with PTRACE_PEEKDATA and process_vm_readv ("peek",
//             "vm_read"), its result ("write_ret") and the exit status ("exited")
//   setregs   changes the child's getpid at its entry stop into a skipped call with result 4242
//   signal    the child sends itself SIGUSR1 (handled): the tracer sees a signal-delivery-stop ("sigstop",
//             "si_pid") and suppresses it, so the child's handler never runs ("handled")
//   fork      the child spawns /bin/true with PTRACE_O_TRACEFORK: the fork event and its pid ("fork_event",
//             "event_pid"), the new tracee's first stop ("grandchild_stop") and end ("grandchild_exited")
//   attach PID   attaches to PID, reports its stop ("attach_stop"), detaches ("detach")
//   seize PID    seizes PID (no stop), interrupts it: a PTRACE_EVENT_STOP stop ("interrupt_event"), detaches
//   abandon PID  attaches to PID and exits with it stopped (the kernel must let it go)
//   hold      starts a child and leaves it in its first stop ("held=PID"); reports how it ended ("ended")
//   perm PID  tries to attach to PID ("attach=EPERM"), to itself and to an untraced process for PEEKDATA
//   child-syscalls | child-setregs | child-signal | child-fork: the tracee sides
import * as NR from '../uapi/unistd.js';
import {
  PTRACE_ATTACH, PTRACE_DETACH, PTRACE_EVENT_FORK, PTRACE_GETEVENTMSG, PTRACE_GETREGS, PTRACE_GETSIGINFO,
  PTRACE_O_TRACEFORK, PTRACE_O_TRACESYSGOOD, PTRACE_PEEKDATA, PTRACE_SETOPTIONS, PTRACE_SETREGS, PTRACE_SYSCALL,
  PTRACE_TRACEME, PTRACE_SEIZE, PTRACE_INTERRUPT, REG_ORIG_RAX, REG_RAX, REG_RDI, REG_RSI, REG_RDX, USER_REGS_SIZE,
} from '../uapi/ptrace.js';
import { SIGSTOP, SIGTRAP, SIGUSR1, signame } from '../uapi/signal.js';
import { __WALL, WNOHANG, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WIFSTOPPED, WSTOPSIG, WTERMSIG, W_PTRACE_EVENT } from '../uapi/wait.js';
import {
  HEAP, HEAPV, calloc, environ, free, getpid, kill, malloc, process_vm_readv, ptrace, sigaction, spawn, syscall, waitpid,
  writeAll, memcpy_from,
} from '../user/libc.js';
import { check, report, result } from './lib/report.js';

const SELF = '/usr/libexec/emu-test/ptracetest';
const regs = malloc(USER_REGS_SIZE);
const reg = (off: number): number => Number(HEAPV.getBigInt64(regs + off, true));
const set_reg = (off: number, v: number): void => HEAPV.setBigInt64(regs + off, BigInt(v), true);

/** The tracee's first step, as strace's fork child: be traced, then stop until the tracer is ready. */
function traceme(): void {
  ptrace(PTRACE_TRACEME, 0);
  kill(getpid(), SIGSTOP);
}

/** Starts a tracee and waits for its first stop; returns its pid. */
function start_child(mode: string, options = PTRACE_O_TRACESYSGOOD): number {
  const pid = spawn(SELF, ['ptracetest', mode], environ, [0, 1, 2]);
  const w = waitpid(pid, __WALL);
  report('first_stop', w && WIFSTOPPED(w[1]) ? signame(WSTOPSIG(w[1])) : `status_${w?.[1]}`);
  check('setoptions', ptrace(PTRACE_SETOPTIONS, pid, 0, options));
  return pid;
}

function trace_syscalls(): number {
  const pid = start_child('child-syscalls');
  const calls: string[] = [];
  let entering = true;
  ptrace(PTRACE_SYSCALL, pid, 0, 0);
  for (;;) {
    const w = waitpid(-1, __WALL);
    if (!w) break;
    const [, s] = w;
    if (WIFEXITED(s)) {
      report('exited', WEXITSTATUS(s));
      break;
    }
    if (WIFSTOPPED(s) && WSTOPSIG(s) === (SIGTRAP | 0x80)) {
      ptrace(PTRACE_GETREGS, pid, 0, regs);
      const nr = reg(REG_ORIG_RAX);
      calls.push(`${entering ? '>' : '<'}${nr}`);
      if (nr === NR.__NR_write && entering && reg(REG_RDI) === 1) {
        const word = malloc(8);
        check('peekdata', ptrace(PTRACE_PEEKDATA, pid, reg(REG_RSI), word));
        report('peek', new TextDecoder().decode(memcpy_from(word, 5)));
        free(word);
        const buf = malloc(64);
        const n = process_vm_readv(pid, buf, reg(REG_RSI), reg(REG_RDX));
        report('vm_read', n < 0 ? result(n) : new TextDecoder().decode(HEAP.slice(buf, buf + n)).trim());
        // A remote length far past any address space: the copy is bounded by the local buffer.
        const iov = calloc(32);
        HEAPV.setBigUint64(iov, BigInt(buf), true);
        HEAPV.setBigUint64(iov + 8, 64n, true);
        HEAPV.setBigUint64(iov + 16, BigInt(reg(REG_RSI)), true);
        HEAPV.setBigUint64(iov + 24, 2n ** 52n, true);
        check('vm_read_huge', syscall(NR.__NR_process_vm_readv, pid, iov, 1, iov + 16, 1, 0));
        free(iov);
        free(buf);
      }
      if (nr === NR.__NR_write && !entering && reg(REG_RDI) === 1) report('write_ret', reg(REG_RAX));
      entering = !entering;
    }
    ptrace(PTRACE_SYSCALL, pid, 0, 0);
  }
  report('calls', calls.join(','));
  return 0;
}

function trace_setregs(): number {
  const pid = start_child('child-setregs');
  let entering = true;
  ptrace(PTRACE_SYSCALL, pid, 0, 0);
  for (;;) {
    const w = waitpid(pid, __WALL);
    if (!w || WIFEXITED(w[1])) break;
    if (WSTOPSIG(w[1]) === (SIGTRAP | 0x80)) {
      ptrace(PTRACE_GETREGS, pid, 0, regs);
      if (reg(REG_ORIG_RAX) === NR.__NR_getpid && entering) {
        set_reg(REG_ORIG_RAX, -1);
        check('setregs_entry', ptrace(PTRACE_SETREGS, pid, 0, regs));
      } else if (reg(REG_ORIG_RAX) === -1 && !entering) {
        set_reg(REG_RAX, 4242);
        check('setregs_exit', ptrace(PTRACE_SETREGS, pid, 0, regs));
      }
      entering = !entering;
    }
    ptrace(PTRACE_SYSCALL, pid, 0, 0);
  }
  return 0;
}

function trace_signal(): number {
  const pid = start_child('child-signal');
  ptrace(PTRACE_SYSCALL, pid, 0, 0);
  for (;;) {
    const w = waitpid(pid, __WALL);
    if (!w || WIFEXITED(w[1])) break;
    const sig = WSTOPSIG(w[1]);
    if (sig === SIGUSR1) {
      report('sigstop', signame(sig));
      const si = calloc(128);
      ptrace(PTRACE_GETSIGINFO, pid, 0, si);
      report('si_pid_is_child', HEAPV.getInt32(si + 16, true) === pid ? 1 : 0);
      free(si);
      ptrace(PTRACE_SYSCALL, pid, 0, 0); // suppressed
      continue;
    }
    ptrace(PTRACE_SYSCALL, pid, 0, 0);
  }
  return 0;
}

function trace_fork(): number {
  const pid = start_child('child-fork', PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK);
  ptrace(PTRACE_SYSCALL, pid, 0, 0);
  let grandchild = -1, live = 1;
  while (live > 0) {
    const w = waitpid(-1, __WALL);
    if (!w) break;
    const [who, s] = w;
    if (WIFEXITED(s)) {
      live--;
      if (who === grandchild) report('grandchild_exited', WEXITSTATUS(s));
      continue;
    }
    if (W_PTRACE_EVENT(s) === PTRACE_EVENT_FORK) {
      report('fork_event', 1);
      const msg = malloc(8);
      ptrace(PTRACE_GETEVENTMSG, who, 0, msg);
      const child = Number(HEAPV.getBigUint64(msg, true));
      free(msg);
      report('event_pid_ok', grandchild < 0 || grandchild === child ? 1 : 0);
      if (grandchild < 0) {
        grandchild = child;
        live++;
      }
    } else if (who !== pid && WSTOPSIG(s) === SIGSTOP) {
      report('grandchild_stop', 'SIGSTOP');
      if (grandchild < 0) {
        grandchild = who;
        live++;
      }
    }
    ptrace(PTRACE_SYSCALL, who, 0, 0);
  }
  return 0;
}

function attach(pid: number, abandon: boolean): number {
  check('attach', ptrace(PTRACE_ATTACH, pid));
  const w = waitpid(pid, __WALL);
  report('attach_stop', w && WIFSTOPPED(w[1]) ? signame(WSTOPSIG(w[1])) : 'none');
  if (abandon) return 0;
  check('detach', ptrace(PTRACE_DETACH, pid, 0, 0));
  return 0;
}

function hold(): number {
  const pid = start_child('child-syscalls');
  report('held', pid);
  const w = waitpid(pid, __WALL);
  report('ended', !w ? 'none' : WIFSIGNALED(w[1]) ? signame(WTERMSIG(w[1])) : `status_${w[1]}`);
  return 0;
}

function seize(pid: number): number {
  check('seize', ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD));
  check('seize_nohang', waitpid(pid, __WALL | WNOHANG)?.[0] ?? -1);
  check('interrupt', ptrace(PTRACE_INTERRUPT, pid));
  const w = waitpid(pid, __WALL);
  report('interrupt_event', w && WIFSTOPPED(w[1]) ? W_PTRACE_EVENT(w[1]) : -1);
  check('detach', ptrace(PTRACE_DETACH, pid, 0, 0));
  return 0;
}

function perm(pid: number): number {
  check('attach', ptrace(PTRACE_ATTACH, pid));
  check('attach_self', ptrace(PTRACE_ATTACH, getpid()));
  const word = malloc(8);
  check('peek_untraced', ptrace(PTRACE_PEEKDATA, pid, 4096, word));
  return 0;
}

export default function main(argv: string[]): number {
  const mode = argv[1] ?? 'syscalls';
  switch (mode) {
    case 'syscalls': return trace_syscalls();
    case 'setregs': return trace_setregs();
    case 'signal': return trace_signal();
    case 'fork': return trace_fork();
    case 'attach': return attach(Number(argv[2]), false);
    case 'abandon': return attach(Number(argv[2]), true);
    case 'seize': return seize(Number(argv[2]));
    case 'perm': return perm(Number(argv[2]));
    case 'hold': return hold();
    case 'child-syscalls':
      traceme();
      syscall(NR.__NR_getppid);
      syscall(NR.__NR_emu_nop); // its result is no integer: the registers still hold it
      writeAll(1, 'hello\n');
      return 7;
    case 'child-setregs':
      traceme();
      report('getpid', syscall(NR.__NR_getpid));
      return 0;
    case 'child-signal': {
      let handled = 0;
      sigaction(SIGUSR1, () => { handled++; });
      traceme();
      kill(getpid(), SIGUSR1);
      report('handled', handled);
      return 0;
    }
    case 'child-fork': {
      traceme();
      const p = spawn('/bin/true', ['true']);
      report('spawned', p > 0 ? 1 : 0);
      waitpid(p);
      return 0;
    }
    default:
      writeAll(mode === '--help' ? 1 : 2, 'usage: ptracetest syscalls|setregs|signal|fork|attach PID|abandon PID|perm PID\n');
      return mode === '--help' ? 0 : 2;
  }
}
