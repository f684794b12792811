// O_APPEND writes to a file system that appends at the size (rootfs): the position a hook (a filter's
// pre-write) is given is already i_size, for write and pwrite alike, and appends held up in the hook are
// serialised so each lands where its hook was told.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred } from '../kernel/cred.js';
import { sys_open, sys_close } from './open.js';
import { sys_read, sys_write, sys_pwrite64, sys_lseek } from './read_write.js';
import { vfs_set_hook, vfs_run, type VfsHook } from './vfs_hook.js';
import { O_APPEND, O_RDONLY, O_WRONLY, SEEK_CUR } from '../uapi/fcntl.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  vfs_set_hook(null);
  await tm?.shutdown();
});

const PATH = 8192, BUF = 16384;
let next_pid = 30500;
function task(): Task {
  const root = kernel_ctx().root;
  return new Task(next_pid++, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
async function open_append(t: Task, path: string): Promise<number> {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  const fd = await sys_open(t, PATH, O_WRONLY | O_APPEND, 0);
  expect(fd).toBeGreaterThanOrEqual(0);
  return fd;
}
async function contents(path: string): Promise<string> {
  const t = task();
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  const fd = await sys_open(t, PATH, O_RDONLY, 0);
  const n = await sys_read(t, fd, BUF, 4096);
  await sys_close(t, fd);
  return new TextDecoder().decode(t.mm.bytes.slice(BUF, BUF + n));
}
function put(t: Task, s: string): number {
  t.mm.bytes.set(new TextEncoder().encode(s), BUF);
  return s.length;
}
/** A hook that records the position of every write under `prefix`, and awaits `gate` first when given. */
function record(prefix: string, seen: number[], gate?: Promise<void>): VfsHook {
  return (op, args, _caller, impl, task) => {
    if (op !== 'write') return vfs_run(impl, args, task);
    const w = args as { file: { f_dentry: { d_name: string } }; ppos: { pos: number } };
    if (!w.file.f_dentry.d_name.startsWith(prefix)) return vfs_run(impl, args, task);
    seen.push(w.ppos.pos);
    return gate ? gate.then(() => vfs_run(impl, args, task)) : vfs_run(impl, args, task);
  };
}

describe('O_APPEND', () => {
  it('gives the hook i_size as the position of write and pwrite, and leaves the file position at the end', async () => {
    expect(await kernel_write_file({ path: '/srv/rw/app1', mode: 0o644, content: 'hello\n' })).toBe(0);
    const seen: number[] = [];
    vfs_set_hook(record('app1', seen));
    try {
      const t = task();
      const fd = await open_append(t, '/srv/rw/app1');
      expect(await sys_write(t, fd, BUF, put(t, 'abc'))).toBe(3);
      expect(await sys_pwrite64(t, fd, BUF, put(t, 'xy'), 1)).toBe(2);
      expect(await sys_lseek(t, fd, 0, SEEK_CUR)).toBe(9);
      await sys_close(t, fd);
    } finally {
      vfs_set_hook(null);
    }
    expect(seen).toEqual([6, 9]);
    expect(await contents('/srv/rw/app1')).toBe('hello\nabcxy');
  });

  it('serialises appends held up in the hook: the second is told the size the first left', async () => {
    expect(await kernel_write_file({ path: '/srv/rw/app2', mode: 0o644, content: '0123' })).toBe(0);
    const seen: number[] = [];
    let open_gate!: () => void;
    const gate = new Promise<void>((r) => (open_gate = r));
    vfs_set_hook(record('app2', seen, gate));
    try {
      const a = task(), b = task();
      const fa = await open_append(a, '/srv/rw/app2'), fb = await open_append(b, '/srv/rw/app2');
      const wa = sys_write(a, fa, BUF, put(a, 'AAA'));
      const wb = sys_write(b, fb, BUF, put(b, 'BB'));
      await new Promise((r) => setImmediate(r));
      expect(seen).toEqual([4]);
      open_gate();
      expect(await wa).toBe(3);
      expect(await wb).toBe(2);
      await sys_close(a, fa);
      await sys_close(b, fb);
    } finally {
      vfs_set_hook(null);
    }
    expect(seen).toEqual([4, 7]);
    expect(await contents('/srv/rw/app2')).toBe('0123AAABB');
  });
});
