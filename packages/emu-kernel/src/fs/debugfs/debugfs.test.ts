// debugfs on a booted machine: files and directories made by kernel code under /sys/kernel/debug,
// their data pointer, removal, and the root-only mount.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { kern_path } from '../namei.js';
import { vfs_getattr } from '../stat.js';
import { simple_read_from_buffer } from '../libfs.js';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove, debugfs_remove_recursive } from './inode.js';
import { ENOENT } from '../../uapi/errno.js';
import { S_IFDIR, S_IFREG } from '../../uapi/stat.js';
import type { FileOperations } from '../fs.js';
import { debugfs_create_u32, debugfs_create_x32, debugfs_create_bool, debugfs_create_blob } from './file.js';
import { kernel_read, kernel_write } from '../read_write.js';
import { do_filp_open } from '../open.js';
import { fput } from '../file.js';
import { root_cred } from '../../kernel/cred.js';
import { O_RDONLY, O_WRONLY } from '../../uapi/fcntl.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('debugfs', () => {
  it('serves files made by debugfs_create_file, with their data in private_data', async () => {
    const fops: FileOperations = {
      read: (file, buf, count, ppos) =>
        simple_read_from_buffer(buf, count, ppos, new TextEncoder().encode(`${String(file.private_data)}\n`)),
    };
    const dir = debugfs_create_dir('dbgtest', null);
    expect(dir).not.toBeNull();
    const f = debugfs_create_file('value', 0o444, dir, 'the data', fops);
    expect(f).not.toBeNull();
    expect(debugfs_create_file('value', 0o444, dir, null, fops)).toBeNull();
    const r = await tm.run(['/bin/cat', '/sys/kernel/debug/dbgtest/value']);
    expect(r.stdout).toBe('the data\n');
    const p = await kern_path(kernel_ctx(), '/sys/kernel/debug/dbgtest/value');
    if (typeof p === 'number') throw new Error(String(p));
    expect(vfs_getattr(p.dentry).mode).toBe(S_IFREG | 0o444);
    const root = await kern_path(kernel_ctx(), '/sys/kernel/debug');
    if (typeof root === 'number') throw new Error(String(root));
    expect(vfs_getattr(root.dentry).mode).toBe(S_IFDIR | 0o700);
    const u = await tm.run(['/bin/cat', '/sys/kernel/debug/dbgtest/value'], { cred: USER });
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('Permission denied');
    debugfs_remove(f);
    expect(await kern_path(kernel_ctx(), '/sys/kernel/debug/dbgtest/value')).toBe(-ENOENT);
    debugfs_create_file('again', 0o444, dir, null, fops);
    debugfs_remove_recursive(dir);
    expect(await kern_path(kernel_ctx(), '/sys/kernel/debug/dbgtest')).toBe(-ENOENT);
  });
});

describe('debugfs value files', () => {
  it('show and set numbers and booleans; blobs are read-only', async () => {
    const caller = { pid: 0, cred: root_cred() };
    const rw = async (path: string, data?: string): Promise<string | number> => {
      const f = await do_filp_open(kernel_ctx(), path, data === undefined ? O_RDONLY : O_WRONLY, 0);
      if (typeof f === 'number') return f;
      try {
        if (data !== undefined) return await kernel_write(f, new TextEncoder().encode(data), { pos: 0 }, caller);
        const b = new Uint8Array(256);
        const n = await kernel_read(f, b, { pos: 0 }, caller);
        return new TextDecoder().decode(b.subarray(0, n));
      } finally {
        await fput(f, caller);
      }
    };
    const dir = debugfs_create_dir('vals', null);
    const n = { value: 7 };
    const x = { value: 255 };
    const b = { value: false };
    debugfs_create_u32('n', 0o644, dir, n);
    debugfs_create_x32('x', 0o444, dir, x);
    debugfs_create_bool('b', 0o644, dir, b);
    debugfs_create_blob('blob', 0o644, dir, { data: new TextEncoder().encode('blobdata'), size: 4 });
    expect(await rw('/sys/kernel/debug/vals/n')).toBe('7\n');
    expect(await rw('/sys/kernel/debug/vals/n', '0x10\n')).toBe(5);
    expect(n.value).toBe(16);
    expect(await rw('/sys/kernel/debug/vals/n', '4294967296')).toBe(-22);
    expect(await rw('/sys/kernel/debug/vals/x')).toBe('0x000000ff\n');
    expect(await rw('/sys/kernel/debug/vals/b', 'Y')).toBe(1);
    expect(b.value).toBe(true);
    expect(await rw('/sys/kernel/debug/vals/b')).toBe('Y\n');
    expect(await rw('/sys/kernel/debug/vals/blob')).toBe('blob');
    debugfs_remove_recursive(dir);
  });
});
