// Work queues (include/linux/workqueue.h): deferred work run later in process context, in order.
import { die } from './panic.js';
import { host_timer } from './timer.js';

export class WorkStruct {
  pending = false;
  constructor(public func: (work: WorkStruct) => void | Promise<void>) {}
}
export const INIT_WORK = (func: (w: WorkStruct) => void | Promise<void>): WorkStruct => new WorkStruct(func);

export class WorkqueueStruct {
  private readonly queue: WorkStruct[] = [];
  private running = false;
  private idle: (() => void)[] = [];
  destroyed = false;
  constructor(readonly name: string) {}
  /** Returns false when the work was already queued. */
  queue_work(w: WorkStruct): boolean {
    if (w.pending || this.destroyed) return false;
    w.pending = true;
    this.queue.push(w);
    if (!this.running) {
      this.running = true;
      host_timer(() => void this.run(), 0);
    }
    return true;
  }
  private async run(): Promise<void> {
    while (this.queue.length) {
      const w = this.queue.shift()!;
      w.pending = false;
      try {
        await w.func(w);
      } catch (e) {
        die(`BUG: kernel fault in a work function of workqueue ${this.name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      }
    }
    this.running = false;
    const idle = this.idle;
    this.idle = [];
    for (const r of idle) r();
  }
  /** Waits until every queued work has run. */
  flush(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }
}

let system_wq = new WorkqueueStruct('events');
export function workqueue_init(): void {
  system_wq = new WorkqueueStruct('events');
}
export const create_workqueue = (name: string): WorkqueueStruct => new WorkqueueStruct(name);
export const create_singlethread_workqueue = create_workqueue;
export const alloc_workqueue = (name: string): WorkqueueStruct => new WorkqueueStruct(name);
export const queue_work = (wq: WorkqueueStruct, w: WorkStruct): boolean => wq.queue_work(w);
export const schedule_work = (w: WorkStruct): boolean => system_wq.queue_work(w);
export const flush_workqueue = (wq: WorkqueueStruct): Promise<void> => wq.flush();
export const flush_scheduled_work = (): Promise<void> => system_wq.flush();
export async function destroy_workqueue(wq: WorkqueueStruct): Promise<void> {
  await wq.flush();
  wq.destroyed = true;
}
