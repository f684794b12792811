#!/usr/bin/env node
// The urfs benchmark: runs every case of cases/index.mjs against the compiled machine
// (packages/emu-kernel/dist; `pnpm bench` builds first), prints a table and writes
// bench/results/latest.json. Progress goes to stderr. Usage: node bench/run.mjs [--quick] [--only a,b]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cases } from './cases/index.mjs';
import { shutdownMachine } from './lib/machine.mjs';
import { bandwidthSvg, latencySvg, markdownTables } from './lib/svg.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { quick: false, only: null, out: path.join(here, 'results/latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick' || a === '-q') o.quick = true;
    else if (a === '--only') o.only = argv[++i]?.split(',') ?? [];
    else if (a === '--out') o.out = path.resolve(argv[++i] ?? o.out);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node bench/run.mjs [--quick] [--only CASE[,CASE...]] [--out FILE]\n' +
        `cases: ${cases.map((c) => c.name).join(', ')}\n`);
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown argument "${a}" (try --help)\n`);
      process.exit(2);
    }
  }
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
  const selected = o.only ? cases.filter((c) => o.only.includes(c.name)) : cases;
  if (o.only && selected.length !== o.only.length) {
    process.stderr.write(`bench: unknown case in --only (cases: ${cases.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  const records = [];
  const errors = [];
  const t0 = Date.now();
  for (const [i, c] of selected.entries()) {
    const tag = `bench: [${i + 1}/${selected.length}] ${c.name}`;
    const progress = (msg) => process.stderr.write(`${tag}: ${msg}${process.stderr.isTTY ? '\x1b[K\r' : '\n'}`);
    progress('starting');
    try {
      const recs = await c.run({ quick: o.quick, progress });
      records.push(...recs);
      progress(`done${process.stderr.isTTY ? '\n' : ''}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      errors.push({ case: c.name, message });
      records.push({ mechanism: c.name, test: c.description, bytes: 0, ns_per_op: null, mb_per_s: null, error: message });
      process.stderr.write(`\n${tag}: FAILED: ${message}\n`);
    }
  }
  await shutdownMachine();
  compare(records);
  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    quick: o.quick,
    duration_s: (Date.now() - t0) / 1000,
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    records,
  };
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');
  // Charts and tables of the mechanism tests (thesis figures 4.1-4.3), beside the JSON.
  const dir = path.dirname(o.out);
  const charts = records.filter((r) => ['read', 'write', 'latency'].includes(r.test));
  if (charts.length) {
    fs.writeFileSync(path.join(dir, 'read.svg'), bandwidthSvg(charts, 'read', 'Read: kernel → user bandwidth'));
    fs.writeFileSync(path.join(dir, 'write.svg'), bandwidthSvg(charts, 'write', 'Write: user → kernel bandwidth'));
    fs.writeFileSync(path.join(dir, 'latency.svg'), latencySvg(charts, 'Null round trip latency'));
    fs.writeFileSync(path.join(dir, 'latest.md'), markdownTables(charts, result));
  }
  process.stdout.write(`urfs benchmark${o.quick ? ' (quick)' : ''}: ${result.machine.cpu}, ${result.machine.cores} cores, node ${result.machine.node}\n\n`);
  process.stdout.write(table(records) + '\n\n');
  process.stdout.write('time/op and MB/s are medians over n batches; spread is (max - min) / median; "vs baseline"\n' +
    'compares time per operation ("paired": the median ratio of batches run back to back with their baseline).\n');
  process.stdout.write(`results written to ${path.relative(process.cwd(), o.out) || o.out}\n`);
  return errors.length ? 1 : 0;
}

process.exitCode = await main();
