// sysfuzz: the system call fuzzer, in two modes.
//
// sysfuzz --seed N --count N [--trace N] [DIR]: N random system calls from the seed: numbers of the
// table (arguments by kind: descriptors of every kind, paths, buffers and lengths, structures), holes in
// it and numbers beyond it, with wild pointers, huge lengths and closed descriptors mixed in (see
// lib/sysfuzz). DIR (default /tmp/fz) is its scratch tree. The same seed makes the same inputs, given the
// same answers. Reports as lib/fuzz.ts says; fuzz/run.mjs drives it.
//
// sysfuzz [FIRST] [LAST] [trace]: the sweep. Calls every number in [FIRST, LAST] (default: the whole
// table) with each pattern below in all six arguments: zero, negative, NaN, fractions, huge values,
// infinity and a pointer to a zeroed buffer. Skips only calls that end the process, change its identity or
// legitimately wait forever. Prints "done=1" and how many calls returned each errno.
import { NR_syscalls, __NR_exit, __NR_exit_group, __NR_setuid, __NR_setgid, __NR_select, __NR_brk } from '../uapi/unistd.js';
import { HEAP, calloc, errno, signal, syscall, SIG_IGN } from '../user/libc.js';
import { errname } from '../uapi/errno.js';
import { SIGKILL, SIGSTOP, SIGCHLD, SIGWINCH, _NSIG } from '../uapi/signal.js';
import { report } from './lib/report.js';
import { FuzzRun, fuzz_options, report as fuzz_report, type FuzzOptions } from './lib/fuzz.js';
import { FuzzMem } from './lib/fuzz_mem.js';
import { Pool } from './lib/sysfuzz/pool.js';
import { Gen } from './lib/sysfuzz/args.js';
import { CALLS, NEVER, hole_number, set_brk0, type Call } from './lib/sysfuzz/calls.js';

const USAGE = 'sysfuzz --seed N --count N [--trace N] [DIR] | sysfuzz [FIRST] [LAST] [trace]';
/** Inputs between two rebuilds of the scratch tree and reopenings of closed pool descriptors. */
const REFRESH = 5000;
/** Share of inputs that are numbers with no handler. */
const HOLES = 0.06;

function sweep(argv: string[]): number {
  const SKIP = new Set([__NR_exit, __NR_exit_group, __NR_setuid, __NR_setgid]);
  const first = Number(argv[1] ?? 0), last = Number(argv[2] ?? NR_syscalls - 1), trace = argv[3] === 'trace';
  const buf = calloc(65536);
  const patterns: [string, number][] = [['zero', 0], ['neg', -1], ['nan', NaN], ['frac', 1.5], ['i32', 2 ** 31],
    ['i40', 2 ** 40], ['max', Number.MAX_SAFE_INTEGER], ['min', -Number.MAX_SAFE_INTEGER], ['inf', Infinity],
    ['buf', buf]];
  const counts = new Map<string, number>();
  let calls = 0;
  for (let nr = first; nr <= last; nr++) {
    if (SKIP.has(nr)) continue;
    for (const [name, v] of patterns) {
      if (nr === __NR_select && name === 'zero') continue; // select(0, NULL, NULL, NULL, NULL) sleeps forever
      if (trace) report('try', `${nr}:${name}`);
      HEAP.fill(0, buf, buf + 65536); // earlier calls write there; zeros keep every call short (no sleeps)
      const r = syscall(nr, v, v, v, v, v, v);
      const key = r === -1 ? errname(errno) : 'ok';
      counts.set(key, (counts.get(key) ?? 0) + 1);
      calls++;
    }
  }
  report('calls', calls);
  for (const [k, n] of [...counts].sort()) report(`count.${k}`, n);
  report('done', 1);
  return 0;
}

/**
 * Signals a fuzzed input can make come (a module told our pid, a write to a process's signal file): all
 * but the ones that cannot be caught are ignored, so none of them ends the fuzzer.
 */
function ignore_signals(): void {
  for (let sig = 1; sig <= _NSIG; sig++) if (![SIGKILL, SIGSTOP, SIGCHLD, SIGWINCH, 23].includes(sig)) signal(sig, SIG_IGN);
}

function fuzz(o: FuzzOptions): number {
  const run = new FuzzRun(o);
  const rng = run.rng;
  ignore_signals();
  const mem = new FuzzMem(rng);
  const pool = new Pool(o.args[0] ?? '/tmp/fz');
  pool.setup(rng);
  set_brk0(syscall(__NR_brk, 0));
  fuzz_report('fuzz.kinds', pool.kinds().length);
  const g = new Gen(rng, mem, pool);
  const known = new Set(CALLS.map((c) => c.nr));
  const table = CALLS.filter((c) => c.weight > 0 && !NEVER.has(c.nr)).map((c) => [c.weight, c] as const);
  for (let i = 0; i < o.count; i++) {
    run.step(i);
    if (i && i % REFRESH === 0) pool.refresh();
    if (i === o.trace || (run.tracing && i % REFRESH === 0)) run.trace(() => `descriptors ${pool.describe()}`);
    g.tracing = run.tracing;
    g.notes = [];
    let call: Call | null = null, nr: number, args: number[];
    if (rng.chance(HOLES)) {
      nr = hole_number(g, known);
      args = [];
    } else {
      call = rng.weighted(table);
      nr = call.nr;
      args = call.args(g);
    }
    // Arguments a call does not take are junk too: the kernel must not look at them.
    while (args.length < 6) args.push(rng.chance(0.5) ? 0 : g.int());
    if (call?.skip?.(g, args)) {
      run.count('skipped');
      continue;
    }
    const name = call?.name ?? `nr${nr}`;
    const what = () => `${name}(${args.join(', ')})${g.notes.length ? ' ' + g.notes.join(' ') : ''}`;
    run.trace(what);
    const r0 = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
    const r = r0 === -1 ? -errno : r0;
    call?.after?.(g, args, r);
    run.result(r, what);
  }
  return run.finish(o.count);
}


export default function main(argv: string[]): number {
  if (!argv.slice(1).some((a) => a.startsWith('--'))) return sweep(argv);
  const o = fuzz_options(argv, USAGE);
  return o ? fuzz(o) : 2;
}
