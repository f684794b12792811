// Notices that the process which started this one is gone: Linux hands an orphan to a new parent (init,
// or a subreaper), so the parent pid changes. A machine whose starter died (a test runner that timed
// out or crashed) shuts itself down instead of running on, unobserved, for minutes.

/** How often the parent is looked at: an orphan is noticed within this long. */
const PARENT_POLL_MS = 250;

/**
 * Calls `onGone` once when this process's parent is no longer `parent` (the pid it had at start; a check
 * that begins late still notices a parent that died in between). Returns the watch's cancellation.
 */
export function watchParent(parent: number, onGone: () => void): () => void {
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, PARENT_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
