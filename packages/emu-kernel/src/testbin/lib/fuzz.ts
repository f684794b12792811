// What every fuzz program shares: its options (--seed, --count, --trace), the seeded generator, the
// slot through which the host runner (fuzz/run.mjs) sees which input is running, the lines it reports,
// and the fault check after an EIO.
//
// Lines on stdout, read by the runner:
//   fuzz.slot=PID:ADDR         where this process keeps the index of its current input (a float64)
//   fuzz.fault=INDEX:TEXT      input INDEX got EIO and the kernel logged a BUG line meanwhile
//   fuzz.violation=INDEX@PID:TEXT  an invariant the program checks itself did not hold
//   trace=#INDEX TEXT          with --trace N: every input from index N on, before it is made
//   fuzz.count.KEY=N           results by kind, at the end
//   fuzz.done=N                inputs made, the last line
import { HEAPV, SYSLOG_ACTION_READ_ALL, dprintf, getpid, klogctl, malloc, writeAll, errno } from '../../user/libc.js';
import { EIO, errname } from '../../uapi/errno.js';
import { Prng } from './prng.js';

/**
 * One report line. It starts with a newline of its own: fuzzed inputs write pieces of anything, with no
 * newline at their end, to the terminal this goes to.
 */
export function report(key: string, value: string | number): void {
  writeAll(1, `\n${key}=${value}\n`);
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Index from which each input is traced (Infinity: none). */
  trace: number;
  /** The other arguments, in order. */
  args: string[];
}

const num = (s: string | undefined): number | null => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);

/** Parses the common options; prints `usage` and returns null when they are wrong. */
export function fuzz_options(argv: string[], usage: string, count = 1000): FuzzOptions | null {
  const o: FuzzOptions = { seed: 1, count, trace: Infinity, args: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed' || a === '--count' || a === '--trace') {
      const v = num(argv[++i]);
      if (v === null) {
        dprintf(2, `${argv[0]}: ${a} needs a non-negative integer\nusage: ${usage}\n`);
        return null;
      }
      if (a === '--seed') o.seed = v;
      else if (a === '--count') o.count = v;
      else o.trace = v;
    } else if (a.startsWith('--')) {
      dprintf(2, `${argv[0]}: unknown option ${a}\nusage: ${usage}\n`);
      return null;
    } else o.args.push(a);
  }
  return o;
}

/** How many bytes of the log tail the fault check reads: a few records are enough. */
const LOG_TAIL = 2048;

export class FuzzRun {
  readonly rng: Prng;
  /** Index of the current input. */
  i = 0;
  private readonly slot: number;
  private readonly counts = new Map<string, number>();
  private readonly logbuf: number;
  private lastBug = '';

  /**
   * @param fault_checks whether an EIO makes this program look at the kernel log (the log is read whole:
   *   a program that gets many EIOs, an application under a filter failing its operations, does without)
   */
  constructor(readonly opts: FuzzOptions, private readonly fault_checks = true) {
    this.rng = new Prng(opts.seed);
    this.slot = malloc(8);
    this.logbuf = malloc(LOG_TAIL);
    HEAPV.setFloat64(this.slot, -1, true);
    this.lastBug = this.newestBug();
    report('fuzz.slot', `${getpid()}:${this.slot}`);
  }

  /** Starts input `i`: the runner reads the slot to know where a hang or a fault happened. */
  step(i: number): void {
    this.i = i;
    HEAPV.setFloat64(this.slot, i, true);
  }

  get tracing(): boolean {
    return this.i >= this.opts.trace;
  }

  trace(text: string | (() => string)): void {
    if (this.i >= this.opts.trace) writeAll(1, `\ntrace=#${this.i} ${typeof text === 'string' ? text : text()}\n`);
  }

  /** Counts a raw result (value, or -errno) under its errno name, or "ok"; an EIO gets the fault check. */
  result(r: number, what: string | (() => string)): void {
    const key = r < 0 && r > -4096 ? errname(-r) : 'ok';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (r === -EIO && this.fault_checks) this.fault_check(what);
    if (this.tracing) writeAll(1, `\ntrace=#${this.i} = ${key === 'ok' ? r : key}\n`);
  }

  /** Counts a libc-style result (-1 and errno). */
  libc(r: number, what: string | (() => string)): void {
    this.result(r === -1 ? -errno : r, what);
  }

  count(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** The newest BUG line of the kernel log ('' when there is none among the last records). */
  private newestBug(): string {
    const n = klogctl(SYSLOG_ACTION_READ_ALL, this.logbuf, LOG_TAIL);
    if (n <= 0) return this.lastBug;
    let text = '';
    for (let k = 0; k < n; k++) text += String.fromCharCode(HEAPV.getUint8(this.logbuf + k));
    const lines = text.split('\n').filter((l) => l.includes('BUG:'));
    return lines.length ? lines[lines.length - 1] : this.lastBug;
  }

  /** After an EIO: when the kernel logged a new BUG line, reports this input as the one that faulted. */
  fault_check(what: string | (() => string)): void {
    const bug = this.newestBug();
    if (bug === this.lastBug) return;
    this.lastBug = bug;
    report('fuzz.fault', `${this.i}:${typeof what === 'string' ? what : what()}`);
  }

  violation(text: string): void {
    report('fuzz.violation', `${this.i}@${getpid()}:${text}`);
  }

  /** The results by kind, then fuzz.done with the number of inputs made. */
  finish(done: number): number {
    for (const [k, n] of [...this.counts].sort()) report(`fuzz.count.${k}`, n);
    report('fuzz.done', done);
    return 0;
  }
}

/** Integers at the edges of what the kernel's arguments can mean. */
export const EDGE_INTS: readonly number[] = [0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 100, 127, 128, 255, 256,
  511, 512, 1023, 1024, 4095, 4096, 4097, 8192, 65535, 65536, 65537, 2 ** 20, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32,
  2 ** 40, 2 ** 53 - 1, -1, -2, -100, -4095, -4096, -(2 ** 31), -(2 ** 32), -(2 ** 53 - 1)];

/** What no register could hold: the kernel must refuse these before any handler runs. */
export const NON_INTEGERS: readonly number[] = [NaN, Infinity, -Infinity, 0.5, 4096.5, 1e300, -1e300];

/** An interesting integer: mostly an edge value, sometimes any 32-bit one, rarely not an integer at all. */
export function edge_int(rng: Prng): number {
  const r = rng.below(100);
  if (r < 70) return rng.pick(EDGE_INTS);
  if (r < 97) return rng.chance(0.5) ? rng.u32() : rng.u32() | 0;
  return rng.pick(NON_INTEGERS);
}
