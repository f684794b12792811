// The root file system's size limits: file data lives in host memory, so a write or truncate far past a
// file's end is refused (EFBIG) instead of allocating that much of the host, and a mount's files hold at
// most its size= (ENOSPC), given back when a file shrinks or its last name and descriptor go.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open, notify_change } from '../open.js';
import { kernel_write } from '../read_write.js';
import { fput } from '../file.js';
import { do_mkdir, do_unlink, kern_path } from '../namei.js';
import { do_mount } from '../namespace.js';
import { root_cred } from '../../kernel/cred.js';
import type { File } from '../fs.js';
import { O_CREAT, O_RDWR } from '../../uapi/fcntl.js';
import { EFBIG, EINVAL, ENOSPC } from '../../uapi/errno.js';
import { ROOTFS_MAXBYTES } from './rootfs.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

const caller = { pid: 0, cred: root_cred() };
async function openw(path: string): Promise<File> {
  const f = await do_filp_open(kernel_ctx(), path, O_RDWR | O_CREAT, 0o644);
  if (typeof f === 'number') throw new Error(`open ${path}: ${f}`);
  return f;
}
const write = (f: File, n: number, pos: number) => kernel_write(f, new Uint8Array(n), { pos }, caller);
async function truncate(path: string, size: number): Promise<number> {
  const p = await kern_path(kernel_ctx(), path);
  if (typeof p === 'number') return p;
  return notify_change(kernel_ctx(), p, { size });
}

describe('rootfs limits', () => {
  it('refuses writes and truncates past s_maxbytes (EFBIG) without allocating them', async () => {
    const f = await openw('/tmp/big');
    const rss = process.memoryUsage().rss;
    expect(await write(f, 10, 2 ** 31 + 5)).toBe(-EFBIG);
    expect(await write(f, 10, 2 ** 40)).toBe(-EFBIG);
    expect(await truncate('/tmp/big', 2 ** 31)).toBe(-EFBIG);
    expect(await write(f, 0, 2 ** 40)).toBe(0);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 << 20);
    expect(f.f_inode.i_size).toBe(0);
    await fput(f, caller);
    expect(ROOTFS_MAXBYTES).toBeLessThan(2 ** 31);
  });

  it('a mount holds at most its size=; a truncate or the last close of an unlinked file gives the bytes back', async () => {
    const ctx = kernel_ctx();
    expect(await do_mkdir(ctx, '/srv/small', 0o755)).toBe(0);
    const where = await kern_path(ctx, '/srv/small');
    if (typeof where === 'number') throw new Error(String(where));
    expect(do_mount('ram', where, 'rootfs', 'size=x')).toBe(-EINVAL);
    expect(do_mount('ram', where, 'rootfs', 'size=64k')).toBe(0);
    const a = await openw('/srv/small/a'), b = await openw('/srv/small/b');
    expect(await write(a, 60 << 10, 0)).toBe(60 << 10);
    expect(await write(b, 8 << 10, 0)).toBe(-ENOSPC);
    expect(await truncate('/srv/small/b', 8 << 10)).toBe(-ENOSPC);
    expect(await truncate('/srv/small/a', 1 << 10)).toBe(0);
    expect(await write(b, 8 << 10, 0)).toBe(8 << 10);
    // Rewriting bytes a file has costs nothing more.
    expect(await write(b, 8 << 10, 0)).toBe(8 << 10);
    expect(await write(a, 56 << 10, 1 << 10)).toBe(-ENOSPC);
    // Unlinked but open: still held until the last close.
    expect(await do_unlink(ctx, '/srv/small/b')).toBe(0);
    expect(await write(a, 56 << 10, 1 << 10)).toBe(-ENOSPC);
    await fput(b, caller);
    expect(await write(a, 56 << 10, 1 << 10)).toBe(56 << 10);
    await fput(a, caller);
  });
});
