#!/usr/bin/env node
// pnpm fuzz: runs the fuzz units (fuzz/lib/units.mjs) one after the other, each on a fresh machine in its
// own process (fuzz/lib/child.mjs), against the compiled tree (`pnpm fuzz` builds first). Prints the
// inputs per second of each and, for every fault or hang, its seed and the command that replays it.
// Exit status 1 when anything failed.
// Usage: node fuzz/run.mjs [--seed N] [--count N] [--only UNIT[,UNIT...]] [--trace N] [--json]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { units } from './lib/units.mjs';
import { elapsedLabel } from '../bench/lib/progress.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The machine stopped answering when its process sends nothing for this long. */
const SILENCE_MS = 30000;

const USAGE = 'usage: pnpm fuzz [--seed N] [--count N] [--only UNIT[,UNIT...]] [--trace N] [--json]\n' +
  `units: ${units.map((u) => `${u.name} (${u.count.toLocaleString('en-US')} ${u.what})`).join(', ')}\n` +
  '--count N runs N inputs in each unit instead of its default; --only takes unit names or their first part\n' +
  '(urfs: urfs-msgs and urfs-live); --trace N prints every input from index N on.\n';

function fail(msg) {
  process.stderr.write(`fuzz: ${msg}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { seed: null, count: null, only: null, trace: null, json: false };
  const int = (a, v) => {
    if (v === undefined || !/^\d+$/.test(v)) fail(`${a} needs a non-negative integer`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') o.seed = int(a, argv[++i]);
    else if (a === '--count') o.count = int(a, argv[++i]);
    else if (a === '--trace') o.trace = int(a, argv[++i]);
    else if (a === '--only') o.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else fail(`unknown argument "${a}"`);
  }
  if (o.seed === null) o.seed = Date.now() % 1_000_000;
  return o;
}

function selected(only) {
  if (!only) return units;
  const picked = units.filter((u) => only.some((n) => u.name === n || u.name.split('-')[0] === n));
  const unknown = only.filter((n) => !units.some((u) => u.name === n || u.name.split('-')[0] === n));
  if (unknown.length || !picked.length) fail(`no unit ${unknown.join(', ') || only.join(',')}`);
  return picked;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

function replay(unit, seed, index, window) {
  const i = Math.max(0, Math.floor(index));
  return `pnpm fuzz --only ${unit} --seed ${seed} --count ${i + 1} --trace ${Math.max(0, i - window)}`;
}

/** Where the machine's thread was stuck, as fuzz/lib/watchdog.mjs wrote it (waits a little for it). */
async function stuckStack(file) {
  for (let k = 0; k < 50; k++) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return [];
}

/** Runs one unit in a child process; resolves with its result (plus what the parent saw). */
function runUnit(unit, o, count) {
  return new Promise((resolve) => {
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
    const stallFile = path.join(reports, 'stall.json');
    const child = fork(path.join(here, 'lib/child.mjs'),
      [JSON.stringify({ unit: unit.name, seed: o.seed, count, trace: o.trace, stallFile })],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const t0 = Date.now();
    let index = -1, last = Date.now(), result = null, silent = null, shown = 0, rss = 0;
    // What the child reported as it went: all there is when it dies before its result.
    const seen = { faults: [], hangs: [], violations: [] };
    const watchdog = setInterval(() => {
      if (Date.now() - last > SILENCE_MS && !silent) {
        silent = { pid: 0, index, ms: Date.now() - last, call: 'the machine', machineAnswers: false,
          main: true, stopped: true };
        void stuckStack(stallFile).then((stack) => {
          silent.stack = stack;
          child.kill('SIGKILL');
        });
      }
      if (Date.now() - shown >= 2000 && !o.json) {
        shown = Date.now();
        const s = (Date.now() - t0) / 1000;
        process.stderr.write(`fuzz ${unit.name}: ${fmt(index + 1)}/${fmt(count)} ${unit.what}, ${fmt((index + 1) / s)}/s, ` +
          `${seen.faults.length} faults, ${seen.hangs.length} hangs, ${Math.round(rss / 2 ** 20)} MiB (${elapsedLabel(s)})\n`);
      }
    }, 250);
    current = child;
    child.on('message', (m) => {
      last = Date.now();
      if (m.type === 'beat') {
        index = Math.max(index, m.index);
        rss = m.rss;
      }
      else if (m.type === 'trace') process.stdout.write(m.line + '\n');
      else if (m.type === 'fault') {
        const first = seen.faults[m.n] === undefined;
        seen.faults[m.n] = m.fault;
        if (first && !o.json) process.stderr.write(`fuzz ${unit.name}: FAULT near input ${m.fault.index}: ${m.fault.text}\n`);
      } else if (m.type === 'hang') {
        seen.hangs.push(m.hang);
        if (!o.json) process.stderr.write(`fuzz ${unit.name}: HANG at input ${m.hang.index}: ${m.hang.call}\n`);
      } else if (m.type === 'violation') {
        seen.violations.push({ index: m.index, text: m.text });
        if (!o.json) process.stderr.write(`fuzz ${unit.name}: VIOLATION at input ${m.index}: ${m.text}\n`);
      } else if (m.type === 'result') result = m;
    });
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      fs.rmSync(reports, { recursive: true, force: true });
      const r = result ?? { unit: unit.name, inputs: index + 1, ms: Date.now() - t0, ...seen, errors: [], report: {} };
      if (silent) r.hangs.push({ ...silent, call: `the machine stopped answering (no sign of life for ${SILENCE_MS / 1000} s)` });
      else if (!result) r.faults.push({ text: `the machine's process died (${signal ?? `exit ${code}`})`, index, exact: false });
      resolve(r);
    });
  });
}

/** The unit's process now running: ended with this one. */
let current = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    current?.kill('SIGKILL');
    process.exit(130);
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const list = selected(o.only);
  if (!o.json) process.stderr.write(`fuzz: seed ${o.seed}; units ${list.map((u) => u.name).join(', ')}\n`);
  const results = [];
  for (const unit of list) {
    const count = o.count ?? unit.count;
    const r = await runUnit(unit, o, count);
    r.what = unit.what;
    r.count = count;
    r.replays = [
      ...r.faults.map((f) => ({ kind: 'fault', text: f.text, index: f.index, stack: f.stack, input: f.input,
        command: replay(unit.name, o.seed, f.index, f.exact ? 5 : 2000) })),
      ...r.hangs.map((h) => ({ kind: 'hang', text: h.stopped ? h.call : `${h.call} did not return within ${Math.round(h.ms / 1000)} s` +
        `${h.machineAnswers ? ' (the machine still answers other programs)' : ''}`, index: h.index, stack: h.stack,
        // A stopped machine was last seen at that input: the one that stopped it may come a little later.
        command: h.stopped ? replay(unit.name, o.seed, h.index + 1000, 1005) : replay(unit.name, o.seed, h.index, 5) })),
      ...r.violations.map((v) => ({ kind: 'violation', text: v.text, index: v.index,
        command: v.index >= 0 ? replay(unit.name, o.seed, v.index, 5) : `pnpm fuzz --only ${unit.name} --seed ${o.seed} --count ${count}` })),
    ];
    results.push(r);
  }
  const bad = results.some((r) => r.faults.length || r.hangs.length || r.violations.length || r.errors.length);
  if (o.json) {
    process.stdout.write(JSON.stringify({ seed: o.seed, results }, null, 1) + '\n');
  } else {
    process.stdout.write(`\nfuzz: seed ${o.seed}\n`);
    for (const r of results) {
      process.stdout.write(`${r.unit}: ${fmt(r.inputs)} ${r.what} in ${(r.ms / 1000).toFixed(1)} s (${fmt(r.inputs / (r.ms / 1000))}/s), ` +
        `${r.faults.length} faults, ${r.hangs.length} hangs, ${r.violations.length} violations\n`);
      for (const x of r.replays) {
        process.stdout.write(`  ${x.kind} at input ${x.index}: ${x.text}\n`);
        for (const l of x.stack ?? []) process.stdout.write(`      ${l}\n`);
        if (x.input) process.stdout.write(`    input: ${x.input}\n`);
        process.stdout.write(`    replay: ${x.command}\n`);
      }
      const counts = Object.entries(r.report ?? {}).filter(([k]) => k.startsWith('fuzz.count.'))
        .map(([k, v]) => `${k.slice(11)} ${fmt(Number(v))}`);
      if (counts.length) process.stdout.write(`  results: ${counts.join(', ')}\n`);
      for (const e of r.errors) process.stdout.write(`  error: ${e}\n`);
      if (r.lostRecords) process.stdout.write(`  note: ${r.lostRecords} kernel log records went by unseen\n`);
    }
  }
  process.exitCode = bad ? 1 : 0;
}

main();
