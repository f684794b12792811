import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from '../machine.fixture.js';
import { Machine, statusToCode } from '@urfs/emu-kernel/host/machine';
import { kernel_ctx, kernel_write_file } from '@urfs/emu-kernel/init/main';
import { printk_state } from '@urfs/emu-kernel/kernel/printk';
import { do_mkdir, do_unlink, do_rename, kern_path } from '@urfs/emu-kernel/fs/namei';
import { do_filp_open, notify_change } from '@urfs/emu-kernel/fs/open';
import { kernel_write } from '@urfs/emu-kernel/fs/read_write';
import { filp_close } from '@urfs/emu-kernel/fs/file';
import type { File } from '@urfs/emu-kernel/fs/fs';
import { O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { EROFS } from '@urfs/emu-kernel/uapi/errno';
import { RFS_ERR_OK, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE } from '../rfs.js';
import { flt_get_by_name, flt_execute_mod_cb, flt_is_active } from '../filter.js';
import { dummyflt_init, dummyflt_exit } from './dummyflt.js';
import { roflt_init, roflt_exit } from './roflt.js';

let m: Machine;
let out = '';
const SUB_IN = RFS_PATH_SUBTREE | RFS_PATH_INCLUDE;

async function cat(path: string): Promise<{ code: number; out: string }> {
  out = '';
  const { exited } = await m.spawn({ argv: ['/bin/cat', path] });
  return { code: statusToCode(await exited), out };
}
const put = (path: string, content = 'data\n') => kernel_write_file({ path, mode: 0o644, content });

describe('demo kernel filters', () => {
  use_redirfs_machine({
    booted: (b) => (m = b),
    stdout: (s) => void (out += s),
    after_each() {
      dummyflt_exit();
      roflt_exit();
    },
  });

  it('dummyflt logs open, release, permission and lookup under its paths', async () => {
    expect(await put('/tmp/dummy/f')).toBe(0);
    expect(await put('/tmp/other')).toBe(0);
    expect(await dummyflt_init([{ path: '/tmp/dummy', flags: SUB_IN }])).toBe(RFS_ERR_OK);
    const seq = printk_state().seq;
    expect((await cat('/tmp/dummy/f')).out).toBe('data\n');
    await cat('/tmp/other');
    await cat('/tmp/dummy/missing');
    const log = printk_state().records.filter((r) => r.seq >= seq && r.text.startsWith('dummyflt:')).map((r) => r.text);
    for (const want of [
      /^dummyflt: pre RFS_REG_IOP_PERMISSION \/tmp\/dummy\/f mask \d+ \(pid \d+\)$/,
      /^dummyflt: pre RFS_REG_FOP_OPEN \/tmp\/dummy\/f \(pid \d+\)$/,
      /^dummyflt: post RFS_REG_FOP_OPEN \/tmp\/dummy\/f = 0 \(pid \d+\)$/,
      /^dummyflt: post RFS_REG_FOP_RELEASE \/tmp\/dummy\/f = 0/,
      /^dummyflt: pre RFS_DIR_IOP_LOOKUP \/tmp\/dummy\/missing/,
      /^dummyflt: pre RFS_DIR_IOP_PERMISSION \/tmp\/dummy mask 1/,
    ]) {
      expect(log.some((l) => want.test(l)), String(want)).toBe(true);
    }
    expect(log.some((l) => l.includes('/tmp/other'))).toBe(false);
    expect(log.some((l) => l.includes('READ'))).toBe(false);
  });

  it('roflt refuses every modification under its paths with EROFS', async () => {
    expect(await put('/tmp/ro/f', 'keep\n')).toBe(0);
    expect(await put('/tmp/rw/f')).toBe(0);
    const ctx = kernel_ctx();
    const caller = { pid: 0, cred: ctx.cred };
    const early = await do_filp_open(ctx, '/tmp/ro/f', O_WRONLY, 0);
    if (typeof early === 'number') throw new Error(`open: ${early}`);
    expect(await roflt_init([{ path: '/tmp/ro', flags: SUB_IN }])).toBe(RFS_ERR_OK);

    expect(await put('/tmp/ro/f', 'changed\n')).toBe(-EROFS);
    expect(await put('/tmp/ro/new')).toBe(-EROFS);
    expect(await do_mkdir(ctx, '/tmp/ro/d', 0o755)).toBe(-EROFS);
    expect(await do_unlink(ctx, '/tmp/ro/f')).toBe(-EROFS);
    expect(await do_rename(ctx, '/tmp/ro/f', '/tmp/rw/g')).toBe(-EROFS);
    expect(await do_rename(ctx, '/tmp/rw/f', '/tmp/ro/g')).toBe(-EROFS);
    const p = await kern_path(ctx, '/tmp/ro/f');
    if (typeof p === 'number') throw new Error('no path');
    expect(await notify_change(ctx, p, { mode: 0o777 })).toBe(-EROFS);
    // A file opened for writing before roflt came cannot be written now either.
    expect(await kernel_write(early, new TextEncoder().encode('x'), { pos: 0 }, caller)).toBe(-EROFS);
    await filp_close(early as File, caller);
    await expect(m.spawn({ argv: ['/bin/echo', 'x'], stdio: ['/dev/console', '/tmp/ro/f', '/dev/ttyS0'] }))
      .rejects.toThrow('Read-only file system');
    // Reading still works, and outside the path everything does.
    expect(await cat('/tmp/ro/f')).toEqual({ code: 0, out: 'keep\n' });
    expect(await put('/tmp/rw/f', 'changed\n')).toBe(0);

    // The administrator can switch it off through its modifier callback.
    const flt = flt_get_by_name('roflt')!;
    expect(await flt_execute_mod_cb(flt, { type: 'deactivate' })).toBe(RFS_ERR_OK);
    expect(flt_is_active(flt)).toBe(false);
    expect(await put('/tmp/ro/f', 'changed\n')).toBe(0);
    expect((await cat('/tmp/ro/f')).out).toBe('changed\n');
  });
});
