#!/usr/bin/env node
// The memory soak (issue 11, item 9): boots a machine in this process, keeps I/O flowing through the
// scramble filter, and kills the filter with SIGKILL and starts it again, cycle after cycle. It prints
// the kernel's figures (task structs, address spaces and their bytes, MemFree, urfs's counters) and the
// host's (process.memoryUsage() after a forced gc) at the start, every --every cycles and at the end, and
// fails unless the kernel is back where it began, every task it reaped and address space it gave back
// has been reclaimed by the host, and the host's array buffers grew by less than one address space.
// Usage: node --expose-gc soak/run.mjs [--cycles N] [--every N] [--json]   (pnpm soak builds first)
import { SoakMachine, waitFor } from './lib/machine.mjs';
import { hostFigures, kernelFigures, settle, unreclaimed } from './lib/figures.mjs';
import { cycle, ioRounds, setup, startIo } from './lib/cycle.mjs';
import { task_size } from '../packages/emu-kernel/dist/kernel/fork.js';

const USAGE = 'usage: pnpm soak [--cycles N] [--every N] [--json]\n' +
  '  --cycles N  filter kill/restart cycles (default 1000)\n' +
  '  --every N   print the figures every N cycles (default: a tenth of the cycles)\n' +
  '  --json      print one JSON object with every sample instead of the table\n';

function parseArgs(argv) {
  const o = { cycles: 1000, every: 0, json: false };
  const count = (name, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 1e6) throw new Error(`${name} wants a whole number in 1..1000000, not "${v ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cycles') o.cycles = count(a, argv[++i]);
    else if (a === '--every') o.every = count(a, argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument "${a}"`);
  }
  if (!o.every) o.every = Math.max(1, Math.round(o.cycles / 10));
  return o;
}

/** How long the I/O loop may take for one round before the soak calls it stuck. */
const IO_WAIT_MS = 60000;

const MiB = (b) => (b / 1048576).toFixed(1);
const COLUMNS = ['cycle', 'tasks', 'zombies', 'mm', 'mm MiB', 'MemFree MiB', 'reaped', 'reclaimed', 'mm freed', 'reclaimed',
  'conn', 'uflt', 'req', 'alloc', 'rss MiB', 'heap MiB', 'ext MiB', 'abuf MiB', 'io rounds', 'kills in cb'];

function row(s) {
  const k = s.kernel, h = s.host;
  return [s.label, k.tasks, k.zombies, k.mm_structs, MiB(k.mm_bytes), (k.mem_free_kb / 1024).toFixed(1), k.tasks_reaped,
    k.tasks_collected, k.mm_freed, k.mm_collected, k.urfs.connections, k.urfs.ufilters, k.urfs.requests, k.urfs.allocations, MiB(h.rss), MiB(h.heapUsed),
    MiB(h.external), MiB(h.arrayBuffers), s.io_rounds, s.in_callback].map(String);
}

function printRow(cells, widths) {
  process.stdout.write(cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ') + '\n');
}

/** What differs between the start and the end that must not. */
function problems(start, end) {
  const out = [];
  const gauges = [['tasks', (k) => k.tasks], ['zombies', (k) => k.zombies], ['address spaces', (k) => k.mm_structs],
    ['address-space bytes', (k) => k.mm_bytes], ['MemFree', (k) => k.mem_free_kb],
    ...['connections', 'ufilters', 'requests', 'allocations'].map((n) => [`urfs ${n}`, (k) => k.urfs[n]])];
  for (const [name, get] of gauges) {
    if (get(end.kernel) !== get(start.kernel)) out.push(`${name}: ${get(start.kernel)} at the start, ${get(end.kernel)} at the end`);
  }
  const u = unreclaimed(end.kernel);
  if (u.mm) out.push(`${u.mm} address spaces given back by the kernel are still held in the host`);
  if (u.tasks) out.push(`${u.tasks} tasks reaped by the kernel are still held in the host`);
  const grew = end.host.arrayBuffers - start.host.arrayBuffers;
  if (grew >= task_size) out.push(`the host's array buffers grew by ${MiB(grew)} MiB (an address space is ${MiB(task_size)} MiB)`);
  return out;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`soak: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const t0 = Date.now();
  const sm = await SoakMachine.boot();
  const samples = [];
  let in_callback = 0;
  const widths = COLUMNS.map((c) => Math.max(c.length, 6));
  const sample = async (label, kernel) => {
    // The host's figures first: their collection also lets the kernel count what the host reclaimed.
    const host = await hostFigures();
    const s = { label, kernel: kernel ?? await kernelFigures(), host, io_rounds: await ioRounds(), in_callback };
    samples.push(s);
    if (!o.json) printRow(row(s), widths);
    return s;
  };
  try {
    await setup(sm);
    if (!o.json) {
      process.stdout.write(`soak: ${o.cycles} kill -9 + restart cycles of scrambleflt on /tmp/s under I/O; figures every ${o.every}\n`);
      printRow(COLUMNS, widths);
    }
    const start = await sample('start', await settle());
    const io = await startIo(sm);
    // The cycles begin once I/O flows through the filter's paths: on a loaded host the loop's first
    // programs can take longer to start than many cycles last.
    await waitFor(async () => await ioRounds() > 0, IO_WAIT_MS, 'the I/O loop to finish its first round');
    for (let i = 0; i < o.cycles; i++) {
      if (await cycle(sm, i)) in_callback++;
      sm.trim();
      if ((i + 1) % o.every === 0 && i + 1 < o.cycles) await sample(String(i + 1));
    }
    await sample(String(o.cycles));
    // I/O must still flow after every kill: a round that ends after the last cycle shows no program of
    // the loop was left stuck in the kernel.
    const after = await ioRounds();
    const rounds = await waitFor(async () => { const n = await ioRounds(); return n > after && n; }, IO_WAIT_MS,
      'a round of I/O after the last cycle').catch(() => after);
    await sm.killAll();
    await io.exited;
    const end = await sample('end', await settle());
    const bad = problems(start, end);
    if (rounds <= after) bad.push(`no I/O round finished within ${IO_WAIT_MS / 1000} s after the last cycle`);
    const seconds = (Date.now() - t0) / 1000;
    if (o.json) {
      process.stdout.write(JSON.stringify({ cycles: o.cycles, in_callback, io_rounds: rounds, seconds, ok: !bad.length, problems: bad,
        task_size, samples }) + '\n');
    } else {
      process.stdout.write(`\n${o.cycles} cycles in ${seconds.toFixed(0)} s; ${in_callback} kills during a callback; ` +
        `${rounds} I/O rounds through the filter\nhost from start to end: rss ${MiB(end.host.rss - start.host.rss)} MiB, ` +
        `heap ${MiB(end.host.heapUsed - start.host.heapUsed)} MiB, array buffers ${MiB(end.host.arrayBuffers - start.host.arrayBuffers)} MiB\n` +
        (bad.length ? bad.map((b) => `FAIL: ${b}\n`).join('') :
          'ok: the kernel is back where it began, and the host reclaimed every dead task and address space\n'));
    }
    return bad.length ? 1 : 0;
  } finally {
    await sm.shutdown();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`soak: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
