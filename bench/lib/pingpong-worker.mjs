// The user side of the raw round trip: exactly what libc's syscall() does with the control block
// (store REQUEST, notify, Atomics.wait while REQUEST), minus the arguments and the kernel.
import { parentPort, workerData } from 'node:worker_threads';

const REQUEST = 1, STOP = 3; // the main thread answers a REQUEST by storing REPLY (2)
const i32 = new Int32Array(workerData.ctrl);

function call() {
  Atomics.store(i32, 0, REQUEST);
  Atomics.notify(i32, 0);
  while (Atomics.load(i32, 0) === REQUEST) Atomics.wait(i32, 0, REQUEST);
}

parentPort.on('message', (m) => {
  if (m.type === 'stop') {
    Atomics.store(i32, 0, STOP);
    Atomics.notify(i32, 0);
    return;
  }
  // One batch: as many round trips as fit in m.ms, reading the clock every 64 calls.
  for (let i = 0; i < 200; i++) call();
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 64; i++) call();
    calls += 64;
    elapsed = performance.now() - t0;
  } while (elapsed < m.ms);
  parentPort.postMessage({ ns: (elapsed * 1e6) / calls, calls });
});
