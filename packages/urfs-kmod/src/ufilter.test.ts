// A process waiting on a ufilter stops waiting as soon as it is killed or gets a signal it handles: its
// request is gone by the kernel's next turn of the event loop, while the filter still holds the callback.
// The filter is urfs_probe's holdread mode (demos/src/testbin/urfs_probe.ts), run in a machine booted
// in this process so that the kernel's counters can be read right after the signal is sent.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '@urfs/emu-kernel/testbin/lib/harness';
import { kread } from '@urfs/emu-kernel/testbin/lib/kfile';
import { send_sig } from '@urfs/emu-kernel/kernel/signal';
import type { Task } from '@urfs/emu-kernel/kernel/task';
import { SIGKILL, SIGUSR1, SIGWINCH } from '@urfs/emu-kernel/uapi/signal';

const PROBE = '/usr/libexec/urfs-test/urfs_probe';
let tm: TestMachine;

beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await tm.m.sh('insmod redirfs && insmod urfs timeout=20000 && mkdir -p /tmp/h && echo abc > /tmp/h/f')).toBe(0);
});
afterAll(async () => {
  await tm?.shutdown();
});

/** The counters of /sys/kernel/debug/urfs/stats. */
async function stats(): Promise<Record<string, number>> {
  const text = await kread('/sys/kernel/debug/urfs/stats');
  if (typeof text === 'number') throw new Error(`stats: errno ${-text}`);
  return Object.fromEntries(text.trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
}

/** Re-reads `path` until it holds a whole line (at most 10 s); its text. */
async function file_text(path: string): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const t = await kread(path);
    if (typeof t === 'string' && t.endsWith('\n')) return t;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${path}`);
}

/** The kernel's next turn of its event loop: whatever the signal set going in promise jobs has run. */
const next_turn = () => new Promise((r) => setImmediate(r));

/** Starts holding filter NAME, then the application, and returns once the filter holds its read. */
async function held(name: string, app: string[]): Promise<{ app: Task; exited: Promise<number>; filter: number }> {
  expect(await tm.m.sh(`${PROBE} filter -b --data-pass ${name} 10 /tmp/h holdread`)).toBe(0);
  const filter = Number(await file_text(`/tmp/${name}.pid`));
  const { task, exited } = await tm.start(app);
  expect(Number(await file_text(`/tmp/${name}.held`))).toBe(task.pid);
  return { app: task, exited, filter };
}

/** Lets the filter answer its held callback, ends it and waits until its connection is gone. */
async function release(name: string, filter: number): Promise<void> {
  expect(await tm.m.sh(`touch /tmp/${name}.release && kill ${filter}`)).toBe(0);
  for (let i = 0; i < 2000 && (await stats()).connections; i++) await new Promise((r) => setTimeout(r, 5));
  expect((await stats()).connections).toBe(0);
}

describe('waits on a ufilter', () => {
  it('SIGKILL: the request is withdrawn by the next turn of the event loop, with the filter still in its callback', async () => {
    const { app, exited, filter } = await held('k', ['/bin/cat', '/tmp/h/f']);
    const before = await stats();
    expect(before.requests).toBe(1);
    send_sig(SIGKILL, app, 1);
    await next_turn();
    const after = await stats();
    expect(after.requests).toBe(0);
    expect(after.interrupts).toBe(before.interrupts + 1);
    expect(await exited).toBe(SIGKILL);
    await release('k', filter);
  });

  it('a handled signal: the read returns EINTR and the request is gone, with the filter still in its callback', async () => {
    const { app, exited, filter } = await held('u', [PROBE, 'sigread', '/tmp/h/f']);
    const before = await stats();
    send_sig(SIGUSR1, app, 1);
    await next_turn();
    expect((await stats()).requests).toBe(0);
    expect(await exited).toBe(0);
    expect(tm.stdout).toMatch(/handler ran\nread EINTR\n/);
    expect((await stats()).interrupts).toBe(before.interrupts + 1);
    await release('u', filter);
  });

  it('a signal the process does not handle and that does not end it changes nothing: the read waits on', async () => {
    const { app, exited, filter } = await held('i', [PROBE, 'sigread', '/tmp/h/f']);
    send_sig(SIGWINCH, app, 1); // ignored by default
    await next_turn();
    expect((await stats()).requests).toBe(1);
    await release('i', filter);
    expect(await exited).toBe(0);
    expect(tm.stdout).toMatch(/read 4\n/);
  });
});
