// A worker thread beside the machine (fuzz/lib/child.mjs): the machine's thread posts it a beat every tick;
// when the beats stop for `ms`, the machine's thread is stuck in code that never yields, and this thread
// pauses it through the inspector and writes where it was (the JavaScript frames) to `file` as JSON, for
// fuzz/run.mjs to report. Then it lets the thread run on. It also ends the process when the run that
// started it has gone.
import inspector from 'node:inspector';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { file, ms } = workerData;
let last = Date.now(), taken = false;
const parent = process.ppid;
const s = new inspector.Session();
s.connectToMainThread();
s.on('Debugger.paused', (m) => {
  const frames = m.params.callFrames.slice(0, 16).map((f) =>
    `${f.functionName || '(anonymous)'} ${f.url.replace(/^file:\/\//, '')}:${f.location.lineNumber + 1}`);
  fs.writeFileSync(file, JSON.stringify(frames));
  s.post('Debugger.resume');
});
parentPort.on('message', () => (last = Date.now()));
// Enabling needs the machine's thread to take the command, so it is done at once, while that thread still
// yields; pausing later works even when it no longer does.
s.post('Debugger.enable', () => {
  parentPort.postMessage('armed');
  setInterval(() => {
    // The run that started this machine is gone (and the machine's thread may be too stuck to notice).
    if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
    if (!taken && Date.now() - last > ms) {
      taken = true;
      s.post('Debugger.pause');
    }
  }, 250);
});
