// call_usermodehelper against a booted machine: the three wait modes, a missing helper, a bad mode.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { call_usermodehelper, UMH_NO_WAIT, UMH_WAIT_EXEC, UMH_WAIT_PROC, UMH_KILLABLE } from './umh.js';
import { EINVAL, ENOENT } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('call_usermodehelper', () => {
  it('UMH_WAIT_PROC returns the wait status of the helper', async () => {
    expect(await call_usermodehelper('/bin/true', ['/bin/true'], [], UMH_WAIT_PROC)).toBe(0);
    expect(await call_usermodehelper('/bin/false', ['/bin/false'], [], UMH_WAIT_PROC | UMH_KILLABLE)).toBe(1 << 8);
  });

  it('UMH_WAIT_EXEC and UMH_NO_WAIT return 0 once started', async () => {
    expect(await call_usermodehelper('/bin/true', [], [], UMH_WAIT_EXEC)).toBe(0);
    expect(await call_usermodehelper('/bin/true', [], [], UMH_NO_WAIT)).toBe(0);
  });

  it('a missing or relative helper is ENOENT; an unknown wait is EINVAL', async () => {
    expect(await call_usermodehelper('/no/such', [], [], UMH_WAIT_PROC)).toBe(-ENOENT);
    expect(await call_usermodehelper('/no/such', [], [], UMH_WAIT_EXEC)).toBe(-ENOENT);
    expect(await call_usermodehelper('true', [], [], UMH_WAIT_PROC)).toBe(-ENOENT);
    expect(await call_usermodehelper('/bin/true', [], [], 3)).toBe(-EINVAL);
  });
});
