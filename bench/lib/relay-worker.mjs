// The serving side of the relay: what a ufilter does with its control block when it answers and fetches
// in one call (urfs 2's ioctl), minus the event and the callback. It waits in its "fetch" (REQUEST) until
// the main thread hands it an event (REPLY), then answers and fetches again at once.
import { workerData } from 'node:worker_threads';

const REQUEST = 1, REPLY = 2; // anything else (STOP) ends it
const i32 = new Int32Array(workerData.ctrl);

for (;;) {
  let s = Atomics.load(i32, 0);
  while (s === REQUEST) {
    Atomics.wait(i32, 0, REQUEST);
    s = Atomics.load(i32, 0);
  }
  if (s !== REPLY) break;
  Atomics.add(i32, 1, 1); // calls answered, for the test
  Atomics.store(i32, 0, REQUEST);
  Atomics.notify(i32, 0);
}
