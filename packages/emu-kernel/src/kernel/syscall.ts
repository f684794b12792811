// System call entry (arch/x86/entry): the table, sys_ni_syscall, and the per-task loop that waits on the
// task's control block, runs the call and writes the result back.
import { EINVAL, EIO, ENOSYS, ERESTARTSYS } from '../uapi/errno.js';
import { syscall_restart_result } from './signal.js';
import {
  CTRL_ARG0, CTRL_NR, CTRL_RET, CTRL_STATE, STATE_DEAD, STATE_REPLY, STATE_REQUEST,
} from '../uapi/syscall_abi.js';
import { NR_syscalls } from '../uapi/unistd.js';
import { set_current, type Task } from './task.js';
import { die } from './panic.js';
import { syscall_trace_enter, syscall_trace_exit, type SyscallArgs } from './entry_common.js';
import { host } from './host.js';
import type { HostAdapter } from '../host/adapter.js';

/** A handler gets the calling task and the six raw arguments; pointers are addresses in task.mm. */
export type SyscallFn = (task: Task, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number) =>
  number | Promise<number>;

/** Returned by calls that do not return to their caller (exit, a successful execve). */
export const NORETURN = Symbol('noreturn');
export type SyscallResult = number | typeof NORETURN;
type AnyFn = (task: Task, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number) =>
  SyscallResult | Promise<SyscallResult>;

let sys_call_table: (AnyFn | undefined)[] = [];
const names = new Map<number, string>();

export function syscall_table_init(): void {
  sys_call_table = new Array(NR_syscalls);
  names.clear();
}

/** Wires a handler to a number, as __SYSCALL(nr, sym) does in the table. Only kernel code (boot) calls this. */
export function __SYSCALL(nr: number, name: string, fn: AnyFn): void {
  sys_call_table[nr] = fn;
  names.set(nr, name);
}

export function syscall_name(nr: number): string {
  return names.get(nr) ?? `syscall_${nr}`;
}

/** What every hole in the table runs. */
export function sys_ni_syscall(): number {
  return -ENOSYS;
}

/** Checks for a task's next call before going back to the event loop (a few microseconds). */
const KERNEL_SPIN = 2000;
/**
 * A task whose calls follow each other closely (an event loop answering requests, a filter talking to its
 * module) is watched for longer: up to twice its usual gap between a reply and its next call, at most this
 * many milliseconds. Waking the kernel thread through the event loop costs tens of microseconds (more in a
 * virtual machine, whose idle CPU must be woken first); watching costs the kernel thread that long, so only
 * tasks that have been quick lately are watched, and only once nothing else is left to run (idle_watch).
 */
const WATCH_MAX_MS = 0.1;

interface watched {
  i32: Int32Array;
  until: number;
  done: (changed: boolean) => void;
}
const watch_list = new Set<watched>();
let watch_scheduled = false;
/** The host the watch was scheduled on: a run that comes after shutdown must not ask for the host again. */
let watch_host: HostAdapter | null = null;

/**
 * Resolves true as soon as the block leaves STATE_REPLY, false at `until`. The watching runs as its own
 * event-loop task (host().defer): every promise job queued before it, such as an operation that the last
 * call completed, runs first, and the kernel only spins when it has nothing else to do, as an idle loop.
 */
function idle_watch(i32: Int32Array, until: number): Promise<boolean> {
  return new Promise((done) => {
    watch_list.add({ i32, until, done });
    if (!watch_scheduled) {
      watch_scheduled = true;
      watch_host = host();
      watch_host.defer(idle_watch_run);
    }
  });
}

function idle_watch_run(): void {
  watch_scheduled = false;
  const clock = watch_host!;
  let found = false;
  while (watch_list.size && !found) {
    const now = clock.now();
    for (const w of watch_list) {
      let state = Atomics.load(w.i32, CTRL_STATE);
      for (let spin = 0; state === STATE_REPLY && spin < 64; spin++) state = Atomics.load(w.i32, CTRL_STATE);
      if (state !== STATE_REPLY || now >= w.until) {
        watch_list.delete(w);
        w.done(state !== STATE_REPLY);
        found ||= state !== STATE_REPLY;
      }
    }
  }
  // A call came in: let its handler run, then watch the others again.
  if (watch_list.size) {
    watch_scheduled = true;
    clock.defer(idle_watch_run);
  }
}

/**
 * Whether the loop looks at task.syscall_work at all. Only the benchmark clears it, to measure a loop with
 * the hooks compiled out against the normal one in the same run; a loop reads it once, when it starts.
 */
let syscall_work_hooks = true;
export function syscall_set_work_hooks(on: boolean): void {
  syscall_work_hooks = on;
}

/** Counts calls by number (a holeless table: counting is one increment): /proc/emu/syscalls shows them. */
export const syscall_counts = new Float64Array(NR_syscalls);

function finish(task: Task, i32: Int32Array, f64: Float64Array, ret: number): void {
  if (task.exit_state !== 'running' || i32 !== task.ctrl_i32) return;
  if (ret === -ERESTARTSYS) ret = syscall_restart_result(task);
  f64[CTRL_RET] = ret;
  task.in_syscall = 0;
  Atomics.store(i32, CTRL_STATE, STATE_REPLY);
  Atomics.notify(i32, CTRL_STATE);
}

function oops(nr: number, e: unknown): number {
  die(`BUG: kernel fault in ${syscall_name(nr)}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return -EIO;
}

/**
 * Argument registers hold integers. The float64 transport can also carry NaN, infinities and fractions,
 * which no register could: such a call fails with EINVAL before any handler sees it.
 */
function args_ok(f64: Float64Array): boolean {
  for (let i = CTRL_ARG0; i < CTRL_ARG0 + 6; i++) if (!Number.isInteger(f64[i])) return false;
  return true;
}

/** Runs one handler up to its first await; a throw is a kernel fault, reported and answered with EIO. */
function call_handler(task: Task, nr: number, fn: AnyFn, a0: number, a1: number, a2: number, a3: number,
  a4: number, a5: number): SyscallResult | Promise<SyscallResult> {
  set_current(task);
  try {
    return fn(task, a0, a1, a2, a3, a4, a5);
  } catch (e) {
    return oops(nr, e);
  } finally {
    set_current(null);
  }
}

/** The rest of a handler that slept. */
async function settle(nr: number, r: Promise<SyscallResult>): Promise<SyscallResult> {
  try {
    return await r;
  } catch (e) {
    return oops(nr, e);
  }
}

function as_result(r: SyscallResult): number {
  return typeof r === 'number' && Number.isFinite(r) ? r : -EIO;
}

/** A call of a task with syscall work: the entry and exit steps (ptrace stops, tracepoints) around it. */
async function syscall_slow(task: Task, nr: number, fn: AnyFn, f64: Float64Array): Promise<number | typeof NORETURN> {
  const args: SyscallArgs = [f64[CTRL_ARG0], f64[CTRL_ARG0 + 1], f64[CTRL_ARG0 + 2], f64[CTRL_ARG0 + 3],
    f64[CTRL_ARG0 + 4], f64[CTRL_ARG0 + 5]];
  try {
    const run_nr = await syscall_trace_enter(task, nr, args);
    const run_fn = run_nr === nr ? fn
      : Number.isInteger(run_nr) && run_nr >= 0 && run_nr < NR_syscalls ? sys_call_table[run_nr] : undefined;
    let r = run_fn ? call_handler(task, run_nr, run_fn, ...args) : sys_ni_syscall();
    if (r instanceof Promise) r = await settle(run_nr, r);
    if (r === NORETURN) return r;
    return as_result(await syscall_trace_exit(task, run_nr, args, as_result(r)));
  } catch (e) {
    return oops(nr, e);
  }
}

/**
 * Serves one task's control block until the task dies or execs (a new block gets a new loop). A call that
 * sleeps blocks only this loop: every other task's loop keeps running.
 */
export async function syscall_loop(task: Task): Promise<void> {
  const i32 = task.ctrl_i32, f64 = task.ctrl_f64;
  const clock = host();
  const hooks = syscall_work_hooks;
  // A moving average of the gaps between a reply and the next call. A call caught while spinning came
  // within a few microseconds, far below WATCH_MAX_MS: it counts as no gap, and costs no clock read.
  let gap = WATCH_MAX_MS / 2;
  for (;;) {
    let state = Atomics.load(i32, CTRL_STATE);
    // A process in a loop of calls issues the next one right after its reply: catching it here costs far
    // less than a wake-up through the event loop. Bounded so other tasks wait at most that long.
    for (let spin = 0; state === STATE_REPLY && spin < KERNEL_SPIN; spin++) state = Atomics.load(i32, CTRL_STATE);
    if (state === STATE_REPLY) {
      const since = clock.now();
      if (gap < WATCH_MAX_MS) {
        await idle_watch(i32, since + Math.min(WATCH_MAX_MS, 2 * gap));
        state = Atomics.load(i32, CTRL_STATE);
      }
      while (state === STATE_REPLY) {
        const w = Atomics.waitAsync(i32, CTRL_STATE, STATE_REPLY);
        if (w.async) await w.value;
        state = Atomics.load(i32, CTRL_STATE);
      }
      gap += (Math.min(clock.now() - since, 4 * WATCH_MAX_MS) - gap) / 4;
    } else gap -= gap / 4;
    if (state !== STATE_REQUEST || task.exit_state !== 'running' || i32 !== task.ctrl_i32) return;
    const nr = f64[CTRL_NR];
    const fn = Number.isInteger(nr) && nr >= 0 && nr < NR_syscalls ? sys_call_table[nr] : undefined;
    if (!fn) {
      finish(task, i32, f64, sys_ni_syscall());
      continue;
    }
    if (!args_ok(f64)) {
      finish(task, i32, f64, -EINVAL);
      continue;
    }
    syscall_counts[nr]++;
    task.in_syscall = nr;
    if (hooks && task.syscall_work) {
      const r = await syscall_slow(task, nr, fn, f64);
      if (r === NORETURN) return;
      finish(task, i32, f64, r);
      continue;
    }
    let r = call_handler(task, nr, fn, f64[CTRL_ARG0], f64[CTRL_ARG0 + 1], f64[CTRL_ARG0 + 2], f64[CTRL_ARG0 + 3],
      f64[CTRL_ARG0 + 4], f64[CTRL_ARG0 + 5]);
    if (r instanceof Promise) r = await settle(nr, r);
    if (r === NORETURN) return;
    finish(task, i32, f64, as_result(r));
  }
}

/** Marks a control block dead so a thread blocked in a call stops waiting. */
export function syscall_kill_block(i32: Int32Array): void {
  Atomics.store(i32, CTRL_STATE, STATE_DEAD);
  Atomics.notify(i32, CTRL_STATE);
}
