// The text of /proc/<pid>/status, stat and statm (fs/proc/array.c), in Linux's formats so ps-like
// programs parse them unchanged.
import type { Task } from '../../kernel/task.js';
import { sigmask } from '../../kernel/task.js';
import { _NSIG } from '../../uapi/signal.js';
import { PAGE_SIZE } from '../../uapi/mman.js';
import { printk_state } from '../../kernel/printk.js';

/** Clock ticks per second in the times of /proc/<pid>/stat (USER_HZ). */
export const USER_HZ = 100;

/** One letter of the State field: R running, S sleeping in a call, D uninterruptible, t stopped by its tracer, Z zombie. */
export function task_state_letter(t: Task, reader_pid: number): string {
  if (t.exit_state === 'dead') return 'X';
  if (t.exit_state === 'zombie') return t.state === 'Z' ? 'Z' : 'D';
  if (t.state === 'D') return 'D';
  if (t.ptrace?.stop) return 't';
  // The reader of its own status is running (it is in read(2)); others in a call are waiting in the kernel.
  if (t.pid !== reader_pid && t.in_syscall) return 'S';
  return 'R';
}

const STATE_NAMES: Record<string, string> = {
  R: 'R (running)', S: 'S (sleeping)', D: 'D (disk sleep)', t: 't (tracing stop)', Z: 'Z (zombie)', X: 'X (dead)',
};

/** The size of the process's descriptor table as Linux would show it (grows in powers of two from 64). */
function fdsize(t: Task): number {
  let max = 0;
  t.files.fds.forEach((e, fd) => {
    if (e) max = fd + 1;
  });
  let n = 64;
  while (n < max) n *= 2;
  return n;
}

function sigset_hex(set: bigint): string {
  return (set & ((1n << 64n) - 1n)).toString(16).padStart(16, '0');
}

function signal_sets(t: Task): { pnd: bigint; ign: bigint; cgt: bigint } {
  let pnd = 0n, ign = 0n, cgt = 0n;
  for (const s of t.pending) pnd |= sigmask(s.si_signo);
  for (let sig = 1; sig <= _NSIG && sig < t.sighand.length; sig++) {
    const h = t.sighand[sig].handler;
    if (h === 1) ign |= sigmask(sig);
    else if (h > 1) cgt |= sigmask(sig);
  }
  return { pnd, ign, cgt };
}

function vm_kb(t: Task): { size: number; rss: number } {
  const size = t.exit_state === 'running' ? t.mm.size / 1024 : 0;
  const rss = t.exit_state === 'running' ? Math.ceil(t.mm.brk / PAGE_SIZE) * (PAGE_SIZE / 1024) : 0;
  return { size, rss };
}

/** /proc/<pid>/status. */
export function proc_pid_status(t: Task, reader_pid: number): string {
  const c = t.cred;
  const state = task_state_letter(t, reader_pid);
  const ppid = t.parent?.pid ?? 0;
  const { pnd, ign, cgt } = signal_sets(t);
  const vm = vm_kb(t);
  const kb = (n: number) => `${String(n).padStart(8, ' ')} kB`;
  const lines = [
    `Name:\t${t.comm}`,
    `Umask:\t${t.umask.toString(8).padStart(4, '0')}`,
    `State:\t${STATE_NAMES[state]}`,
    `Tgid:\t${t.pid}`,
    `Ngid:\t0`,
    `Pid:\t${t.pid}`,
    `PPid:\t${ppid}`,
    `TracerPid:\t0`,
    // real, effective, saved and file-system ids: this machine keeps no separate saved or fs ids, which
    // follow the effective one as after an exec.
    `Uid:\t${c.uid}\t${c.euid}\t${c.euid}\t${c.euid}`,
    `Gid:\t${c.gid}\t${c.egid}\t${c.egid}\t${c.egid}`,
    `FDSize:\t${fdsize(t)}`,
    `Groups:\t${c.groups.join(' ')}${c.groups.length ? ' ' : ''}`,
    `NStgid:\t${t.pid}`,
    `NSpid:\t${t.pid}`,
    `NSpgid:\t${t.pid}`,
    `NSsid:\t${t.pid}`,
  ];
  if (state !== 'Z') {
    lines.push(`VmPeak:\t${kb(vm.size)}`, `VmSize:\t${kb(vm.size)}`, `VmLck:\t${kb(0)}`, `VmPin:\t${kb(0)}`,
      `VmHWM:\t${kb(vm.rss)}`, `VmRSS:\t${kb(vm.rss)}`, `VmData:\t${kb(vm.rss)}`, `VmStk:\t${kb(0)}`,
      `VmExe:\t${kb(0)}`, `VmLib:\t${kb(0)}`, `VmSwap:\t${kb(0)}`);
  }
  lines.push(
    `Threads:\t1`,
    `SigQ:\t${t.pending.length}/63383`,
    `SigPnd:\t${sigset_hex(pnd)}`,
    `ShdPnd:\t${sigset_hex(0n)}`,
    `SigBlk:\t${sigset_hex(t.blocked)}`,
    `SigIgn:\t${sigset_hex(ign)}`,
    `SigCgt:\t${sigset_hex(cgt)}`,
    `CapInh:\t0000000000000000`,
    `CapPrm:\t${c.euid === 0 ? '000001ffffffffff' : '0000000000000000'}`,
    `CapEff:\t${c.euid === 0 ? '000001ffffffffff' : '0000000000000000'}`,
    `CapBnd:\t000001ffffffffff`,
    `CapAmb:\t0000000000000000`,
    `NoNewPrivs:\t0`,
    `Seccomp:\t0`,
    `Cpus_allowed_list:\t0`,
    `voluntary_ctxt_switches:\t0`,
    `nonvoluntary_ctxt_switches:\t0`,
  );
  return lines.join('\n') + '\n';
}

/** Milliseconds since boot, on the kernel's log clock. */
export function uptime_ms(): number {
  return printk_state().clock();
}

/** /proc/<pid>/stat: the 52 space-separated fields of proc(5). */
export function proc_pid_stat(t: Task, reader_pid: number, boot_ms: number): string {
  const state = task_state_letter(t, reader_pid);
  const vm = vm_kb(t);
  const { pnd, ign, cgt } = signal_sets(t);
  const start_ticks = Math.max(0, Math.round(((t.start_time - boot_ms) / 1000) * USER_HZ));
  const low = (b: bigint) => String(Number(b & 0xffffffffn));
  const f: (string | number)[] = [
    t.pid, `(${t.comm})`, state, t.parent?.pid ?? 0, t.pid, t.pid, 0, -1, 0x400000,
    0, 0, 0, 0, // minflt cminflt majflt cmajflt
    0, 0, 0, 0, // utime stime cutime cstime
    20, 0, 1, 0, // priority nice num_threads itrealvalue
    start_ticks, vm.size * 1024, vm.rss / 4, '18446744073709551615',
    0, 0, 0, 0, 0, // startcode endcode startstack kstkesp kstkeip
    low(pnd), low(t.blocked), low(ign), low(cgt),
    0, 0, 0, // wchan nswap cnswap
    17, 0, 0, 0, 0, 0, 0, // exit_signal processor rt_priority policy delayacct guest_time cguest_time
    0, 0, 0, 0, 0, 0, 0, // start_data end_data start_brk arg_start arg_end env_start env_end
    t.exit_state === 'running' ? 0 : t.exit_code,
  ];
  return f.join(' ') + '\n';
}

/** /proc/<pid>/statm: sizes in pages. */
export function proc_pid_statm(t: Task): string {
  const vm = vm_kb(t);
  const pages = (kb: number) => Math.round(kb / (PAGE_SIZE / 1024));
  return `${pages(vm.size)} ${pages(vm.rss)} 0 0 0 ${pages(vm.rss)} 0\n`;
}
