// RAM files of the pseudo file systems (libfs's ramfs operations, e.g. a regular file made in /dev): their
// bytes are kernel memory, so a write or truncate far past the end is EFBIG instead of an allocation of
// that size, and a write across the limit is cut there.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { kernel_ctx } from '../init/main.js';
import { do_filp_open, notify_change } from './open.js';
import { kernel_read, kernel_write } from './read_write.js';
import { fput } from './file.js';
import { do_mknod, kern_path } from './namei.js';
import { root_cred } from '../kernel/cred.js';
import { O_RDWR } from '../uapi/fcntl.js';
import { S_IFREG } from '../uapi/stat.js';
import { EFBIG } from '../uapi/errno.js';
import { RAMFS_MAXBYTES } from './libfs.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('ramfs files', () => {
  it('refuse writes and truncates past their limit (EFBIG), cut a write across it, and keep working', async () => {
    const ctx = kernel_ctx(), caller = { pid: 0, cred: root_cred() };
    expect(await do_mknod(ctx, '/dev/ramf', S_IFREG | 0o600, 0)).toBe(0);
    const f = await do_filp_open(ctx, '/dev/ramf', O_RDWR, 0);
    if (typeof f === 'number') throw new Error(String(f));
    const p = await kern_path(ctx, '/dev/ramf');
    if (typeof p === 'number') throw new Error(String(p));
    const rss = process.memoryUsage().rss;
    expect(await kernel_write(f, new Uint8Array(3), { pos: 2 ** 40 }, caller)).toBe(-EFBIG);
    expect(await kernel_write(f, new Uint8Array(3), { pos: 2 ** 53 - 1 }, caller)).toBe(-EFBIG);
    expect(await notify_change(ctx, p, { size: 2 ** 31 })).toBe(-EFBIG);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 << 20);
    expect(await kernel_write(f, new Uint8Array([1, 2, 3, 4, 5]), { pos: RAMFS_MAXBYTES - 2 }, caller)).toBe(2);
    expect(f.f_inode.i_size).toBe(RAMFS_MAXBYTES);
    expect(await notify_change(ctx, p, { size: 4 })).toBe(0);
    expect(await kernel_write(f, new TextEncoder().encode('ok'), { pos: 0 }, caller)).toBe(2);
    const back = new Uint8Array(8);
    expect(await kernel_read(f, back, { pos: 0 }, caller)).toBe(4);
    expect([...back.subarray(0, 4)]).toEqual([111, 107, 0, 0]);
    await fput(f, caller);
  });
});
