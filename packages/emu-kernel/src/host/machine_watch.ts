// Hears of every machine booted in this realm: a test harness that fails a test when one of its
// machines had a kernel fault. Apart from machine.ts, so that watching imports no kernel.
export interface WatchedMachine {
  /** The report of every kernel fault since boot, in order. */
  readonly oopses: readonly string[];
}

type BootWatcher = (m: WatchedMachine) => void;
const watchers = new Set<BootWatcher>();

/** Calls `fn` with every machine booted from now on; returns its removal. */
export function onMachineBoot(fn: BootWatcher): () => void {
  watchers.add(fn);
  return () => watchers.delete(fn);
}

export function announceBoot(m: WatchedMachine): void {
  for (const fn of watchers) fn(m);
}
