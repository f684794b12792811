// The in-process harness: a kernel fault on a machine a test booted (here lkdtm's, on request) is
// reported by assertNoOopses with its text, which the setup file runs after every test; claimed, it is
// reported once. The machine keeps its reports after shutdown, for hooks that run after the test's own.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { TestMachine } from './harness.js';
import { assertNoOopses, takeOopses } from './oops.js';
import { kread } from './kfile.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('kernel faults fail the test', () => {
  it('a fault is reported with its text, once; a machine with none passes', async () => {
    expect(assertNoOopses).not.toThrow();
    expect(await tm.m.sh('insmod lkdtm && echo BUG > /sys/kernel/debug/provoke-crash/DIRECT')).toBe(1);
    expect(tm.m.oopses).toHaveLength(1);
    expect(assertNoOopses).toThrow(/^the kernel had 1 fault\(s\):\nBUG: kernel fault in write: Error: kernel BUG at drivers\/misc\/lkdtm\n/);
    expect(assertNoOopses).not.toThrow();
  });

  it('takeOopses claims the faults a test makes on purpose', async () => {
    expect(await tm.m.sh('echo EXCEPTION > /sys/kernel/debug/provoke-crash/DIRECT; echo NOPE > /sys/kernel/debug/provoke-crash/DIRECT')).toBe(1);
    const claimed = takeOopses();
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatch(/^BUG: kernel fault in write: TypeError: Cannot read properties of null/);
    expect(takeOopses()).toEqual([]);
    expect(tm.m.oopses).toHaveLength(2);
  });

  it('a machine keeps its reports after shutdown; the next one boots untainted', async () => {
    await tm.shutdown();
    expect(tm.m.oopses).toHaveLength(2);
    tm = await TestMachine.boot();
    expect(tm.m.oopses).toEqual([]);
    expect(await kread('/proc/sys/kernel/tainted')).toBe('0\n'); // a fresh kernel is untainted
  });
});
