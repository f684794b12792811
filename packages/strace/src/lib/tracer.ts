// The tracing loop: waits for the tracees' stops, prints a line per system call (its arguments at entry,
// what the call wrote and its result at exit), one per signal and one per exit, and resumes them.
import {
  ptrace, waitpid, process_vm_readv, malloc, free, HEAPV, HEAP, errno, clock_ms, writeAll,
} from '@urfs/emu-kernel/user/libc';
import {
  PTRACE_DETACH, PTRACE_EVENT_FORK, PTRACE_GETEVENTMSG, PTRACE_GETREGS, PTRACE_GETSIGINFO,
  PTRACE_O_EXITKILL, PTRACE_O_TRACEEXEC, PTRACE_O_TRACEFORK, PTRACE_O_TRACESYSGOOD, PTRACE_SETOPTIONS,
  PTRACE_SYSCALL, REG_ORIG_RAX, REG_RAX, SYSCALL_ARG_REGS, USER_REGS_SIZE, SIGINFO_SIZE,
} from '@urfs/emu-kernel/uapi/ptrace';
import { __WALL, WIFEXITED, WIFSIGNALED, WIFSTOPPED, WEXITSTATUS, WSTOPSIG, WTERMSIG, W_PTRACE_EVENT } from '@urfs/emu-kernel/uapi/wait';
import { SIGSTOP, SIGTRAP, SIGCHLD } from '@urfs/emu-kernel/uapi/signal';
import { EINTR, ECHILD } from '@urfs/emu-kernel/uapi/errno';
import * as NR from '@urfs/emu-kernel/uapi/unistd';
import { AF_NETLINK } from '@urfs/emu-kernel/uapi/socket';
import { syscall_desc } from '../syscalls.js';
import { arg_shown, first_out_arg, format_arg, format_arg_update, type DecodeCtx, type FdInfo } from './args.js';
import { format_ret, pad_to_result, sig_name } from './format.js';
import { GenlFamilies } from './netlink.js';
import { CallSummary } from './summary.js';
import type { TraceSet } from './filter.js';
import type { TraceeMemory } from './memory.js';

export interface TraceOptions {
  follow: boolean;
  timing: boolean;
  summary: boolean;
  strsize: number;
  trace: TraceSet;
  /** Where the trace goes (stderr, or the -o file). */
  out: number;
  /** Tracees started by strace are killed with it; attached ones are let go. */
  exitkill: boolean;
  /** Every line starts with the pid (-f with -o FILE, as strace writes a file). */
  pid_prefix: boolean;
}

interface Tracee {
  pid: number;
  started: boolean;
  in_syscall: boolean;
  nr: number;
  args: number[];
  t0: number;
  /** The start of the call's line, written at entry, until its end is written. */
  head: string | null;
  out_from: number;
  fds: Map<number, FdInfo>;
}

const SIGTRAP_SYSGOOD = SIGTRAP | 0x80;
const SI_CODES: Record<number, string> = { 0: 'SI_USER', 0x80: 'SI_KERNEL', [-1]: 'SI_QUEUE', [-6]: 'SI_TKILL' };
const CLD_CODES: Record<number, string> = { 1: 'CLD_EXITED', 2: 'CLD_KILLED', 3: 'CLD_DUMPED', 4: 'CLD_TRAPPED', 5: 'CLD_STOPPED', 6: 'CLD_CONTINUED' };

export class Tracer {
  private readonly tracees = new Map<number, Tracee>();
  private readonly families = new GenlFamilies();
  private readonly summary = new CallSummary();
  /** The tracee whose call line is begun but not ended in the output. */
  private open: Tracee | null = null;
  private readonly regs = malloc(USER_REGS_SIZE);
  private readonly word = malloc(SIGINFO_SIZE);
  private scratch = 0;
  private scratch_len = 0;
  interrupted = false;

  constructor(private readonly opt: TraceOptions) {}

  private options(): number {
    return PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | (this.opt.follow ? PTRACE_O_TRACEFORK : 0) |
      (this.opt.exitkill ? PTRACE_O_EXITKILL : 0);
  }

  /** Starts following `pid` (a traced child or an attached process), whose first stop is expected next. */
  add(pid: number, fds: Map<number, FdInfo> = new Map(), started = false): Tracee {
    let t = this.tracees.get(pid);
    if (!t) {
      t = { pid, started, in_syscall: false, nr: -1, args: [], t0: 0, head: null, out_from: 0, fds };
      this.tracees.set(pid, t);
    } else if (fds.size && !t.fds.size) {
      t.fds = fds;
    }
    return t;
  }

  get count(): number {
    return this.tracees.size;
  }

  private write(s: string): void {
    writeAll(this.opt.out, s);
  }

  private prefix(t: Tracee): string {
    if (this.opt.pid_prefix) return `${String(t.pid).padEnd(5)} `;
    return this.tracees.size > 1 ? `[pid ${String(t.pid).padStart(5)}] ` : '';
  }

  /** Ends the open line of another tracee (`<unfinished ...>`) before anything else is printed. */
  private close_open(except: Tracee | null = null): void {
    const o = this.open;
    if (!o || o === except) return;
    if (o.head !== null) this.write(' <unfinished ...>\n');
    o.head = null;
    this.open = null;
  }

  private line(t: Tracee, s: string): void {
    this.close_open();
    this.write(this.prefix(t) + s + '\n');
  }

  private memory(pid: number): TraceeMemory {
    return {
      read: (addr, len) => {
        if (!Number.isSafeInteger(addr) || addr <= 0 || len <= 0) return len === 0 ? new Uint8Array(0) : null;
        if (len > this.scratch_len) {
          if (this.scratch) free(this.scratch);
          this.scratch_len = Math.max(len, 4096);
          this.scratch = malloc(this.scratch_len);
        }
        // A range running past the end of the tracee's memory is read in shorter pieces.
        for (let n = len; n >= 1; n = Math.floor(n / 2)) {
          const r = process_vm_readv(pid, this.scratch, addr, n);
          if (r > 0) return HEAP.slice(this.scratch, this.scratch + r);
        }
        return null;
      },
    };
  }

  private ctx(t: Tracee, ret: number, exiting: boolean): DecodeCtx {
    return { mem: this.memory(t.pid), args: t.args, ret, exiting, strsize: this.opt.strsize, fd: (fd) => t.fds.get(fd),
      families: this.families };
  }

  private format_args(t: Tracee, from: number, to: number, ctx: DecodeCtx): string[] {
    const d = syscall_desc(t.nr);
    const out: string[] = [];
    for (let i = from; i < to && i < d.args.length; i++) {
      if (arg_shown(d.args[i], i, d.args, t.args)) out.push(format_arg(d.args[i], i, ctx));
    }
    return out;
  }

  private syscall_entry(t: Tracee, nr: number, args: number[]): void {
    t.in_syscall = true;
    t.nr = nr;
    t.args = args;
    t.t0 = clock_ms();
    if (this.opt.summary || !this.opt.trace(nr)) return;
    const d = syscall_desc(nr);
    const k = first_out_arg(d.args);
    const parts = this.format_args(t, 0, k, this.ctx(t, 0, false));
    t.out_from = k;
    const more = k < d.args.length && parts.length > 0 ? ', ' : '';
    this.close_open();
    // Written now, as strace does: a call that blocks shows while it waits.
    t.head = `${this.prefix(t)}${d.name}(${parts.join(', ')}${more}`;
    this.write(t.head);
    this.open = t;
  }

  private syscall_exit(t: Tracee, ret: number): void {
    t.in_syscall = false;
    const elapsed = (clock_ms() - t.t0) / 1000;
    this.track_fds(t, ret);
    if (this.opt.summary) {
      this.summary.add(syscall_desc(t.nr).name, elapsed, ret);
      return;
    }
    if (!this.opt.trace(t.nr)) return;
    const d = syscall_desc(t.nr);
    const ctx = this.ctx(t, ret, true);
    const updates = d.args.slice(0, t.out_from).map((k, i) => format_arg_update(k, i, ctx)).filter((u) => u !== null);
    const rest = updates.map((u) => ` => ${u}`).join('') + this.format_args(t, t.out_from, d.args.length, ctx).join(', ');
    // The line goes on where its start was written, or starts again as `<... NAME resumed>`.
    let head: string, written: string;
    if (this.open === t && t.head !== null) {
      head = t.head;
      written = '';
    } else {
      this.close_open();
      head = written = `${this.prefix(t)}<... ${d.name} resumed>`;
    }
    t.head = null;
    if (this.open === t) this.open = null;
    let s = pad_to_result(`${head}${rest}) `) + `= ${format_ret(ret, d.ret ?? 'dec')}`;
    if (this.opt.timing) s += ` <${elapsed.toFixed(6)}>`;
    this.write(written + s.slice(head.length) + '\n');
  }

  /** What the tracer must remember of descriptors for decoding later calls. */
  private track_fds(t: Tracee, ret: number): void {
    if (ret < 0) return;
    const a = t.args, mem = this.memory(t.pid);
    const path_of = (addr: number) => {
      const b = mem.read(addr, 4096);
      if (!b) return undefined;
      const nul = b.indexOf(0);
      return new TextDecoder().decode(nul >= 0 ? b.subarray(0, nul) : b);
    };
    switch (t.nr) {
      case NR.__NR_open: case NR.__NR_creat: t.fds.set(ret, { path: path_of(a[0]) }); break;
      case NR.__NR_openat: t.fds.set(ret, { path: path_of(a[1]) }); break;
      case NR.__NR_socket: t.fds.set(ret, a[0] === AF_NETLINK ? { netlink: a[2] } : {}); break;
      case NR.__NR_close: t.fds.delete(a[0]); break;
      case NR.__NR_dup: this.copy_fd(t, a[0], ret); break;
      case NR.__NR_dup2: this.copy_fd(t, a[0], a[1]); break;
      case NR.__NR_fcntl: if (a[1] === 0 || a[1] === 1030) this.copy_fd(t, a[0], ret); break;
      case NR.__NR_emu_spawn: if (this.opt.follow) this.spawned(t, ret); break;
    }
  }

  private copy_fd(t: Tracee, from: number, to: number): void {
    const info = t.fds.get(from);
    if (info) t.fds.set(to, { ...info });
    else t.fds.delete(to);
  }

  /** A child of a followed spawn: its descriptors are the parent's its fdmap names. */
  private spawned(t: Tracee, child: number): void {
    const n = Math.max(0, Math.min(t.args[4], 1024));
    const b = this.memory(t.pid).read(t.args[3], n * 4);
    const fds = new Map<number, FdInfo>();
    if (b && b.length === n * 4) {
      const v = new DataView(b.buffer, b.byteOffset);
      for (let i = 0; i < n; i++) {
        const info = t.fds.get(v.getInt32(i * 4, true));
        if (info) fds.set(i, { ...info });
      }
    }
    this.add(child, fds);
  }

  private signal_stop(t: Tracee, sig: number): void {
    let info = '';
    if (ptrace(PTRACE_GETSIGINFO, t.pid, 0, this.word) === 0) {
      const v = HEAPV, p = this.word;
      const code = v.getInt32(p + 8, true), pid = v.getInt32(p + 16, true), uid = v.getInt32(p + 20, true);
      const codes = sig === SIGCHLD ? CLD_CODES : SI_CODES;
      info = ` {si_signo=${sig_name(sig)}, si_code=${codes[code] ?? String(code)}, si_pid=${pid}, si_uid=${uid}}`;
    }
    if (!this.opt.summary) this.line(t, `--- ${sig_name(sig)}${info} ---`);
  }

  private gone(t: Tracee, status: number): void {
    if (!this.opt.summary) {
      if (t.in_syscall && t.head !== null && this.open === t) {
        // A call that ends the process (exit_group) has no result; one cut short by a killing signal is unfinished.
        const end = WIFSIGNALED(status) ? ' <unfinished ...>) ' : ') ';
        this.write(pad_to_result(`${t.head}${end}`).slice(t.head.length) + '= ?\n');
        t.head = null;
        this.open = null;
      } else if (t.in_syscall && this.opt.trace(t.nr)) {
        this.close_open();
        this.write(pad_to_result(`${this.prefix(t)}<... ${syscall_desc(t.nr).name} resumed>) `) + '= ?\n');
      }
      this.line(t, WIFEXITED(status) ? `+++ exited with ${WEXITSTATUS(status)} +++` : `+++ killed by ${sig_name(WTERMSIG(status))} +++`);
    }
    this.ended.set(t.pid, status);
    this.tracees.delete(t.pid);
  }

  private resume(pid: number, sig: number): void {
    ptrace(PTRACE_SYSCALL, pid, 0, sig);
  }

  /** One stop reported by wait4. */
  private handle(pid: number, status: number): void {
    let t = this.tracees.get(pid);
    if (!t) {
      if (!this.opt.follow) return;
      t = this.add(pid);
    }
    if (!WIFSTOPPED(status)) {
      if (WIFEXITED(status) || WIFSIGNALED(status)) this.gone(t, status);
      return;
    }
    const sig = WSTOPSIG(status), event = W_PTRACE_EVENT(status);
    if (sig === SIGTRAP_SYSGOOD) {
      if (ptrace(PTRACE_GETREGS, pid, 0, this.regs) < 0) return;
      const r = (off: number) => Number(HEAPV.getBigInt64(this.regs + off, true));
      if (!t.in_syscall) this.syscall_entry(t, r(REG_ORIG_RAX), SYSCALL_ARG_REGS.map(r));
      else this.syscall_exit(t, r(REG_RAX));
      this.resume(pid, 0);
      return;
    }
    if (event) {
      if (event === PTRACE_EVENT_FORK && ptrace(PTRACE_GETEVENTMSG, pid, 0, this.word) === 0) {
        this.add(Number(HEAPV.getBigUint64(this.word, true)));
      }
      this.resume(pid, 0);
      return;
    }
    if (!t.started && sig === SIGSTOP) {
      t.started = true;
      ptrace(PTRACE_SETOPTIONS, pid, 0, this.options());
      this.resume(pid, 0);
      return;
    }
    this.signal_stop(t, sig);
    this.resume(pid, sig);
  }

  /** Runs until every tracee is gone (or strace is interrupted: then they are let go). */
  run(): void {
    while (this.tracees.size) {
      const r = waitpid(-1, __WALL);
      if (!r) {
        if (errno === EINTR && !this.interrupted) continue;
        if (errno === ECHILD || this.interrupted) break;
        continue;
      }
      this.handle(r[0], r[1]);
      if (this.interrupted) break;
    }
    if (this.interrupted) this.detach_all();
    this.close_open();
    if (this.opt.summary) this.write(this.summary.format());
  }

  /** Lets every tracee go (running or stopped), as strace does when it is interrupted; returns their pids. */
  detach_all(): number[] {
    const pids = [...this.tracees.keys()];
    for (const pid of pids) ptrace(PTRACE_DETACH, pid, 0, 0);
    this.tracees.clear();
    return pids;
  }

  /** The wait status each tracee ended with. */
  readonly ended = new Map<number, number>();

  dispose(): void {
    free(this.regs);
    free(this.word);
    if (this.scratch) free(this.scratch);
  }
}
