// Fails a test whose machine had a kernel fault (kernel/panic.ts die), whatever the test asserted: the
// vitest setup file (oops.setup.ts) asserts after every test and file that no fault went unclaimed; a
// test that makes one on purpose claims it with takeOopses, or expects assertNoOopses to throw.
import { onMachineBoot, type WatchedMachine } from '../../host/machine_watch.js';

const watched: { m: WatchedMachine; claimed: number }[] = [];
let watching = false;

/** Watches every machine booted from now on. */
export function watchOopses(): void {
  if (watching) return;
  watching = true;
  onMachineBoot((m) => void watched.push({ m, claimed: 0 }));
}

/** The reports of the faults of every watched machine that no one claimed yet; they are claimed now. */
export function takeOopses(): string[] {
  const out: string[] = [];
  for (const w of watched) {
    out.push(...w.m.oopses.slice(w.claimed));
    w.claimed = w.m.oopses.length;
  }
  return out;
}

/** Throws, with their reports, when a watched machine had faults no one claimed (and claims them). */
export function assertNoOopses(): void {
  const reports = takeOopses();
  if (reports.length) throw new Error(`the kernel had ${reports.length} fault(s):\n${reports.join('\n')}`);
}
