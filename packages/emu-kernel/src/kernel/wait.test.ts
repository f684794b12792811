// Sleeps longer than a host timer can hold (2^31 - 1 ms): Node fires such a timer after 1 ms, so the
// kernel must wait in steps instead of waking at once.
import { describe, it, expect } from 'vitest';
import { WaitQueueHead, sleep_on, MAX_TIMER_MS } from './wait.js';

describe('long timeouts', () => {
  it('a sleep past the host timer limit does not end early; a wake-up still ends it', async () => {
    const wq = new WaitQueueHead();
    const sleep = sleep_on(wq, null, MAX_TIMER_MS + 5000);
    const first = await Promise.race([sleep, new Promise((r) => setTimeout(() => r('still asleep'), 50))]);
    expect(first).toBe('still asleep');
    wq.wake();
    expect(await sleep).toBe('woken');
  });

  it('a short timeout still times out', async () => {
    expect(await sleep_on(new WaitQueueHead(), null, 5)).toBe('timeout');
  });
});
