// Wait queues, completions, mutexes, timers and work queues, used from kernel context (no process).
import { describe, it, expect } from 'vitest';
import { WaitQueueHead, wait_event, wait_event_timeout, wake_up } from './wait.js';
import { init_completion, complete, complete_all, wait_for_completion, wait_for_completion_timeout } from './completion.js';
import { mutex_init, mutex_lock, mutex_unlock, mutex_trylock } from './mutex.js';
import { timer_setup, mod_timer, del_timer, jiffies, timer_pending } from './timer.js';
import { create_workqueue, INIT_WORK, queue_work, flush_workqueue, destroy_workqueue } from './workqueue.js';

describe('wait queues', () => {
  it('wake_up lets a sleeper re-check its condition', async () => {
    const wq = new WaitQueueHead();
    let flag = false;
    const done = wait_event(wq, () => flag).then(() => 'woken');
    wake_up(wq); // condition still false: the sleeper must go back to sleep
    await Promise.resolve();
    flag = true;
    wake_up(wq);
    expect(await done).toBe('woken');
    expect(wq.active).toBe(false);
  });

  it('wait_event_timeout returns 0 when the condition never holds', async () => {
    const wq = new WaitQueueHead();
    expect(await wait_event_timeout(wq, () => false, 20)).toBe(0);
  });
});

describe('completions', () => {
  it('each complete() releases one waiter; complete_all releases every one', async () => {
    const c = init_completion();
    const order: number[] = [];
    const a = wait_for_completion(c).then(() => order.push(1));
    const b = wait_for_completion(c).then(() => order.push(2));
    complete(c);
    await a;
    expect(order).toEqual([1]);
    complete_all(c);
    await b;
    expect(order).toEqual([1, 2]);
    await wait_for_completion(c); // stays done after complete_all
  });

  it('times out with 0', async () => {
    expect(await wait_for_completion_timeout(init_completion(), 10)).toBe(0);
  });
});

describe('mutexes', () => {
  it('serialises two paths that sleep while holding it', async () => {
    const m = mutex_init();
    const log: string[] = [];
    const path = async (name: string) => {
      await mutex_lock(m);
      log.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name} out`);
      mutex_unlock(m);
    };
    await Promise.all([path('a'), path('b')]);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(mutex_trylock(m)).toBe(true);
    expect(mutex_trylock(m)).toBe(false);
  });
});

describe('timers and work queues', () => {
  it('a timer fires once at its expiry; del_timer disarms', async () => {
    let fired = 0;
    const t = timer_setup(() => fired++);
    mod_timer(t, jiffies() + 5);
    expect(timer_pending(t)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(1);
    mod_timer(t, jiffies() + 5);
    expect(del_timer(t)).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(1);
  });

  it('work runs in order, later, and a queued work is not queued twice', async () => {
    const wq = create_workqueue('test');
    const ran: string[] = [];
    const w1 = INIT_WORK(() => void ran.push('w1'));
    const w2 = INIT_WORK(async () => {
      await new Promise((r) => setTimeout(r, 2));
      ran.push('w2');
    });
    expect(queue_work(wq, w1)).toBe(true);
    expect(queue_work(wq, w1)).toBe(false);
    queue_work(wq, w2);
    expect(ran).toEqual([]);
    await flush_workqueue(wq);
    expect(ran).toEqual(['w1', 'w2']);
    await destroy_workqueue(wq);
    expect(queue_work(wq, w1)).toBe(false);
  });
});
