// statfs and fstatfs through their handlers: each mounted file system's magic number, rootfs's size and
// use as tmpfs reports them (and their change after a write), the mount's flags, and the errors.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred } from '../kernel/cred.js';
import { sys_statfs, sys_fstatfs } from './statfs.js';
import { sys_openat } from './open.js';
import { AT_FDCWD, O_RDONLY } from '../uapi/fcntl.js';
import {
  STATFS_SIZE, decodeStatfs, TMPFS_MAGIC, PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, CONFIGFS_MAGIC,
  ST_NOSUID, ST_NODEV, ST_NOEXEC, type Statfs,
} from '../uapi/statfs.js';
import { EBADF, EFAULT, ENOENT } from '../uapi/errno.js';
import { ROOTFS_SIZE } from './rootfs/rootfs.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

const t = () => {
  const root = kernel_ctx().root;
  return new Task(30004, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
};
const PATH = 8192, BUF = 16384;
async function statfs(task: Task, path: string): Promise<Statfs | number> {
  task.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  const r = await sys_statfs(task, PATH, BUF);
  return r < 0 ? r : decodeStatfs(task.mm.bytes.slice(BUF, BUF + STATFS_SIZE));
}

describe('statfs', () => {
  it('names each file system by its magic number', async () => {
    const task = t();
    const magic = async (p: string) => {
      const s = await statfs(task, p);
      return typeof s === 'number' ? s : s.f_type;
    };
    expect(await magic('/tmp')).toBe(TMPFS_MAGIC);
    expect(await magic('/dev/null')).toBe(TMPFS_MAGIC);
    expect(await magic('/proc/sys')).toBe(PROC_SUPER_MAGIC);
    expect(await magic('/sys/kernel')).toBe(SYSFS_MAGIC);
    expect(await magic('/sys/kernel/debug')).toBe(DEBUGFS_MAGIC);
    expect(await magic('/config')).toBe(CONFIGFS_MAGIC);
  });

  it('reports rootfs\'s size in pages, and the pages its files use', async () => {
    const task = t();
    const before = await statfs(task, '/');
    if (typeof before === 'number') throw new Error(String(before));
    expect(before.f_bsize).toBe(4096);
    expect(before.f_blocks).toBe(ROOTFS_SIZE / 4096);
    expect(before.f_namelen).toBe(255);
    expect(await kernel_write_file({ path: '/tmp/statfs-big', mode: 0o644, content: new Uint8Array(1 << 20) })).toBe(0);
    const after = await statfs(task, '/tmp');
    if (typeof after === 'number') throw new Error(String(after));
    expect(before.f_bfree - after.f_bfree).toBe(256);
    expect(after.f_bavail).toBe(after.f_bfree);
  });

  it('carries the mount\'s flags', async () => {
    const s = await statfs(t(), '/proc');
    if (typeof s === 'number') throw new Error(String(s));
    expect(s.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC)).toBe(ST_NOSUID | ST_NODEV | ST_NOEXEC);
  });

  it('fails cleanly: a missing path, a bad buffer, a bad descriptor', async () => {
    const task = t();
    expect(await statfs(task, '/nonexistent')).toBe(-ENOENT);
    task.mm.bytes.set(new TextEncoder().encode('/\0'), PATH);
    expect(await sys_statfs(task, PATH, 2 ** 40)).toBe(-EFAULT);
    expect(await sys_fstatfs(task, 42, BUF)).toBe(-EBADF);
    const fd = await sys_openat(task, AT_FDCWD, PATH, O_RDONLY, 0);
    expect(await sys_fstatfs(task, fd, BUF)).toBe(0);
    expect(decodeStatfs(task.mm.bytes.slice(BUF, BUF + STATFS_SIZE)).f_type).toBe(TMPFS_MAGIC);
  });
});
