// poll_table: how a driver's poll() tells the poll/select machinery which wait queues to sleep on.
import type { WaitQueueHead } from '../kernel/wait.js';
import type { File } from './fs.js';

export interface PollTable {
  /** Registers the wait queue; called by drivers through poll_wait(). */
  _qproc: ((file: File, wq: WaitQueueHead, pt: PollTable) => void) | null;
}

/** Adds the caller to `wq` for the poll in progress (no-op when only asking for the current mask). */
export function poll_wait(file: File, wq: WaitQueueHead, pt: PollTable | null): void {
  if (pt && pt._qproc) pt._qproc(file, wq, pt);
}
