// Process tracing (kernel/ptrace.c): a tracer attaches to a tracee, which then stops at the events the
// tracer asked for (system call entry and exit, signal delivery, fork and exec events); the tracer learns of
// each stop through wait4, reads the registers and memory of the stopped tracee, and resumes it.
//
// A tracee here is stopped by not answering its system call: its thread waits in the syscall instruction
// until the tracer resumes it. Stops that come while the tracee runs in user space (the attach stop, a
// signal) are reported at once; the tracee's next system call waits until the tracer has resumed it.
import { EFAULT, EINVAL, EIO, ENOSYS, EPERM, ESRCH } from '../uapi/errno.js';
import { SIGKILL, SIGSTOP, SIGTRAP, SI_KERNEL, SI_USER } from '../uapi/signal.js';
import {
  PTRACE_ATTACH, PTRACE_CONT, PTRACE_DETACH, PTRACE_EVENT_EXEC, PTRACE_EVENT_FORK, PTRACE_EVENT_STOP,
  PTRACE_GETEVENTMSG, PTRACE_GETREGS, PTRACE_GETSIGINFO, PTRACE_INTERRUPT, PTRACE_KILL, PTRACE_O_EXITKILL,
  PTRACE_O_MASK, PTRACE_O_TRACEEXEC, PTRACE_O_TRACEFORK, PTRACE_O_TRACESYSGOOD, PTRACE_PEEKDATA,
  PTRACE_PEEKTEXT, PTRACE_PEEKUSR, PTRACE_SEIZE, PTRACE_SETOPTIONS, PTRACE_SETREGS, PTRACE_SYSCALL,
  PTRACE_TRACEME, REG_ORIG_RAX, REG_RAX, SIGINFO_SIZE, SYSCALL_ARG_REGS, USER_REGS_SIZE,
} from '../uapi/ptrace.js';
import { __NR_emu_spawn, __NR_execve } from '../uapi/unistd.js';
import { W_STOPCODE } from '../uapi/wait.js';
import { CTRL_ARG0 } from '../uapi/syscall_abi.js';
import { find_task_by_vpid, type SigInfo, type Task } from './task.js';
import { UserPtr, copy_from_user, copy_to_user } from '../mm/uaccess.js';
import { SYSCALL_WORK_SYSCALL_TRACE, type SyscallArgs } from './entry_common.js';
import { __send_sig_info, send_sig_info, signal_set_ptrace, siginfo_fill } from './signal.js';

/** A stop the tracer has to resume; `reported` once wait4 has told the tracer of it. */
interface PtraceStop {
  status: number;
  reported: boolean;
  resume: (sig: number) => void;
}

/** The registers of the system call the tracee is in (or last made). */
interface SyscallRegs {
  nr: number;
  args: SyscallArgs;
  ret: number;
}

/** A tracee's side of the link (Linux keeps it in task_struct: ptrace, parent, ptrace_message, ...). */
export interface PtraceState {
  tracer: Task;
  options: number;
  seized: boolean;
  /** Resumed with PTRACE_SYSCALL: stop at the next entry or exit. */
  syscall: boolean;
  stop: PtraceStop | null;
  /** Stops waiting for the current one to be resumed, in order. */
  queue: (() => void)[];
  regs: SyscallRegs;
  siginfo: SigInfo;
  event_msg: number;
  /** The call in progress had an entry stop: its exit stops too (and only then, as the tracer counts). */
  entry_stopped: boolean;
  /** Signals that came while the tracee ran a call: their stops follow the call's exit stop. */
  deferred: SigInfo[];
  /** The control block an execve was called from: a new one at the next call means the exec succeeded. */
  exec_ctrl: Int32Array | null;
}

export function ptrace_init(): void {
  signal_set_ptrace(ptrace_signal);
}

function link(child: Task, tracer: Task, seized: boolean, options: number): PtraceState {
  const pt: PtraceState = { tracer, options, seized, syscall: false, stop: null, queue: [],
    regs: { nr: -1, args: [0, 0, 0, 0, 0, 0], ret: 0 },
    siginfo: { si_signo: 0, si_code: 0, si_pid: 0, si_uid: 0, si_int: 0 }, event_msg: 0, entry_stopped: false, deferred: [],
    exec_ctrl: null };
  // Attached in the middle of a call: its registers are those of the call, whose exit stop comes next.
  if (child.in_syscall && child.ctrl_f64) {
    const f = child.ctrl_f64;
    pt.regs = { nr: child.in_syscall, args: [f[CTRL_ARG0], f[CTRL_ARG0 + 1], f[CTRL_ARG0 + 2], f[CTRL_ARG0 + 3],
      f[CTRL_ARG0 + 4], f[CTRL_ARG0 + 5]], ret: -ENOSYS };
  }
  child.ptrace = pt;
  tracer.ptraced.add(child);
  child.syscall_work |= SYSCALL_WORK_SYSCALL_TRACE;
  return pt;
}

/** Ends the link: a stopped tracee runs on (with `sig` delivered), and its real parent may reap it. */
function unlink(child: Task, sig = 0): void {
  const pt = child.ptrace;
  if (!pt) return;
  child.ptrace = null;
  pt.tracer.ptraced.delete(child);
  child.syscall_work &= ~SYSCALL_WORK_SYSCALL_TRACE;
  const stop = pt.stop;
  pt.stop = null;
  stop?.resume(sig);
  for (const next of pt.queue.splice(0)) next();
  // Signals held for the end of a call are the tracee's again: delivered as if never traced.
  for (const si of pt.deferred.splice(0)) __send_sig_info(si.si_signo, si, child);
  if (child.exit_state !== 'running') child.parent?.wait_chldexit.wake();
}

/**
 * Stops the tracee with wait status `status` (and `si` for PTRACE_GETSIGINFO) once any earlier stop is
 * resumed; resolves with the signal the tracer resumed it with. Resolves -1 when no stop took place (the
 * link is gone or the tracee is dying): a signal that was to stop it is then delivered as if untraced.
 */
function ptrace_stop(t: Task, status: number, si: SigInfo): Promise<number> {
  const pt = t.ptrace;
  if (!pt || t.exit_state !== 'running') return Promise.resolve(-1);
  if (pt.stop) return new Promise<void>((r) => pt.queue.push(r)).then(() => ptrace_stop(t, status, si));
  return new Promise((resolve) => {
    const stop: PtraceStop = {
      status, reported: false,
      resume: (sig) => {
        if (pt.stop === stop) pt.stop = null;
        resolve(sig);
        pt.queue.shift()?.();
      },
    };
    pt.stop = stop;
    pt.siginfo = si;
    pt.tracer.wait_chldexit.wake();
  });
}

const trap_info = (code: number): SigInfo => ({ si_signo: SIGTRAP, si_code: code, si_pid: 0, si_uid: 0, si_int: 0 });

/** Waits until no stop holds the tracee (a call made while it is stopped waits for the tracer). */
async function wait_running(t: Task): Promise<void> {
  while (t.ptrace?.stop && t.exit_state === 'running') {
    const pt = t.ptrace;
    await new Promise<void>((r) => pt.queue.push(r));
    // Our turn in the queue may have been taken by a stop that is not ours: hand it on.
    if (pt.stop) continue;
    pt.queue.shift()?.();
  }
}

/** A signal the tracer resumed the tracee with is delivered now, bypassing the tracer. */
function deliver(t: Task, sig: number): void {
  if (sig <= 0 || t.exit_state !== 'running') return;
  const pt = t.ptrace;
  deliver_as(t, sig, pt && pt.siginfo.si_signo === sig ? pt.siginfo : { si_signo: sig, si_code: SI_KERNEL, si_pid: 0,
    si_uid: 0, si_int: 0 });
}

/** Delivers `sig`, with `si` when it is the signal that stopped the tracee. */
function deliver_as(t: Task, sig: number, si: SigInfo): void {
  if (sig < 0) sig = si.si_signo;
  if (!sig || t.exit_state !== 'running') return;
  __send_sig_info(sig, si.si_signo === sig ? si : { si_code: SI_KERNEL }, t);
}

function trap_status(pt: PtraceState): number {
  return W_STOPCODE(SIGTRAP | (pt.options & PTRACE_O_TRACESYSGOOD ? 0x80 : 0));
}

/** An event stop (PTRACE_EVENT_*) with its message. */
async function report_event(t: Task, pt: PtraceState, event: number, msg: number): Promise<void> {
  pt.event_msg = msg;
  deliver(t, await ptrace_stop(t, W_STOPCODE(SIGTRAP | (event << 8)), trap_info(SIGTRAP | (event << 8))));
}

/** The execve the tracee last called replaced its program: the exec event and the call's exit stop. */
async function report_exec(t: Task, pt: PtraceState): Promise<void> {
  pt.exec_ctrl = null;
  if (pt.options & PTRACE_O_TRACEEXEC) await report_event(t, pt, PTRACE_EVENT_EXEC, t.pid);
  if (pt.entry_stopped && t.ptrace === pt) {
    pt.entry_stopped = false;
    pt.regs.ret = 0;
    deliver(t, await ptrace_stop(t, trap_status(pt), trap_info(SIGTRAP | 0x80)));
  }
}

/** The stops of signals that came during the call, once it has returned (as Linux delivers on the way out). */
async function report_deferred(t: Task, pt: PtraceState): Promise<void> {
  while (pt.deferred.length && t.ptrace === pt && t.exit_state === 'running') {
    const si = pt.deferred.shift()!;
    deliver_as(t, await ptrace_stop(t, W_STOPCODE(si.si_signo), si), si);
  }
}

/** Syscall-entry stop. Returns the number to run (the tracer may have changed orig_rax), -1 to skip. */
export async function ptrace_report_syscall_entry(t: Task, nr: number, args: SyscallArgs): Promise<number> {
  await wait_running(t);
  let pt = t.ptrace;
  if (pt?.exec_ctrl && pt.exec_ctrl !== t.ctrl_i32) await report_exec(t, pt);
  if (t.ptrace?.deferred.length) await report_deferred(t, t.ptrace);
  pt = t.ptrace;
  if (!pt || t.exit_state !== 'running') return t.exit_state === 'running' ? nr : -1;
  pt.regs = { nr, args: [...args], ret: -ENOSYS };
  if (nr === __NR_execve) pt.exec_ctrl = t.ctrl_i32;
  pt.entry_stopped = pt.syscall;
  if (!pt.syscall) return nr;
  deliver(t, await ptrace_stop(t, trap_status(pt), trap_info(SIGTRAP | 0x80)));
  if (t.exit_state !== 'running') return -1;
  args.splice(0, 6, ...pt.regs.args);
  return pt.regs.nr;
}

/** Syscall-exit stop (after a fork event for a spawn the tracer follows). Returns the result to deliver. */
export async function ptrace_report_syscall_exit(t: Task, nr: number, ret: number): Promise<number> {
  await wait_running(t);
  const pt = t.ptrace;
  if (!pt || t.exit_state !== 'running') return ret;
  if (nr === __NR_execve) pt.exec_ctrl = null;
  pt.regs.ret = ret;
  if (nr === __NR_emu_spawn && ret > 0 && pt.options & PTRACE_O_TRACEFORK) await report_event(t, pt, PTRACE_EVENT_FORK, ret);
  if (!pt.entry_stopped || t.ptrace !== pt) {
    await report_deferred(t, pt);
    return pt.regs.ret;
  }
  pt.entry_stopped = false;
  deliver(t, await ptrace_stop(t, trap_status(pt), trap_info(SIGTRAP | 0x80)));
  await report_deferred(t, pt);
  return pt.regs.ret;
}

/** A stop while the tracee runs in user space: reported now, waited for by its next call. */
function stop_async(t: Task, status: number, si: SigInfo): void {
  void ptrace_stop(t, status, si).then((sig) => deliver(t, sig));
}

/** A new process of a tracee that follows forks is traced from birth, and starts stopped (ptrace_init_task). */
export function ptrace_init_task(child: Task, parent: Task | null): void {
  const pt = parent?.ptrace;
  if (!pt || !(pt.options & PTRACE_O_TRACEFORK)) return;
  const cpt = link(child, pt.tracer, pt.seized, pt.options);
  cpt.syscall = pt.syscall;
  const si: SigInfo = { si_signo: SIGSTOP, si_code: SI_USER, si_pid: 0, si_uid: 0, si_int: 0 };
  stop_async(child, pt.seized ? W_STOPCODE(SIGTRAP | (PTRACE_EVENT_STOP << 8)) : W_STOPCODE(SIGSTOP), si);
}

/** Signal-delivery-stop: a signal for a tracee goes to its tracer first (all but SIGKILL). */
function ptrace_signal(t: Task, si: SigInfo): boolean {
  const pt = t.ptrace;
  if (!pt || si.si_signo === SIGKILL) return false;
  // A call that is running (not stopped, not asleep) finishes first; the stop comes on its way out.
  if (t.in_syscall && !pt.stop && t.sigwaiters.size === 0) {
    pt.deferred.push(si);
    return true;
  }
  void ptrace_stop(t, W_STOPCODE(si.si_signo), si).then((sig) => deliver_as(t, sig, si));
  return true;
}

/** The tracee is dying: a stop holds it no more, and its tracer is told (the link stays until wait4). */
export function exit_ptrace_tracee(t: Task): void {
  const pt = t.ptrace;
  if (!pt) return;
  const stop = pt.stop;
  pt.stop = null;
  stop?.resume(0);
  for (const next of pt.queue.splice(0)) next();
  pt.tracer.wait_chldexit.wake();
}

/** The tracer is dying: its tracees are detached (or killed, with PTRACE_O_EXITKILL). */
export function exit_ptrace(tracer: Task): void {
  for (const t of [...tracer.ptraced]) {
    const kill = (t.ptrace?.options ?? 0) & PTRACE_O_EXITKILL;
    unlink(t);
    if (kill) send_sig_info(SIGKILL, { si_code: SI_KERNEL }, t);
  }
}

/** What wait4 may report of a tracee: an unreported stop, or its death. */
export interface PtraceWaitResult {
  pid: number;
  status: number;
}

/**
 * wait4's look at the caller's tracees (wait_task_stopped and the tracer's side of wait_task_zombie).
 * A stop is reported once. A dead tracee that is not the caller's child is reported and let go, so that
 * its real parent may reap it; one that is the caller's child is left to the ordinary reaping.
 */
export function ptrace_wait(tracer: Task, match: (t: Task) => boolean, consume: boolean): PtraceWaitResult | null {
  for (const t of tracer.ptraced) {
    if (!match(t)) continue;
    const pt = t.ptrace!;
    if (t.exit_state !== 'running') {
      if (t.state !== 'Z' && t.exit_state === 'zombie') continue;
      if (t.parent === tracer && t.exit_state === 'zombie') {
        if (consume) unlink(t);
        continue;
      }
      if (consume) unlink(t);
      return { pid: t.pid, status: t.exit_code };
    }
    if (pt.stop && !pt.stop.reported) {
      if (consume) pt.stop.reported = true;
      return { pid: t.pid, status: pt.stop.status };
    }
  }
  return null;
}

/** Whether a zombie child is still its tracer's to report (a real parent waits until the tracer let go). */
export function ptrace_holds_zombie(child: Task, parent: Task): boolean {
  return !!child.ptrace && child.ptrace.tracer !== parent;
}

/**
 * Who may trace whom (ptrace_may_access, simplified as Yama's ptrace_scope 1 does): root may trace any
 * process but init; anyone else only their own descendants running under their uid.
 */
export function ptrace_may_access(tracer: Task, t: Task): boolean {
  if (t.pid === 1 || t === tracer) return false;
  if (tracer.cred.euid === 0) return true;
  if (t.cred.uid !== tracer.cred.euid || t.cred.euid !== tracer.cred.euid) return false;
  for (let p = t.parent; p; p = p.parent) if (p === tracer) return true;
  return false;
}

function put_u64(task: Task, addr: number, v: bigint): number {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return copy_to_user(new UserPtr(task.mm, addr), b) ? -EFAULT : 0;
}

function regs_block(pt: PtraceState): Uint8Array {
  const b = new Uint8Array(USER_REGS_SIZE);
  const v = new DataView(b.buffer);
  // A result may be no integer (emu_clock's nanoseconds): a register holds its integer part.
  const set = (off: number, n: number) =>
    v.setBigUint64(off, BigInt.asUintN(64, Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n), true);
  set(REG_ORIG_RAX, pt.regs.nr);
  set(REG_RAX, pt.regs.ret);
  SYSCALL_ARG_REGS.forEach((off, i) => set(off, pt.regs.args[i]));
  return b;
}

/** Register values are integers of 64 bits; the machine's calls carry them as safe integers. */
function reg_value(v: DataView, off: number): number {
  const n = BigInt.asIntN(64, v.getBigUint64(off, true));
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : NaN;
}

function set_regs(pt: PtraceState, b: Uint8Array): number {
  const v = new DataView(b.buffer);
  const nr = reg_value(v, REG_ORIG_RAX), ret = reg_value(v, REG_RAX);
  const args = SYSCALL_ARG_REGS.map((off) => reg_value(v, off));
  if (![nr, ret, ...args].every(Number.isFinite)) return -EINVAL;
  pt.regs = { nr, ret, args: args as SyscallArgs };
  return 0;
}

function siginfo_block(si: SigInfo): Uint8Array {
  const b = new Uint8Array(SIGINFO_SIZE);
  siginfo_fill(b, si);
  return b;
}

/** ptrace(request, pid, addr, data): the raw call; PEEK requests store the word at `data`, as the kernel does. */
export function sys_ptrace(task: Task, request: number, pid: number, addr: number, data: number): number {
  if (request === PTRACE_TRACEME) {
    if (task.ptrace || !task.parent || task.parent.exit_state !== 'running') return -EPERM;
    link(task, task.parent, false, 0);
    return 0;
  }
  const t = find_task_by_vpid(pid);
  if (!t || t.exit_state !== 'running') return -ESRCH;
  if (request === PTRACE_ATTACH || request === PTRACE_SEIZE) {
    if (t.ptrace || !ptrace_may_access(task, t)) return -EPERM;
    if (request === PTRACE_SEIZE && (addr !== 0 || data & ~PTRACE_O_MASK)) return -EINVAL;
    link(t, task, request === PTRACE_SEIZE, request === PTRACE_SEIZE ? data : 0);
    if (request === PTRACE_ATTACH) {
      stop_async(t, W_STOPCODE(SIGSTOP),
        { si_signo: SIGSTOP, si_code: SI_USER, si_pid: task.pid, si_uid: task.cred.uid, si_int: 0 });
    }
    return 0;
  }
  const pt = t.ptrace;
  if (!pt || pt.tracer !== task) return -ESRCH;
  if (request === PTRACE_KILL) return send_sig_info(SIGKILL, { si_code: SI_KERNEL }, t);
  if (request === PTRACE_INTERRUPT) {
    if (!pt.seized) return -EIO;
    if (!pt.stop) stop_async(t, W_STOPCODE(SIGTRAP | (PTRACE_EVENT_STOP << 8)), trap_info(SIGTRAP | (PTRACE_EVENT_STOP << 8)));
    return 0;
  }
  if (request === PTRACE_DETACH) {
    if (!Number.isInteger(data) || data < 0 || data > 64) return -EIO;
    unlink(t, data);
    return 0;
  }
  // Everything else needs the tracee stopped (ptrace_check_attach).
  const stop = pt.stop;
  if (!stop) return -ESRCH;
  switch (request) {
    case PTRACE_SYSCALL:
    case PTRACE_CONT:
      if (!Number.isInteger(data) || data < 0 || data > 64) return -EIO;
      pt.syscall = request === PTRACE_SYSCALL;
      stop.resume(data);
      return 0;
    case PTRACE_SETOPTIONS:
      if (data & ~PTRACE_O_MASK) return -EINVAL;
      pt.options = data;
      return 0;
    case PTRACE_GETEVENTMSG:
      return put_u64(task, data, BigInt(pt.event_msg));
    case PTRACE_GETREGS:
      return copy_to_user(new UserPtr(task.mm, data), regs_block(pt)) ? -EFAULT : 0;
    case PTRACE_SETREGS: {
      const b = new Uint8Array(USER_REGS_SIZE);
      if (copy_from_user(b, new UserPtr(task.mm, data))) return -EFAULT;
      return set_regs(pt, b);
    }
    case PTRACE_GETSIGINFO:
      return copy_to_user(new UserPtr(task.mm, data), siginfo_block(pt.siginfo)) ? -EFAULT : 0;
    case PTRACE_PEEKTEXT:
    case PTRACE_PEEKDATA: {
      const b = new Uint8Array(8);
      if (copy_from_user(b, new UserPtr(t.mm, addr))) return -EIO;
      return put_u64(task, data, new DataView(b.buffer).getBigUint64(0, true));
    }
    case PTRACE_PEEKUSR: {
      if (!Number.isInteger(addr) || addr < 0 || addr > USER_REGS_SIZE - 8 || addr % 8) return -EIO;
      return put_u64(task, data, new DataView(regs_block(pt).buffer).getBigUint64(addr, true));
    }
    default:
      return -EIO;
  }
}
