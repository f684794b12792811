// The host's view of a machine: Ctrl-C (signalAll) interrupts what the shell runs, not the shell.
import { describe, it, expect } from 'vitest';
import { Machine, statusToCode } from './machine.js';
import { SIGINT } from '../uapi/signal.js';
import { find_task_by_vpid, for_each_process } from '../kernel/task.js';

describe('Machine.signalAll', () => {
  it('interrupts the running command and leaves the excepted shell running', async () => {
    let out = '';
    const dec = new TextDecoder();
    const m = await Machine.boot({ stdout: (d) => (out += dec.decode(d)), stderr: () => {} });
    try {
      const { task, exited } = await m.spawn({ argv: ['/bin/sh', '-c', 'sleep 30; echo after $?'] });
      const deadline = Date.now() + 10000;
      while (![...for_each_process()].some((t) => t.comm === 'sleep') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      m.signalAll(SIGINT, task.pid);
      expect(statusToCode(await exited)).toBe(0);
      expect(out).toBe('after 130\n');
      expect(find_task_by_vpid(task.pid)).toBeUndefined();
    } finally {
      await m.shutdown();
    }
  });
});
