// poll(2): a sleeper wakes when one of its files becomes ready, and times out when none does.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('poll', () => {
  it('wakes when a child writes to the second of two pipes, reporting only that one', async () => {
    const r = await tm.run(['polltest', 'wake']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ spawn: '0', poll: '1', revents0: '0', revents1: '1' });
    expect(Number(r.report.elapsed_ms)).toBeGreaterThanOrEqual(90);
    expect(Number(r.report.elapsed_ms)).toBeLessThan(4000);
  });

  it('returns 0 when nothing becomes ready before the timeout', async () => {
    const r = await tm.run(['polltest', 'timeout']);
    expect(r.report.poll).toBe('0');
    expect(Number(r.report.elapsed_ms)).toBeGreaterThanOrEqual(45);
  });
});
