// (a) The raw cross-thread round trip the syscall path is built on: the main thread waits with
// Atomics.waitAsync (as syscall_loop does), a bare worker with Atomics.wait (as libc's syscall() does),
// ping-ponging one word of a SharedArrayBuffer. The floor under every system call of the machine.
import { Worker } from 'node:worker_threads';
import { untilStable } from '../lib/stats.mjs';

export const RAW_TEST = 'round trip (waitAsync <-> wait)';

/** Starts the pair; `batch(ms)` runs round trips for `ms` milliseconds and resolves with ns per trip. */
export function openPingPong() {
  const ctrl = new SharedArrayBuffer(16);
  const i32 = new Int32Array(ctrl);
  const REQUEST = 1, REPLY = 2;
  Atomics.store(i32, 0, REPLY);
  const worker = new Worker(new URL('../lib/pingpong-worker.mjs', import.meta.url), { workerData: { ctrl } });
  // The kernel side, shaped like syscall_loop: sleep while REPLY, answer a REQUEST, repeat.
  const served = (async () => {
    for (;;) {
      let s = Atomics.load(i32, 0);
      while (s === REPLY) {
        const w = Atomics.waitAsync(i32, 0, REPLY);
        if (w.async) await w.value;
        s = Atomics.load(i32, 0);
      }
      if (s !== REQUEST) return;
      Atomics.store(i32, 0, REPLY);
      Atomics.notify(i32, 0);
    }
  })();
  return {
    batch: (ms) => new Promise((resolve) => {
      worker.once('message', (m) => resolve(m.ns));
      worker.postMessage({ type: 'batch', ms });
    }),
    async close() {
      worker.postMessage({ type: 'stop' });
      await served;
      await worker.terminate();
    },
  };
}

export default {
  name: 'atomics-roundtrip',
  description: 'main-thread Atomics.waitAsync <-> worker Atomics.wait ping-pong',
  async run({ quick, progress }) {
    const pp = openPingPong();
    try {
      const r = await untilStable(() => pp.batch(quick ? 100 : 250), {
        min: quick ? 3 : 7, max: quick ? 6 : 25, onBatch: (n) => progress(`batch ${n}`),
      });
      return [{ mechanism: 'atomics', test: RAW_TEST, bytes: 0, ns_per_op: r.median, mb_per_s: null, spread: r.spread,
        samples: r.samples }];
    } finally {
      await pp.close();
    }
  },
};
