// Private mappings of rootfs files (generic_file_mmap): a copy of the file read through the VFS (a hook
// sees the read), zeros past its end, from a page offset; shared mappings of them are refused, and other
// file systems' files map as they did (proc's refuse).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from './mm.js';
import { FilesStruct } from '../fs/file.js';
import { root_cred } from '../kernel/cred.js';
import { sys_open, sys_close } from '../fs/open.js';
import { sys_mmap, sys_munmap } from './mmap.js';
import { vfs_set_hook, vfs_run } from '../fs/vfs_hook.js';
import { O_RDONLY } from '../uapi/fcntl.js';
import { MAP_PRIVATE, MAP_SHARED, PAGE_SIZE, PROT_READ, PROT_WRITE } from '../uapi/mman.js';
import { EIO, ENODEV } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  vfs_set_hook(null);
  await tm?.shutdown();
});

const PATH = 8192;
let next_pid = 30700;
function task(): Task {
  const root = kernel_ctx().root;
  return new Task(next_pid++, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
async function open_ro(t: Task, path: string): Promise<number> {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  const fd = await sys_open(t, PATH, O_RDONLY, 0);
  expect(fd).toBeGreaterThanOrEqual(0);
  return fd;
}

describe('private file mappings', () => {
  it('map a copy of the file read through the VFS, zeros after its end', async () => {
    const content = 'A'.repeat(PAGE_SIZE) + 'second page';
    expect(await kernel_write_file({ path: '/srv/fm/f', mode: 0o644, content })).toBe(0);
    const reads: number[] = [];
    vfs_set_hook((op, args, _caller, impl, t) => {
      if (op === 'read') reads.push((args as { ppos: { pos: number } }).ppos.pos);
      return vfs_run(impl, args, t);
    });
    const t = task();
    const fd = await open_ro(t, '/srv/fm/f');
    try {
      const whole = await sys_mmap(t, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
      expect(whole).toBeGreaterThan(0);
      const m = t.mm.bytes.subarray(whole, whole + 2 * PAGE_SIZE);
      expect(new TextDecoder().decode(m.subarray(0, content.length))).toBe(content);
      expect(m.subarray(content.length).every((b) => b === 0)).toBe(true);
      const tail = await sys_mmap(t, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, PAGE_SIZE);
      expect(new TextDecoder().decode(t.mm.bytes.subarray(tail, tail + 11))).toBe('second page');
      expect(reads[0]).toBe(0);
      expect(reads).toContain(PAGE_SIZE);
      expect(sys_munmap(t, tail, PAGE_SIZE)).toBe(0);
      expect(sys_munmap(t, whole, 2 * PAGE_SIZE)).toBe(0);
      expect(await sys_mmap(t, 0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0)).toBe(-ENODEV);
    } finally {
      vfs_set_hook(null);
      await sys_close(t, fd);
    }
  });

  it('are not made of files whose file system maps none of its own (proc: EIO, as Linux\'s proc_reg_mmap)', async () => {
    const t = task();
    const fd = await open_ro(t, '/proc/version');
    expect(await sys_mmap(t, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0)).toBe(-EIO);
    await sys_close(t, fd);
  });
});
