// One soak cycle: start the scramble filter, wait until I/O is in one of its callbacks, look at it in
// /proc, kill -9 it and wait until it is reaped. The I/O runs all along in a loop of its own.
import { kread } from '../../packages/emu-kernel/dist/testbin/lib/kfile.js';
import { counters } from './figures.mjs';
import { waitFor } from './machine.mjs';

export const DIR = '/tmp/s';
const READY = /scrambleflt: active on \/tmp\/s \(pid (\d+)\)\n/;
/** How long a cycle waits for a callback before it kills the filter anyway (counted as an idle kill). */
const CALLBACK_WAIT_MS = 2000;

/** Writes and reads through the filter for ever, counting its rounds in /tmp/io.rounds (outside the filter). */
const IO_LOOP = `i=0; while :; do head -c 65536 /dev/zero > ${DIR}/w; cat ${DIR}/w ${DIR}/r > /dev/null; ` +
  'i=$((i+1)); echo $i > /tmp/io.rounds; done';

export async function setup(sm) {
  await sm.sh(`insmod redirfs && insmod urfs && mkdir -p ${DIR} && seq 1 20000 > ${DIR}/r && echo 0 > /tmp/io.rounds`);
}

/** Starts the I/O loop; returns its process. */
export function startIo(sm) {
  return sm.start(IO_LOOP);
}

/** Rounds the I/O loop has finished. */
export async function ioRounds() {
  const t = await kread('/tmp/io.rounds');
  return typeof t === 'number' ? 0 : Number(t.trim()) || 0;
}

async function inCallback(ms) {
  try {
    return await waitFor(async () => (await counters('/sys/kernel/debug/urfs/stats')).requests > 0, ms, 'a request');
  } catch {
    return false;
  }
}

/**
 * Even cycles start the filter with -b (it is orphaned, and reaped the moment it dies); odd ones as the
 * child of a shell that waits for it (a zombie until that shell reaps it). Returns whether the kill came
 * while a request was pending.
 */
export async function cycle(sm, i) {
  const since = sm.out.length;
  let parent = null;
  if (i % 2 === 0) await sm.sh(`scrambleflt -b ${DIR}`);
  else parent = await sm.start(`scrambleflt ${DIR} & wait`);
  const pid = Number((await sm.waitLine(READY, since))[1]);
  const during = await inCallback(CALLBACK_WAIT_MS);
  const status = await kread(`/proc/${pid}/status`);
  if (typeof status === 'number' || !status.startsWith('Name:\tscrambleflt\n')) {
    throw new Error(`soak: /proc/${pid}/status of the filter: ${typeof status === 'number' ? `error ${-status}` : status}`);
  }
  const end = sm.ended(pid);
  sm.kill9(pid);
  await end;
  if (parent) await parent.exited;
  return during;
}
