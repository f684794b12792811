// The inode change version: every system call that changes an object (its data, attributes or names)
// moves Inode.i_version, through the syscall handlers of a process-like task; reading, seeking, stat
// and opening for reading do not, nor do calls that fail or change nothing. The write's bump is in
// place by the time a hook sees the write return (a filter's post-callback sees the new version).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import type { Inode } from './fs.js';
import { kern_path, do_rename, do_unlink, do_link, do_rmdir, do_mkdir, LOOKUP_FOLLOW } from './namei.js';
import { nctx } from './fs_struct.js';
import { sys_open, sys_close, sys_chmod, sys_fchmod, sys_chown, sys_truncate, sys_ftruncate } from './open.js';
import { sys_read, sys_write, sys_pread64, sys_pwrite64, sys_lseek } from './read_write.js';
import { sys_stat, sys_fstat } from './stat.js';
import { sys_utimensat } from './utimes.js';
import { inode_peek_iversion, inode_eq_iversion, inode_inc_iversion } from './iversion.js';
import { vfs_set_hook, vfs_run, type VfsHook } from './vfs_hook.js';
import { AT_FDCWD, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, SEEK_SET } from '../uapi/fcntl.js';
import { EBADF, EPERM } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  vfs_set_hook(null);
  await tm?.shutdown();
});

const PATH = 8192, PATH2 = 12288, BUF = 16384, STATBUF = 20480;
let next_pid = 30100;
function task(cred: Cred = root_cred()): Task {
  const root = kernel_ctx().root;
  return new Task(next_pid++, null, cred, new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
function str(t: Task, at: number, s: string): number {
  t.mm.bytes.set(new TextEncoder().encode(s + '\0'), at);
  return at;
}
async function inode(path: string): Promise<Inode> {
  const p = await kern_path(kernel_ctx(), path, 0);
  if (typeof p === 'number') throw new Error(`${path}: ${p}`);
  return p.dentry.d_inode!;
}
async function open(t: Task, path: string, flags: number): Promise<number> {
  const fd = await sys_open(t, str(t, PATH, path), flags, 0o644);
  expect(fd).toBeGreaterThanOrEqual(0);
  return fd;
}

/** Runs `fn` and says by how much it moved the version of `i`. */
async function bumps(i: Inode, fn: () => Promise<unknown>): Promise<number> {
  const v = inode_peek_iversion(i);
  await fn();
  return inode_peek_iversion(i) - v;
}

describe('i_version', () => {
  it('starts at 1 and is moved by inode_inc_iversion', async () => {
    const t = task();
    const fd = await open(t, '/srv/iv-new', O_CREAT | O_WRONLY);
    const i = await inode('/srv/iv-new');
    expect(i.i_version).toBe(1);
    inode_inc_iversion(i);
    expect(inode_eq_iversion(i, 1)).toBe(false);
    expect(inode_eq_iversion(i, 2)).toBe(true);
    await sys_close(t, fd);
  });

  it('moves on write, pwrite, every truncation and every setattr', async () => {
    expect(await kernel_write_file({ path: '/srv/iv/f', mode: 0o644, content: 'hello\n' })).toBe(0);
    const t = task();
    const i = await inode('/srv/iv/f');
    const fd = await open(t, '/srv/iv/f', O_RDWR);
    t.mm.bytes.set(new TextEncoder().encode('abc'), BUF);
    expect(await bumps(i, async () => expect(await sys_write(t, fd, BUF, 3)).toBe(3))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_pwrite64(t, fd, BUF, 3, 10)).toBe(3))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_ftruncate(t, fd, 2)).toBe(0))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_truncate(t, str(t, PATH, '/srv/iv/f'), 5)).toBe(0))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_chmod(t, str(t, PATH, '/srv/iv/f'), 0o600)).toBe(0))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_fchmod(t, fd, 0o640)).toBe(0))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_chown(t, str(t, PATH, '/srv/iv/f'), 1000, 1000)).toBe(0))).toBe(1);
    expect(await bumps(i, async () => expect(await sys_utimensat(t, AT_FDCWD, str(t, PATH, '/srv/iv/f'), 0, 0)).toBe(0)))
      .toBe(1);
    await sys_close(t, fd);
    // O_TRUNC of a file with something in it truncates it; an open that succeeds and writes nothing else.
    expect(await bumps(i, async () => sys_close(t, await open(t, '/srv/iv/f', O_WRONLY | O_TRUNC)))).toBe(1);
    expect(i.i_size).toBe(0);
  });

  it('stays for read, pread, lseek, stat, fstat, opens for reading, closes, and calls that change nothing', async () => {
    expect(await kernel_write_file({ path: '/srv/iv/r', mode: 0o644, content: 'hello\n' })).toBe(0);
    const t = task();
    const i = await inode('/srv/iv/r');
    expect(await bumps(i, async () => {
      const fd = await open(t, '/srv/iv/r', O_RDONLY);
      expect(await sys_read(t, fd, BUF, 100)).toBe(6);
      expect(await sys_pread64(t, fd, BUF, 100, 1)).toBe(5);
      expect(await sys_lseek(t, fd, 0, SEEK_SET)).toBe(0);
      expect(await sys_fstat(t, fd, STATBUF)).toBe(0);
      expect(await sys_stat(t, str(t, PATH, '/srv/iv/r'), STATBUF, true)).toBe(0);
      // A write on a read-only descriptor fails; a write of no bytes moves none.
      expect(await sys_write(t, fd, BUF, 1)).toBe(-EBADF);
      await sys_close(t, fd);
      const wfd = await open(t, '/srv/iv/r', O_WRONLY);
      expect(await sys_write(t, wfd, BUF, 0)).toBe(0);
      await sys_close(t, wfd);
      // Refused before any change: not the owner.
      const user = task(USER);
      expect(await sys_chmod(user, str(user, PATH, '/srv/iv/r'), 0o777)).toBe(-EPERM);
    })).toBe(0);
  });

  it('moves for the inodes whose names change (rename: moved and replaced; unlink, rmdir, link) and for their directories (also mkdir)', async () => {
    const ctx = nctx(task());
    for (const f of ['/srv/ivn/a/x', '/srv/ivn/a/y', '/srv/ivn/b/z']) {
      expect(await kernel_write_file({ path: f, mode: 0o644, content: f })).toBe(0);
    }
    const [a, b, x, y, z] = await Promise.all(['/srv/ivn/a', '/srv/ivn/b', '/srv/ivn/a/x', '/srv/ivn/a/y', '/srv/ivn/b/z']
      .map(inode));
    const vs = () => [a, b, x, y, z].map((n) => n.i_version);
    let before = vs();
    // x replaces z across directories: x, z and both directories move; y stays.
    expect(await do_rename(ctx, '/srv/ivn/a/x', '/srv/ivn/b/z')).toBe(0);
    expect(vs().map((v, k) => v - before[k])).toEqual([1, 1, 1, 0, 1]);
    before = vs();
    expect(await do_link(ctx, '/srv/ivn/a/y', '/srv/ivn/b/y2')).toBe(0);
    expect(vs().map((v, k) => v - before[k])).toEqual([0, 1, 0, 1, 0]);
    before = vs();
    expect(await do_unlink(ctx, '/srv/ivn/a/y')).toBe(0);
    expect(vs().map((v, k) => v - before[k])).toEqual([1, 0, 0, 1, 0]);
    before = vs();
    expect(await do_mkdir(ctx, '/srv/ivn/a/d', 0o755)).toBe(0);
    expect(vs().map((v, k) => v - before[k])).toEqual([1, 0, 0, 0, 0]);
    const d = await inode('/srv/ivn/a/d');
    expect(d.i_version).toBe(1);
    before = vs();
    expect(await bumps(d, async () => expect(await do_rmdir(ctx, '/srv/ivn/a/d')).toBe(0))).toBe(1);
    expect(vs().map((v, k) => v - before[k])).toEqual([1, 0, 0, 0, 0]);
    // A rename that fails (no such source) moves nothing.
    before = vs();
    expect(await do_rename(ctx, '/srv/ivn/a/none', '/srv/ivn/b/z')).toBeLessThan(0);
    expect(vs()).toEqual(before);
  });

  it('is moved before the write returns through the hook, so a post-callback sees the new version', async () => {
    expect(await kernel_write_file({ path: '/srv/iv/h', mode: 0o644, content: '' })).toBe(0);
    const i = await inode('/srv/iv/h');
    const seen: number[] = [];
    const hook: VfsHook = (op, args, _caller, impl, t) => {
      if (op !== 'write') return vfs_run(impl, args, t);
      seen.push(i.i_version);
      return Promise.resolve(vfs_run(impl, args, t)).then((r) => {
        seen.push(i.i_version);
        return r;
      });
    };
    const t = task();
    const fd = await open(t, '/srv/iv/h', O_WRONLY);
    const prev = vfs_set_hook(hook);
    try {
      t.mm.bytes.set(new TextEncoder().encode('z'), BUF);
      expect(await sys_write(t, fd, BUF, 1)).toBe(1);
    } finally {
      vfs_set_hook(prev);
    }
    await sys_close(t, fd);
    expect(seen[1]).toBe(seen[0] + 1);
    const p = await kern_path(kernel_ctx(), '/srv/iv/h', LOOKUP_FOLLOW);
    expect(typeof p === 'number' ? p : p.dentry.d_inode!.i_version).toBe(seen[1]);
  });
});
