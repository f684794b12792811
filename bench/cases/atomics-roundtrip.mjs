// (a) The raw cross-thread round trip the syscall path is built on: the main thread waits with
// Atomics.waitAsync (as syscall_loop does), a bare worker with Atomics.wait (as libc's syscall() does),
// ping-ponging one word of a SharedArrayBuffer. The floor under every system call of the machine.
// (b) The relay: the same caller, whose every call the main thread hands to a second worker and answers
// once that worker has answered, as a ufilter callback goes (application -> kernel -> filter -> kernel ->
// application: four hand-offs, no work). The floor under a verdict from another process of the machine,
// held against the host kernel's fanotify permission event of the same run.
import { Worker } from 'node:worker_threads';
import { untilStable } from '../lib/stats.mjs';

export const RAW_TEST = 'round trip (waitAsync <-> wait)';
export const RELAY_TEST = 'relay through a second worker (4 hand-offs)';

const REQUEST = 1, REPLY = 2, STOP = 3;

/** Resolves with the block's state once it is no longer `state`, sleeping as syscall_loop does. */
async function until_not(i32, state) {
  let s = Atomics.load(i32, 0);
  while (s === state) {
    const w = Atomics.waitAsync(i32, 0, state);
    if (w.async) await w.value;
    s = Atomics.load(i32, 0);
  }
  return s;
}

/** A caller worker (pingpong-worker.mjs) on `ctrl`; `batch(ms)` resolves with ns per call. */
function caller(ctrl) {
  const worker = new Worker(new URL('../lib/pingpong-worker.mjs', import.meta.url), { workerData: { ctrl } });
  return {
    worker,
    batch: (ms) => new Promise((resolve) => {
      worker.once('message', (m) => resolve(m.ns));
      worker.postMessage({ type: 'batch', ms });
    }),
  };
}

/** Starts the pair; `batch(ms)` runs round trips for `ms` milliseconds and resolves with ns per trip. */
export function openPingPong() {
  const ctrl = new SharedArrayBuffer(16);
  const i32 = new Int32Array(ctrl);
  Atomics.store(i32, 0, REPLY);
  const { worker, batch } = caller(ctrl);
  // The kernel side, shaped like syscall_loop: sleep while REPLY, answer a REQUEST, repeat.
  const served = (async () => {
    while ((await until_not(i32, REPLY)) === REQUEST) {
      Atomics.store(i32, 0, REPLY);
      Atomics.notify(i32, 0);
    }
  })();
  return {
    batch,
    async close() {
      worker.postMessage({ type: 'stop' });
      await served;
      await worker.terminate();
    },
  };
}

/** The relay of (b): a caller, and a server worker that answers every call the main thread hands it. */
export function openRelay() {
  const ctrl = new SharedArrayBuffer(16), served_ctrl = new SharedArrayBuffer(16);
  const i32 = new Int32Array(ctrl), f32 = new Int32Array(served_ctrl);
  Atomics.store(i32, 0, REPLY);
  Atomics.store(f32, 0, REQUEST);
  const { worker, batch } = caller(ctrl);
  const server = new Worker(new URL('../lib/relay-worker.mjs', import.meta.url), { workerData: { ctrl: served_ctrl } });
  const served = (async () => {
    while ((await until_not(i32, REPLY)) === REQUEST) {
      // Hand the call to the server (its fetch returns), wait for its answer (its next fetch), reply.
      Atomics.store(f32, 0, REPLY);
      Atomics.notify(f32, 0);
      if ((await until_not(f32, REPLY)) !== REQUEST) break;
      Atomics.store(i32, 0, REPLY);
      Atomics.notify(i32, 0);
    }
    Atomics.store(f32, 0, STOP);
    Atomics.notify(f32, 0);
  })();
  return {
    batch,
    /** How many calls the server worker has answered. */
    answered: () => Atomics.load(f32, 1),
    async close() {
      worker.postMessage({ type: 'stop' });
      await served;
      await Promise.all([worker.terminate(), server.terminate()]);
    },
  };
}

/** Batches of `open()`'s pair until stable; the median ns per call and its spread. */
async function measure(open, { quick, progress }, label) {
  const pp = open();
  try {
    return await untilStable(() => pp.batch(quick ? 100 : 250), {
      min: quick ? 3 : 7, max: quick ? 6 : 25, onBatch: (n) => progress(`${label}: batch ${n}`),
    });
  } finally {
    await pp.close();
  }
}

export default {
  name: 'atomics-roundtrip',
  description: 'main-thread Atomics.waitAsync <-> worker Atomics.wait ping-pong, and the relay of a call to a second worker',
  async run(opts) {
    const r = await measure(openPingPong, opts, 'round trip');
    const relay = await measure(openRelay, opts, 'relay');
    const rec = (test, m, extra = {}) => ({ mechanism: 'atomics', test, bytes: 0, ns_per_op: m.median, mb_per_s: null,
      spread: m.spread, samples: m.samples, ...extra });
    return [
      rec(RAW_TEST, r),
      rec(RELAY_TEST, relay, { baseline: `atomics/${RAW_TEST}` }),
      // No target: what the host kernel's own verdict costs against the least the machine's can.
      rec('relay vs fanotify', relay, { baseline: 'fanotify/perm-event' }),
    ];
  },
};
