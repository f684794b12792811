// Signals (kernel/signal.c). Default actions run in the kernel (a killed task's thread is terminated);
// user handlers run in the task's thread: the kernel queues the signal, flags the control block, ends
// any interruptible sleep with EINTR, and the user runtime fetches and runs the handler.
import { EINTR, EINVAL, EPERM, ERESTARTSYS, ESRCH, EFAULT } from '../uapi/errno.js';
import {
  SIGKILL, SIGSTOP, SIGRTMIN, _NSIG, SIG_DFL, SIG_IGN, SI_USER, SI_KERNEL, SIGCHLD, sig_default_kills,
  SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SA_RESETHAND, SA_RESTART,
} from '../uapi/signal.js';
import { CTRL_SIGPENDING, MSG_SIGNAL } from '../uapi/syscall_abi.js';
import { current, find_task_by_vpid, for_each_process, sigmask, type KSigAction, type SigInfo, type Task } from './task.js';
import { TRACE_SIGNAL_ALREADY_PENDING, TRACE_SIGNAL_DELIVERED, TRACE_SIGNAL_IGNORED, trace_signal_deliver,
  trace_signal_generate } from './trace/events/signal.js';
import { UserPtr, copy_to_user, copy_from_user } from '../mm/uaccess.js';

type ExitFn = (t: Task, status: number) => void;
let do_exit_hook: ExitFn = () => {};
/** exit.ts registers itself here (signal.ts must not import it: exit.ts sends SIGCHLD). */
export function signal_set_exit(fn: ExitFn): void {
  do_exit_hook = fn;
}

export function valid_signal(sig: number): boolean {
  return Number.isInteger(sig) && sig >= 1 && sig <= _NSIG;
}

/** Wakes the task out of an interruptible sleep and tells its thread to look for handlers. */
function signal_wake_up(t: Task): void {
  if (t.ctrl_i32) {
    Atomics.store(t.ctrl_i32, CTRL_SIGPENDING, 1);
  }
  for (const w of [...t.sigwaiters]) w();
  t.thread?.postMessage(MSG_SIGNAL);
}

type PtraceSignalFn = (t: Task, si: SigInfo) => boolean;
let ptrace_signal_hook: PtraceSignalFn = () => false;
/** ptrace.ts registers itself here: a traced task's signals go to its tracer first. */
export function signal_set_ptrace(fn: PtraceSignalFn): void {
  ptrace_signal_hook = fn;
}

/**
 * Delivers `sig` to `t` with `info`. Default actions that end a process end it here; handled signals
 * are queued (standard signals coalesce while pending, real-time ones queue in order with their values).
 * A traced task stops first (signal-delivery-stop); its tracer decides what is delivered.
 */
export function send_sig_info(sig: number, info: Partial<SigInfo>, t: Task): number {
  if (!valid_signal(sig)) return -EINVAL;
  if (t.exit_state !== 'running') return -ESRCH;
  if (t.ptrace && ptrace_signal_hook(t, siginfo_of(sig, info))) return 0;
  return __send_sig_info(sig, info, t);
}

function siginfo_of(sig: number, info: Partial<SigInfo>): SigInfo {
  return { si_signo: sig, si_code: info.si_code ?? SI_KERNEL, si_pid: info.si_pid ?? 0,
    si_uid: info.si_uid ?? 0, si_int: info.si_int ?? 0 };
}

/** Delivery itself, past any tracer (ptrace delivers what the tracer resumed a tracee with through it). */
export function __send_sig_info(sig: number, info: Partial<SigInfo>, t: Task): number {
  if (!valid_signal(sig)) return -EINVAL;
  if (t.exit_state !== 'running') return -ESRCH;
  const si = siginfo_of(sig, info);
  const r = send_signal(sig, si, t);
  if (trace_signal_generate.enabled) {
    trace_signal_generate.emit(current(), { sig, errno: 0, code: si.si_code, comm: t.comm, pid: t.pid, group: 0,
      result: r === KILLS ? TRACE_SIGNAL_DELIVERED : r });
  }
  if (r === KILLS) {
    trace_deliver(t, si, t.sighand[sig]);
    do_exit_hook(t, sig);
  }
  return 0;
}

/** What send_signal returns when the signal's default action ends the task (the caller then ends it). */
const KILLS = -1;

/** Queues the signal, or finds that it ends the task (KILLS); else what became of it (TRACE_SIGNAL_*). */
function send_signal(sig: number, si: SigInfo, t: Task): number {
  // SIGSTOP is not modelled as a stop: it is refused quietly rather than ending the task.
  if (sig === SIGKILL) return KILLS;
  if (sig === SIGSTOP) return TRACE_SIGNAL_IGNORED;
  const act = t.sighand[sig];
  if (act.handler === SIG_IGN) return TRACE_SIGNAL_IGNORED;
  const blocked = (t.blocked & sigmask(sig)) !== 0n;
  if (act.handler === SIG_DFL && !blocked) return sig_default_kills(sig) ? KILLS : TRACE_SIGNAL_IGNORED;
  if (sig < SIGRTMIN && t.pending.some((p) => p.si_signo === sig)) return TRACE_SIGNAL_ALREADY_PENDING;
  t.pending.push(si);
  if (!blocked) signal_wake_up(t);
  return TRACE_SIGNAL_DELIVERED;
}

/** signal_deliver: a signal handed to its handler or to the default action that ends the task. */
function trace_deliver(t: Task, si: SigInfo, act: KSigAction): void {
  if (trace_signal_deliver.enabled) {
    trace_signal_deliver.emit(t, { sig: si.si_signo, errno: 0, code: si.si_code, sa_handler: act.handler,
      sa_flags: act.flags });
  }
}

export function send_sig(sig: number, t: Task, priv: number): number {
  return send_sig_info(sig, { si_code: priv ? SI_KERNEL : SI_USER }, t);
}

/** May `from` signal `to`? Root, or the same real or effective uid. */
function kill_ok(from: Task, to: Task): boolean {
  const c = from.cred, d = to.cred;
  return c.euid === 0 || c.euid === d.uid || c.uid === d.uid || c.euid === d.euid;
}

/** kill(2): pid > 0 one task; -1 every task the caller may signal (but init and itself). */
export function sys_kill(task: Task, pid: number, sig: number): number {
  if (sig !== 0 && !valid_signal(sig)) return -EINVAL;
  const info = { si_code: SI_USER, si_pid: task.pid, si_uid: task.cred.uid };
  if (pid > 0) {
    const t = find_task_by_vpid(pid);
    if (!t || t.exit_state !== 'running') return -ESRCH;
    if (!kill_ok(task, t)) return -EPERM;
    return sig === 0 ? 0 : send_sig_info(sig, info, t);
  }
  if (pid === -1 || pid === 0) {
    let count = 0, err = -ESRCH;
    for (const t of [...for_each_process()]) {
      if (t.pid <= 1 || t === task || t.exit_state !== 'running') continue;
      if (!kill_ok(task, t)) {
        err = -EPERM;
        continue;
      }
      count++;
      if (sig) send_sig_info(sig, info, t);
    }
    return count ? 0 : err;
  }
  return -ESRCH;
}

/** rt_sigqueueinfo(2): a signal with a value (sigqueue). `uinfo` holds si_signo, si_errno, si_code, si_int at 24. */
export function sys_rt_sigqueueinfo(task: Task, pid: number, sig: number, uinfo: UserPtr): number {
  const b = new Uint8Array(128);
  if (copy_from_user(b, uinfo, 128)) return -EFAULT;
  const v = new DataView(b.buffer);
  const t = find_task_by_vpid(pid);
  if (!t || t.exit_state !== 'running') return -ESRCH;
  if (!kill_ok(task, t)) return -EPERM;
  return send_sig_info(sig, { si_code: v.getInt32(8, true), si_pid: task.pid, si_uid: task.cred.uid,
    si_int: v.getInt32(24, true) }, t);
}

/**
 * struct k_sigaction as this machine passes it: handler id (u64 at 0), flags (u64 at 8), mask (u64 at 24).
 * The handler id is the user runtime's index for its JavaScript function.
 */
export const SIGACTION_SIZE = 32;
export function sys_rt_sigaction(task: Task, sig: number, act: UserPtr, oact: UserPtr): number {
  if (!valid_signal(sig) || sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
  const cur = task.sighand[sig];
  if (!oact.isNull) {
    const b = new Uint8Array(SIGACTION_SIZE);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, BigInt(cur.handler), true);
    v.setBigUint64(8, BigInt(cur.flags >>> 0), true);
    v.setBigUint64(24, cur.mask, true);
    if (copy_to_user(oact, b)) return -EFAULT;
  }
  if (!act.isNull) {
    const b = new Uint8Array(SIGACTION_SIZE);
    if (copy_from_user(b, act)) return -EFAULT;
    const v = new DataView(b.buffer);
    task.sighand[sig] = { handler: Number(v.getBigUint64(0, true)), flags: Number(v.getBigUint64(8, true)),
      mask: v.getBigUint64(24, true) };
    if (task.sighand[sig].handler === SIG_IGN) task.pending = task.pending.filter((p) => p.si_signo !== sig);
  }
  return 0;
}

export function sys_rt_sigprocmask(task: Task, how: number, set: UserPtr, oset: UserPtr): number {
  const old = task.blocked;
  if (!set.isNull) {
    const b = new Uint8Array(8);
    if (copy_from_user(b, set)) return -EFAULT;
    const m = new DataView(b.buffer).getBigUint64(0, true) & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
    if (how === SIG_BLOCK) task.blocked |= m;
    else if (how === SIG_UNBLOCK) task.blocked &= ~m;
    else if (how === SIG_SETMASK) task.blocked = m;
    else return -EINVAL;
  }
  if (!oset.isNull) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, old, true);
    if (copy_to_user(oset, b)) return -EFAULT;
  }
  if (task.pending.some((p) => (task.blocked & sigmask(p.si_signo)) === 0n)) signal_wake_up(task);
  return 0;
}

/**
 * Which pending signal goes first (kernel/signal.c next_signal): the lowest unblocked number, so standard
 * signals come before real-time ones; several of one real-time signal leave in the order they came.
 */
function next_signal(task: Task): number {
  let best = -1;
  for (let k = 0; k < task.pending.length; k++) {
    const sig = task.pending[k].si_signo;
    if ((task.blocked & sigmask(sig)) !== 0n) continue;
    if (best < 0 || sig < task.pending[best].si_signo) best = k;
  }
  return best;
}

/** A siginfo as user space reads it: si_signo at 0, si_code 8, si_pid 16, si_uid 20, si_int 24. */
export function siginfo_fill(b: Uint8Array, si: SigInfo): void {
  const v = new DataView(b.buffer, b.byteOffset);
  v.setInt32(0, si.si_signo, true);
  v.setInt32(8, si.si_code, true);
  v.setInt32(16, si.si_pid, true);
  v.setInt32(20, si.si_uid, true);
  v.setInt32(24, si.si_int, true);
}

/**
 * Not Linux (emu_sigfetch): hands the next deliverable signal to the user runtime. Writes siginfo
 * (si_signo 0, si_code 8, si_pid 16, si_uid 20, si_int 24; 32 bytes) and the handler id (u64 at 32),
 * and returns the signal number, or 0 when none is left. Default actions of unblocked signals whose
 * handler was reset meanwhile are applied here.
 */
export function sys_emu_sigfetch(task: Task, uinfo: UserPtr): number {
  for (;;) {
    const i = next_signal(task);
    if (i < 0) break;
    const [si] = task.pending.splice(i, 1);
    const act = task.sighand[si.si_signo];
    if (act.handler === SIG_IGN) continue;
    if (act.handler === SIG_DFL) {
      if (sig_default_kills(si.si_signo)) {
        trace_deliver(task, si, act);
        do_exit_hook(task, si.si_signo);
        return 0;
      }
      continue;
    }
    const b = new Uint8Array(40);
    siginfo_fill(b, si);
    new DataView(b.buffer).setBigUint64(32, BigInt(act.handler), true);
    if (copy_to_user(uinfo, b)) {
      task.pending.splice(i, 0, si); // a bad buffer must not lose the signal
      return -EFAULT;
    }
    trace_deliver(task, si, act);
    if (act.flags & SA_RESETHAND) task.sighand[si.si_signo] = { handler: SIG_DFL, flags: 0, mask: 0n };
    if (!task.pending.some((p) => (task.blocked & sigmask(p.si_signo)) === 0n) && task.ctrl_i32) {
      Atomics.store(task.ctrl_i32, CTRL_SIGPENDING, 0);
    }
    return si.si_signo;
  }
  if (task.ctrl_i32) Atomics.store(task.ctrl_i32, CTRL_SIGPENDING, 0);
  return 0;
}

/**
 * What an interrupted call (-ERESTARTSYS) returns: itself, which the user runtime restarts once the
 * handlers ran, when the first signal to be handled asked for SA_RESTART or none will be handled; -EINTR
 * when it did not (Linux's handle_signal and restart_syscall).
 */
export function syscall_restart_result(task: Task): number {
  const i = next_signal(task);
  if (i < 0) return -ERESTARTSYS;
  const act = task.sighand[task.pending[i].si_signo];
  if (act.handler === SIG_DFL || act.handler === SIG_IGN) return -ERESTARTSYS;
  return act.flags & SA_RESTART ? -ERESTARTSYS : -EINTR;
}

/** SIGCHLD to a parent; ignored unless it installed a handler (the default action is to ignore). */
export function do_notify_parent(child: Task, parent: Task): void {
  if (parent.sighand[SIGCHLD].handler > SIG_IGN) {
    send_sig_info(SIGCHLD, { si_code: 1, si_pid: child.pid, si_uid: child.cred.uid }, parent);
  }
}
