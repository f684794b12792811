// fallocate(2) through its handler on rootfs: growing a file with zeros, FALLOC_FL_KEEP_SIZE, punching a
// hole and zeroing a range; the checks every file system shares (modes, the open mode, the file's type,
// the size limit), each refusal leaving the file as it was; and i_version moving only on a change.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred } from '../kernel/cred.js';
import { sys_fallocate } from './fallocate.js';
import { sys_openat } from './open.js';
import { sys_pread64 } from './read_write.js';
import { kern_path } from './namei.js';
import {
  AT_FDCWD, FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE, O_DIRECTORY, O_RDONLY, O_RDWR,
} from '../uapi/fcntl.js';
import { EBADF, EFBIG, EINVAL, ENODEV, EOPNOTSUPP } from '../uapi/errno.js';
import { ROOTFS_MAXBYTES } from './rootfs/rootfs.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

const task = () => {
  const root = kernel_ctx().root;
  return new Task(30005, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
};
const PATH = 8192, BUF = 65536;
async function open(t: Task, path: string, flags: number): Promise<number> {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  return sys_openat(t, AT_FDCWD, PATH, flags, 0o644);
}
async function inode(path: string) {
  const p = await kern_path(kernel_ctx(), path);
  if (typeof p === 'number') throw new Error(String(p));
  return p.dentry.d_inode!;
}
async function content(t: Task, fd: number, n: number): Promise<string> {
  const r = await sys_pread64(t, fd, BUF, n, 0);
  return new TextDecoder().decode(t.mm.bytes.slice(BUF, BUF + r));
}

describe('fallocate on rootfs', () => {
  it('grows a file with zeros, or with KEEP_SIZE changes nothing', async () => {
    expect(await kernel_write_file({ path: '/tmp/fa', mode: 0o644, content: 'abc' })).toBe(0);
    const t = task();
    const fd = await open(t, '/tmp/fa', O_RDWR);
    const ino = await inode('/tmp/fa');
    const v0 = ino.i_version;
    expect(await sys_fallocate(t, fd, FALLOC_FL_KEEP_SIZE, 0, 100)).toBe(0);
    expect(ino.i_size).toBe(3);
    expect(await sys_fallocate(t, fd, 0, 1, 2)).toBe(0);
    expect(ino.i_size).toBe(3);
    expect(await sys_fallocate(t, fd, 0, 2, 6)).toBe(0);
    expect(ino.i_size).toBe(8);
    expect(await content(t, fd, 100)).toBe('abc\0\0\0\0\0');
    expect(ino.i_version).toBeGreaterThan(v0);
  });

  it('punches a hole (size kept) and zeroes a range (size grown unless KEEP_SIZE)', async () => {
    expect(await kernel_write_file({ path: '/tmp/fb', mode: 0o644, content: 'abcdefgh' })).toBe(0);
    const t = task();
    const fd = await open(t, '/tmp/fb', O_RDWR);
    expect(await sys_fallocate(t, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 100)).toBe(0);
    expect(await content(t, fd, 100)).toBe('ab\0\0\0\0\0\0');
    expect(await sys_fallocate(t, fd, FALLOC_FL_ZERO_RANGE, 0, 10)).toBe(0);
    expect(await content(t, fd, 100)).toBe('\0'.repeat(10));
  });

  it('refuses bad modes, ranges, open modes and objects, changing nothing', async () => {
    expect(await kernel_write_file({ path: '/tmp/fc', mode: 0o644, content: 'keep' })).toBe(0);
    const t = task();
    const rw = await open(t, '/tmp/fc', O_RDWR);
    const ro = await open(t, '/tmp/fc', O_RDONLY);
    const dir = await open(t, '/tmp', O_RDONLY | O_DIRECTORY);
    const dev = await open(t, '/dev/null', O_RDWR);
    const v0 = (await inode('/tmp/fc')).i_version;
    expect(await sys_fallocate(t, rw, FALLOC_FL_PUNCH_HOLE, 0, 1)).toBe(-EOPNOTSUPP);
    expect(await sys_fallocate(t, rw, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, 1))
      .toBe(-EOPNOTSUPP);
    expect(await sys_fallocate(t, rw, 0x100, 0, 1)).toBe(-EOPNOTSUPP);
    expect(await sys_fallocate(t, rw, 0, -1, 1)).toBe(-EINVAL);
    expect(await sys_fallocate(t, rw, 0, 0, 0)).toBe(-EINVAL);
    expect(await sys_fallocate(t, rw, 0, ROOTFS_MAXBYTES, 1)).toBe(-EFBIG);
    expect(await sys_fallocate(t, ro, 0, 0, 10)).toBe(-EBADF);
    // A directory is never open for writing: EBADF comes first, as in Linux.
    expect(await sys_fallocate(t, dir, 0, 0, 10)).toBe(-EBADF);
    expect(await sys_fallocate(t, dev, 0, 0, 10)).toBe(-ENODEV);
    expect(await sys_fallocate(t, 99, 0, 0, 10)).toBe(-EBADF);
    expect(await content(t, rw, 100)).toBe('keep');
    expect((await inode('/tmp/fc')).i_version).toBe(v0);
  });
});
