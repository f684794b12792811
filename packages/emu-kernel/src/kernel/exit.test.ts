// A process that ends in any way (returns, throws, rejects, is killed while blocked) has every descriptor
// released: a test character device counts its opens and releases. The kernel keeps serving the others,
// and wait4 reports how each one ended.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, waitFor } from '../testbin/lib/harness.js';
import { statusToCode } from '../host/machine.js';
import { register_chrdev, unregister_chrdev } from '../drivers/char/chrdev.js';
import { devtmpfs_create_node, devtmpfs_delete_node } from '../fs/devtmpfs.js';
import { WaitQueueHead, wait_event_interruptible } from './wait.js';
import { current, find_task_by_vpid } from './task.js';
import { send_sig } from './signal.js';
import { ERESTARTSYS } from '../uapi/errno.js';
import { SIGABRT, SIGKILL, SIGTERM } from '../uapi/signal.js';
import { WEXITSTATUS, WIFEXITED, WIFSIGNALED, WTERMSIG } from '../uapi/wait.js';
import { __NR_read } from '../uapi/unistd.js';
import type { FileOperations } from '../fs/fs.js';

let tm: TestMachine;
let major = 0;
/** What the test driver saw. */
const dev = { opens: 0, releases: 0, readers: 0, wq: new WaitQueueHead() };

/** A driver whose read sleeps (interruptibly) until the test wakes it: a process blocked in the kernel. */
const testdev_fops: FileOperations = {
  open() {
    dev.opens++;
    return 0;
  },
  release() {
    dev.releases++;
    return 0;
  },
  async read() {
    const task = current();
    dev.readers++;
    try {
      if (await wait_event_interruptible(dev.wq, () => false, task)) return -ERESTARTSYS;
      return 0;
    } finally {
      dev.readers--;
    }
  },
};

beforeAll(async () => {
  tm = await TestMachine.boot();
  major = register_chrdev(0, 'emutest', testdev_fops);
  expect(major).toBeGreaterThan(0);
  expect(typeof devtmpfs_create_node('emutest', major, 0, 0o666)).not.toBe('number');
});
afterAll(async () => {
  devtmpfs_delete_node('emutest');
  unregister_chrdev(major, 'emutest');
  await tm?.shutdown();
});

function reset(): void {
  dev.opens = dev.releases = 0;
}

describe('descriptors are released however a process ends', () => {
  for (const mode of ['throw', 'throw-async', 'reject', 'exit'] as const) {
    it(`${mode}: every open of the driver gets its release`, async () => {
      reset();
      const r = await tm.run(['holdfds', mode, '/dev/emutest', '/dev/emutest+', '/dev/null']);
      expect(r.report['open:/dev/null']).toBe('5');
      expect(r.report.opened).toBe('5');
      expect(dev.opens).toBe(2);
      expect(dev.releases).toBe(2);
      if (mode === 'exit') expect(r.code).toBe(3);
      else {
        expect(r.code).toBe(128 + SIGABRT);
        expect(r.stderr).toMatch(/holdfds: uncaught Error: holdfds: deliberate/);
      }
      expect(find_task_by_vpid(r.pid)).toBeUndefined(); // reaped: nothing of it is left
    });
  }

  it('SIGKILL while blocked in a driver read: the read ends, the file is released, nothing is left asleep', async () => {
    reset();
    const p = await tm.start(['blockread', '/dev/emutest']);
    await waitFor(() => dev.readers === 1 && p.task.in_syscall === __NR_read, 10000, 'the read to block');
    send_sig(SIGKILL, p.task, 1);
    const status = await p.exited;
    expect(WIFSIGNALED(status) && WTERMSIG(status)).toBe(SIGKILL);
    expect(statusToCode(status)).toBe(128 + SIGKILL);
    expect(dev.readers).toBe(0);
    expect(dev.opens).toBe(1);
    expect(dev.releases).toBe(1);
  });

  it('a blocked read stops only its caller: other processes run meanwhile, and after the kill', async () => {
    reset();
    const blocked = await tm.start(['blockread', '/dev/emutest']);
    await waitFor(() => dev.readers === 1, 10000, 'the read to block');
    const start = Date.now();
    const others = await Promise.all([
      tm.run(['/bin/echo', 'still', 'serving']),
      tm.run(['badptr']),
      tm.run(['pipetest', 'eof']),
    ]);
    expect(others.map((o) => o.code)).toEqual([0, 0, 0]);
    expect(others[1].report.survived).toBe('1');
    expect(Date.now() - start).toBeLessThan(10000);
    expect(dev.readers).toBe(1); // still blocked
    send_sig(SIGKILL, blocked.task, 1);
    expect(await blocked.exited).toBe(SIGKILL);
    expect(dev.releases).toBe(1);
    const after = await tm.run(['/bin/echo', 'after']);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe('after\n');
  });

  it('a process killed while holding descriptors in a sleep releases them too', async () => {
    reset();
    const p = await tm.start(['holdfds', 'sleep', '/dev/emutest', '/dev/emutest']);
    await tm.waitOutput('ready=1', p.since);
    expect(dev.opens).toBe(2);
    send_sig(SIGTERM, p.task, 0);
    expect(statusToCode(await p.exited)).toBe(128 + SIGTERM);
    expect(dev.releases).toBe(2);
  });
});

describe('wait4 statuses', () => {
  it('a normal exit carries the code', async () => {
    const r = await tm.run(['holdfds', 'exit']);
    expect(WIFEXITED(r.status)).toBe(true);
    expect(WEXITSTATUS(r.status)).toBe(3);
    expect(r.code).toBe(3);
    expect((await tm.run(['/bin/true'])).code).toBe(0);
    expect((await tm.run(['/bin/false'])).code).toBe(1);
  });

  it('death by a signal is 128 + the signal for the shell', async () => {
    const p = await tm.start(['sigtest', 'default']);
    await tm.waitOutput('ready=1', p.since);
    send_sig(SIGTERM, p.task, 0);
    const status = await p.exited;
    expect(WIFSIGNALED(status)).toBe(true);
    expect(WTERMSIG(status)).toBe(SIGTERM);
    expect(statusToCode(status)).toBe(143);
    expect(tm.reportSince(p.since).slept).toBeUndefined();
  });

  it('a parent process reaps its crashed child with the signal in the status', async () => {
    const r = await tm.run(['pipetest', 'thrower']);
    expect(r.report.child_signal).toBe(String(SIGABRT));
  });
});
