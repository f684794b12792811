// The host kernel's fanotify permission event, the baseline a ufilter callback is held against
// (issue "urfs 2"): builds bench/probes/fanotify_perm.c with the host's `cc`, runs it, parses its
// name=value lines. What the host cannot do (not Linux, no cc, a failed build, fanotify refused) comes
// back as { available: false, reason }, never as an exception: the benchmark reports it and goes on.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PROBE_SRC = path.join(here, '../probes/fanotify_perm.c');
export const PROBE_BIN = path.join(here, '../build/fanotify_perm');
/** The probe's exit status when fanotify refused (it printed unavailable=REASON). */
export const EXIT_UNAVAILABLE = 3;

/** execFile as a promise that resolves on any exit: { code, signal, stdout, stderr, error }. */
function run(file, args, opts = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 1 << 20, ...opts }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: error?.signal ?? null,
        stdout, stderr, error });
    });
  });
}

const firstLines = (text, n = 3) => text.trim().split('\n').slice(0, n).join(' / ');

/**
 * Builds the probe when its binary is missing or older than its source. Written under a temporary
 * name and renamed, so a concurrent run never executes a half-written binary.
 * Returns { ok: true, bin, built } or { ok: false, reason }.
 */
export async function buildProbe({ src = PROBE_SRC, bin = PROBE_BIN, cc = 'cc' } = {}) {
  let srcTime;
  try {
    srcTime = fs.statSync(src).mtimeMs;
  } catch (e) {
    return { ok: false, reason: `probe source ${src} missing (${e.code})` };
  }
  try {
    if (fs.statSync(bin).mtimeMs >= srcTime) return { ok: true, bin, built: false };
  } catch { /* not built yet */ }
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  const r = await run(cc, ['-O2', '-pthread', '-Wall', '-o', tmp, src]);
  if (r.error?.code === 'ENOENT') return { ok: false, reason: `no C compiler (${cc} not found)` };
  if (r.code !== 0) {
    fs.rmSync(tmp, { force: true });
    return { ok: false, reason: `${cc} failed to build ${path.basename(src)}: ${firstLines(r.stderr || r.error?.message || '') || `exit ${r.code}`}` };
  }
  fs.renameSync(tmp, bin);
  return { ok: true, bin, built: true };
}

/**
 * The probe's output as numbers. Returns { available: false, reason } when it said unavailable=, else
 * { available: true, pairs: [{ plain, perm, event }], plain, perm, event, opens, answered, sameCpu, cpus }
 * (ns per open+close; sameCpu: events answered on the CPU the opener last ran on, null if not printed). Throws when the output is an error or incomplete, or when the listener did not answer
 * every open made under the mark (then "perm" would not be the cost of a permission event).
 */
export function parseProbeOutput(stdout, { code = 0, signal = null } = {}) {
  const kv = new Map();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  if (kv.has('unavailable')) return { available: false, reason: kv.get('unavailable') || 'unavailable (no reason given)' };
  if (kv.has('error')) throw new Error(`fanotify probe: ${kv.get('error')}`);
  if (code !== 0 || signal) throw new Error(`fanotify probe: ${signal ? `killed by ${signal}` : `exit ${code}`} without a reason`);
  const num = (k) => {
    const v = Number(kv.get(k));
    if (!kv.has(k) || !Number.isFinite(v)) throw new Error(`fanotify probe: no number for ${k} in its output`);
    return v;
  };
  const pairs = [];
  for (let i = 1; kv.has(`plain.${i}`); i++) pairs.push({ plain: num(`plain.${i}`), perm: num(`perm.${i}`), event: num(`event.${i}`) });
  if (!pairs.length) throw new Error('fanotify probe: no batches in its output');
  const out = { available: true, pairs, plain: num('plain'), perm: num('perm'), event: num('event'),
    opens: num('opens'), answered: num('answered'), sameCpu: kv.has('same_cpu') ? num('same_cpu') : null,
    cpus: kv.get('cpus') ?? null };
  if (out.opens <= 0 || out.answered !== out.opens) {
    throw new Error(`fanotify probe: the listener answered ${out.answered} events for ${out.opens} opens under the mark`);
  }
  return out;
}

/**
 * Builds (if needed) and runs the probe: `pairs` pairs of batches of `ms` milliseconds, one without and
 * one with the listener, its threads placed by the scheduler (`cpus` 'free') or pinned ('same': one CPU,
 * 'split': one each). Resolves to parseProbeOutput's result, or { available: false, reason }.
 */
export async function runFanotifyProbe({ ms, pairs = 1, cpus = 'free', platform = process.platform, cc, src, bin, timeoutMs } = {}) {
  if (platform !== 'linux') return { available: false, reason: `fanotify is Linux's; this host is ${platform}` };
  const b = await buildProbe({ cc, src, bin });
  if (!b.ok) return { available: false, reason: b.reason };
  // The probe's temporary directory goes in one of ours, removed whatever the probe's end. A probe that
  // hangs gets SIGKILL: an open waiting for a permission answer sleeps killable, deaf to SIGTERM.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'urfs-fanotify-'));
  let r;
  try {
    r = await run(b.bin, [String(ms), String(pairs), cpus], { timeout: timeoutMs ?? 2 * ms * pairs + 10000, killSignal: 'SIGKILL',
      env: { ...process.env, TMPDIR: tmp } });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (r.error && r.code === null && !r.signal) return { available: false, reason: `cannot run the probe: ${r.error.message}` };
  return parseProbeOutput(r.stdout, { code: r.code, signal: r.signal });
}

const us = (ns) => (ns >= 100e3 ? (ns / 1e3).toFixed(0) : ns >= 10e3 ? (ns / 1e3).toFixed(1) : (ns / 1e3).toPrecision(3));

/** Markdown for the case's records: their times, or "fanotify: not measured (reason)". '' without any. */
export function fanotifyTables(records) {
  const recs = records.filter((r) => r.mechanism === 'fanotify');
  if (!recs.length) return '';
  const lines = ['## fanotify permission event (host kernel, same run)', ''];
  const missing = recs.find((r) => r.unavailable);
  if (missing) return [...lines, `fanotify: not measured (${missing.unavailable})`, ''].join('\n');
  lines.push('| test | µs per open + close | spread | pairs of batches |', '|---|---:|---:|---:|');
  for (const r of recs) {
    lines.push(`| ${r.test} | ${Number.isFinite(r.ns_per_op) ? us(r.ns_per_op) : '-'} | ` +
      `${r.spread != null ? `${(r.spread * 100).toFixed(0)}%` : '-'} | ${r.samples ?? '-'} |`);
  }
  const perm = recs.find((r) => r.test === 'open-perm');
  if (perm?.answered != null) lines.push('', `The listener answered ${perm.answered} permission events for ${perm.opens} opens under the mark.`);
  const event = recs.find((r) => r.test === 'perm-event');
  if (Number.isFinite(event?.listener_same_cpu)) {
    lines.push(`Over the pairs kept, ${(event.listener_same_cpu * 100).toFixed(0)}% of the events were answered on the CPU the opener ` +
      'last ran on (there an event is two context switches; on another CPU, two cross-CPU wake-ups, several times dearer).');
  }
  lines.push('');
  return lines.join('\n');
}
