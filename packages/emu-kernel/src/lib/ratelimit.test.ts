// Rate limiting: a burst passes, the rest of the interval is counted, and the next interval says how
// many were suppressed.
import { describe, it, expect, beforeEach } from 'vitest';
import { ratelimit_state_init, __ratelimit } from './ratelimit.js';
import { printk_init, printk_state } from '../kernel/printk.js';

let now = 0;
beforeEach(() => {
  now = 0;
  printk_init(() => now, () => {});
});

describe('__ratelimit', () => {
  it('lets `burst` events through an interval, then reports the suppressed ones when the next begins', () => {
    const rs = ratelimit_state_init(1000, 3);
    const passed = Array.from({ length: 10 }, () => __ratelimit(rs, 'who'));
    expect(passed).toEqual([true, true, true, false, false, false, false, false, false, false]);
    now = 1000;
    expect(__ratelimit(rs, 'who')).toBe(true);
    expect(printk_state().records.map((r) => r.text)).toEqual(['who: 7 callbacks suppressed']);
  });
});
