// One booted machine shared by the cases that run programs inside it (one machine per host process).
import { Machine } from '../../packages/emu-kernel/dist/host/machine.js';
import { parseReport } from '../../packages/emu-kernel/dist/testbin/lib/report.js';
import { bench_syscalls } from '../../demos/dist/bench/bench_syscall.js';

export const TESTBIN = '/usr/libexec/emu-test';

let machine = null;
let out = '';
let err = '';
const dec = new TextDecoder();
/** Called with each complete stdout line while a program runs (runProgram's onLine). */
let lineListener = null;
let partial = '';

export async function bootMachine() {
  if (!machine) {
    machine = await Machine.boot({
      stdout: (d) => {
        const text = dec.decode(d);
        out += text;
        if (!lineListener) return;
        const lines = (partial + text).split('\n');
        partial = lines.pop();
        for (const l of lines) lineListener(l);
      },
      stderr: (d) => void (err += dec.decode(d)),
      // The kernel configuration of the benchmark: the bench system call (thesis 4.1.1) built in.
      extraSyscalls: bench_syscalls(),
    });
  }
  return machine;
}

/**
 * Runs a test program to its end; returns its parsed "key=value" report (throws when it fails).
 * `onLine(line)` sees each line of its output as it comes (for progress).
 */
export async function runProgram(argv, { onLine = null } = {}) {
  const m = await bootMachine();
  const since = out.length, errSince = err.length;
  const path = argv[0].startsWith('/') ? argv[0] : `${TESTBIN}/${argv[0]}`;
  partial = '';
  lineListener = onLine;
  let status;
  try {
    const { exited } = await m.spawn({ argv: [path, ...argv.slice(1)] });
    status = await exited;
  } finally {
    lineListener = null;
  }
  const text = out.slice(since);
  if (status !== 0) throw new Error(`${argv.join(' ')} failed (status ${status}): ${err.slice(errSince).trim()}`);
  return parseReport(text);
}

/** The batch values a measuring program printed ("batch0=...", "batch1=..."). */
export function batchValues(report) {
  return Object.keys(report).filter((k) => /^batch\d+$/.test(k)).map((k) => Number(report[k]));
}

export async function shutdownMachine() {
  if (machine) await machine.shutdown();
  machine = null;
}
