// Open-file lifetime: an operation holds its own reference on the file it works on (fdget/fdput), so a
// close or an exit meanwhile only drops the descriptor. A VFS hook stands in for a filter that holds a
// write up; while it does, the writer is killed and another user's file is opened, which before would
// have been given the file system's handle of the dying file.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, waitFor, USER } from '../testbin/lib/harness.js';
import { kread } from '../testbin/lib/kfile.js';
import { kernel_ctx } from '../init/main.js';
import { do_filp_open } from './open.js';
import { fput } from './file.js';
import type { File } from './fs.js';
import { root_cred } from '../kernel/cred.js';
import { O_RDWR } from '../uapi/fcntl.js';
import { vfs_set_hook, vfs_run, type VfsHook } from './vfs_hook.js';
import { send_sig } from '../kernel/signal.js';
import { SIGKILL } from '../uapi/signal.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  vfs_set_hook(null);
  await tm?.shutdown();
});

describe('an operation keeps its file until it returns', () => {
  it('a write held up while its process is killed goes to its own file, never to the one opened next', async () => {
    let held = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let done: (r: number) => void = () => {};
    const finished = new Promise<number>((r) => (done = r));
    const hook: VfsHook = (op, args, _caller, impl, task) => {
      if (op !== 'write' || (args as { file: { f_dentry: { d_name: string } } }).file.f_dentry.d_name !== 'victim') {
        return vfs_run(impl, args, task);
      }
      held++;
      return gate.then(() => vfs_run(impl, args, task)).then((r) => (done(r), r));
    };
    expect(await tm.m.sh('echo topsecret > /root/s && chmod 600 /root/s && touch /tmp/victim && chmod 666 /tmp/victim'))
      .toBe(0);
    const prev = vfs_set_hook(hook);
    try {
      const { task, exited } = await tm.start(['/bin/sh', '-c', 'echo LEAKED > /tmp/victim'], { cred: USER });
      await waitFor(() => held === 1, 10000, 'the write to reach the hook');
      send_sig(SIGKILL, task, 1);
      await exited;
      // The dead writer's descriptors are closed; another user's file is opened and stays open while
      // the held write goes on.
      const other = await do_filp_open({ ...kernel_ctx(), pid: 0 }, '/root/s', O_RDWR, 0);
      expect(typeof other).not.toBe('number');
      release();
      expect(await finished).toBe(7);
      await fput(other as File, { pid: 0, cred: root_cred() });
    } finally {
      vfs_set_hook(prev);
    }
    expect(await kread('/root/s')).toBe('topsecret\n');
    expect(await kread('/tmp/victim')).toBe('LEAKED\n');
  });
});
