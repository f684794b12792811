#!/usr/bin/env node
// The urfs benchmark: runs every case of cases/index.mjs against the compiled machine
// (packages/emu-kernel/dist; `pnpm bench` builds first), prints a table and writes
// bench/results/latest.json with its charts and tables. Progress goes to stderr (lib/progress.mjs).
// Usage: node bench/run.mjs [--quick] [--only a,b] [--out FILE]; node bench/run.mjs --render FILE
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cases } from './cases/index.mjs';
import { shutdownMachine } from './lib/machine.mjs';
import { bandwidthSvg, latencySvg, markdownTables } from './lib/svg.mjs';
import { Progress } from './lib/progress.mjs';
import { filterCharts, filterTables } from './lib/filters.mjs';
import { fanotifyTables } from './lib/fanotify.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { quick: false, only: null, out: null, render: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick' || a === '-q') o.quick = true;
    else if (a === '--only') o.only = argv[++i]?.split(',') ?? [];
    else if (a === '--out') {
      const file = argv[++i];
      if (!file) {
        process.stderr.write('bench: --out wants a file name (try --help)\n');
        process.exit(2);
      }
      o.out = path.resolve(file);
    }
    else if (a === '--render') o.render = path.resolve(argv[++i] ?? path.join(here, 'results/latest.json'));
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node bench/run.mjs [--quick] [--only CASE[,CASE...]] [--out FILE]\n' +
        '       node bench/run.mjs --render FILE   (redraws the charts and tables beside a results file)\n' +
        `cases: ${cases.map((c) => c.name).join(', ')}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown argument "${a}" (try --help)\n`);
      process.exit(2);
    }
  }
  // A quick or partial run must not replace the full run's results (the README quotes those).
  o.out ??= path.join(here, o.quick || o.only ? 'results/partial/latest.json' : 'results/latest.json');
  return o;
}

const idOf = (r, withBytes) => `${r.mechanism}/${r.test}${withBytes ? `/${r.bytes}` : ''}`;

/** Fills ratio (this record's time per op over its baseline's) and ok (target met) from the baselines. */
function compare(records) {
  const byId = new Map();
  for (const r of records) {
    byId.set(idOf(r, true), r);
    if (!byId.has(idOf(r, false))) byId.set(idOf(r, false), r);
  }
  for (const r of records) {
    if (r.baseline) {
      const b = byId.get(r.baseline);
      r.ratio = b && b.ns_per_op ? r.ns_per_op / b.ns_per_op : null;
    }
    // A ratio measured in interleaved pairs (same host conditions for both sides) is the one to judge.
    const judged = r.paired_ratio ?? r.ratio;
    if (r.target?.max_ratio !== undefined) r.ok = judged != null && judged <= r.target.max_ratio;
    if (r.target?.max_ns !== undefined) r.ok = r.ns_per_op <= r.target.max_ns;
  }
}

function human(ns) {
  if (ns == null || !Number.isFinite(ns)) return '-';
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} us`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

function table(records) {
  const rows = [['mechanism', 'test', 'bytes', 'time/op', 'MB/s', 'spread', 'n', 'vs baseline', 'target']];
  for (const r of records) {
    const ratio = r.paired_ratio ?? r.ratio;
    const base = r.baseline ? `${ratio != null ? ratio.toFixed(2) + 'x' : '?'}${r.paired_ratio != null ? ' (paired)' : ''} ` +
      r.baseline.split('/').slice(0, 2).join(' ') : '';
    const target = r.target?.max_ratio !== undefined ? `<= ${r.target.max_ratio}x` : r.target?.max_ns !== undefined ? `< ${human(r.target.max_ns)}` : '';
    rows.push([r.mechanism, r.test, r.bytes ? String(r.bytes) : '-', r.error ? 'ERROR' : human(r.ns_per_op),
      r.mb_per_s != null ? r.mb_per_s.toFixed(1) : '-', r.spread != null ? `${(r.spread * 100).toFixed(0)}%` : '-',
      String(r.samples ?? '-'), base, target ? `${target} ${r.ok ? 'ok' : 'MISSED'}` : '']);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const right = new Set([2, 3, 4, 5, 6]);
  return rows.map((row) => row.map((c, i) => (right.has(i) ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.render) {
    render(JSON.parse(fs.readFileSync(o.render, 'utf8')), path.dirname(o.render));
    process.stdout.write(`charts and tables redrawn beside ${path.relative(process.cwd(), o.render) || o.render}\n`);
    return 0;
  }
  const selected = o.only ? cases.filter((c) => o.only.includes(c.name)) : cases;
  if (o.only && selected.length !== o.only.length) {
    process.stderr.write(`bench: unknown case in --only (cases: ${cases.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  const records = [];
  const errors = [];
  const t0 = Date.now();
  const load0 = os.loadavg()[0];
  const bar = new Progress(process.stderr);
  for (const [i, c] of selected.entries()) {
    bar.startCase(i, selected.length, c.name);
    // A case reports progress(message) or progress(message, pointsDone, pointsTotal).
    const progress = (msg, done, total) => bar.update(msg, done, total);
    try {
      const recs = await c.run({ quick: o.quick, progress });
      records.push(...recs);
      bar.endCase(true);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ case: c.name, message });
      records.push({ mechanism: c.name, test: c.description, bytes: 0, ns_per_op: null, mb_per_s: null, error: message });
      bar.endCase(false, message);
    }
  }
  await shutdownMachine();
  compare(records);
  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    quick: o.quick,
    duration_s: (Date.now() - t0) / 1000,
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version, platform: `${os.platform()} ${os.arch()}`,
      // The host's 1-minute load average before and after: other work on the cores shows in the round trips.
      loadavg: [load0, os.loadavg()[0]].map((x) => Math.round(x * 100) / 100) },
    records,
  };
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');
  render(result, path.dirname(o.out));
  process.stdout.write(`urfs benchmark${o.quick ? ' (quick)' : ''}: ${result.machine.cpu}, ${result.machine.cores} cores, node ${result.machine.node}\n\n`);
  process.stdout.write(table(records) + '\n\n');
  // A case the host could not run (fanotify without root or cc, ...) says why instead of a number.
  for (const r of records.filter((x) => x.unavailable)) process.stdout.write(`${r.mechanism}: not measured (${r.unavailable})\n`);
  if (records.some((x) => x.unavailable)) process.stdout.write('\n');
  process.stdout.write('time/op and MB/s are medians of the last batches of a point (sampled until they agree); n is\n' +
    'all batches taken; spread is (max - min) / median of those last batches; "vs baseline"\n' +
    'compares time per operation ("paired": the median ratio of batches run back to back with their baseline).\n');
  process.stdout.write(`results written to ${path.relative(process.cwd(), o.out) || o.out}\n`);
  return errors.length ? 1 : 0;
}

/** Charts and tables of a run's results, written into `dir` (beside its JSON). */
function render(result, dir) {
  const { records } = result;
  // Charts and tables of the mechanism tests (thesis figures 4.1-4.3).
  const charts = records.filter((r) => ['read', 'write', 'latency'].includes(r.test));
  if (charts.length) {
    fs.writeFileSync(path.join(dir, 'read.svg'), bandwidthSvg(charts, 'read', 'Read: kernel → user bandwidth'));
    fs.writeFileSync(path.join(dir, 'write.svg'), bandwidthSvg(charts, 'write', 'Write: user → kernel bandwidth'));
    fs.writeFileSync(path.join(dir, 'latency.svg'), latencySvg(charts, 'Null round trip latency'));
  }
  // The ufilter-vs-kernel-filter comparison (cases/urfs.mjs): its charts, and its tables after the others.
  for (const [file, svg] of Object.entries(filterCharts(records))) fs.writeFileSync(path.join(dir, file), svg);
  const md = [charts.length ? markdownTables(charts, result) : '', fanotifyTables(records), filterTables(records)].filter(Boolean).join('\n');
  if (md) fs.writeFileSync(path.join(dir, 'latest.md'), md);
}

process.exitCode = await main();
