// The process fuzz/run.mjs starts for each unit (child_process.fork): runs the unit on its own machine
// and reports over IPC: { type: 'beat', index } at least twice a second while the machine's event loop
// runs (the parent calls the machine stopped when the beats stop), fault / hang / violation / trace
// events as they come, then { type: 'result', ... } once. Arguments: one JSON object
// { unit, seed, count, trace }.
import { Worker } from 'node:worker_threads';
import { Session } from './session.mjs';
import { units } from './units.mjs';

const BEAT_MS = 500;
/** The watchdog takes the machine thread's stack when its ticks stop for this long (before the parent gives up). */
const STALL_MS = 15000;
const send = (m, done) => (process.send ? process.send(m, done) : done?.());

async function main() {
  // No machine outlives the run that started it.
  process.on('disconnect', () => process.exit(2));
  const o = JSON.parse(process.argv[2]);
  if (o.trace === null) o.trace = Infinity;
  const unit = units.find((u) => u.name === o.unit);
  if (!unit) throw new Error(`no fuzz unit ${o.unit}`);
  let lastBeat = 0;
  const watchdog = o.stallFile ? new Worker(new URL('./watchdog.mjs', import.meta.url), { workerData: { file: o.stallFile, ms: STALL_MS } }) : null;
  watchdog?.unref();
  const s = new Session({
    onEvent(e) {
      if (e.type === 'tick') {
        watchdog?.postMessage(0);
        if (Date.now() - lastBeat >= BEAT_MS) {
          lastBeat = Date.now();
          send({ type: 'beat', index: e.index, rss: process.memoryUsage().rss });
        }
      } else send(e);
    },
  });
  const t0 = Date.now();
  let out = { inputs: 0, report: {}, violations: [] };
  try {
    await s.boot();
    out = await unit.run(s, o);
  } catch (e) {
    s.errors.push(String(e?.stack ?? e));
  }
  if (s.m) await s.shutdown();
  // An inspector session still attached at exit makes Node wait for it ("Waiting for the debugger...").
  await watchdog?.terminate();
  send({
    type: 'result', unit: unit.name, inputs: out.inputs, ms: Date.now() - t0, report: out.report,
    faults: s.faults, hangs: s.hangs, violations: [...s.violations, ...out.violations.map((text) => ({ index: -1, text }))],
    errors: s.errors, lostRecords: s.lostRecords,
  }, () => process.exit(0));
}

main().catch((e) => {
  send({ type: 'result', unit: '?', inputs: 0, ms: 0, faults: [], hangs: [], violations: [], errors: [String(e?.stack ?? e)] },
    () => process.exit(1));
});
