import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from './machine.fixture.js';
import { Machine, statusToCode } from '@urfs/emu-kernel/host/machine';
import { kernel_ctx, kernel_write_file } from '@urfs/emu-kernel/init/main';
import {
  do_mkdir, do_mknod, do_symlink, do_link, do_unlink, do_rmdir, do_rename, kern_path,
} from '@urfs/emu-kernel/fs/namei';
import { do_filp_open, notify_change } from '@urfs/emu-kernel/fs/open';
import { kernel_read, kernel_write, vfs_llseek } from '@urfs/emu-kernel/fs/read_write';
import { filp_close } from '@urfs/emu-kernel/fs/file';
import { vfs_dispatch, type VfsCaller } from '@urfs/emu-kernel/fs/vfs_hook';
import type { File } from '@urfs/emu-kernel/fs/fs';
import { O_CREAT, O_RDWR, O_RDONLY, O_WRONLY, O_NONBLOCK, O_DIRECTORY } from '@urfs/emu-kernel/uapi/fcntl';
import { S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK } from '@urfs/emu-kernel/uapi/stat';
import { MKDEV } from '@urfs/emu-kernel/kernel/kdev_t';
import { root_cred } from '@urfs/emu-kernel/kernel/cred';
import {
  RFS_CONTINUE, RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOENT, RFS_ERR_NOTDIR, RFS_ERR_NAMETOOLONG, RFS_PATH_SINGLE,
  RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE,
} from './rfs.js';
import {
  RFS_OP_END, RFS_REG_FOP_OPEN, RFS_DIR_IOP_CREATE, RFS_CHR_FOP_OPEN, rfs_op_name, rfs_op_vfs_op,
} from './ops.js';
import { rfs_register_filter, rfs_set_operations, rfs_unregister_filter, type rfs_filter } from './filter.js';
import {
  rfs_set_path, path_get_infos, path_rem, path_rem_by_name, path_rem_all, rfs_get_filename,
} from './path.js';

let m: Machine;
let out = '';

async function cat(path: string): Promise<{ code: number; out: string }> {
  out = '';
  const { exited } = await m.spawn({ argv: ['/bin/cat', path] });
  return { code: statusToCode(await exited), out };
}
async function put(path: string, content = 'x\n'): Promise<void> {
  expect(await kernel_write_file({ path, mode: 0o644, content })).toBe(0);
}
function filter(name: string, priority: number): rfs_filter {
  const r = rfs_register_filter({ name, priority, active: 1 });
  expect(r.err).toBe(RFS_ERR_OK);
  return r.filter!;
}
const SUB_IN = RFS_PATH_SUBTREE | RFS_PATH_INCLUDE;
const SUB_EX = RFS_PATH_SUBTREE | RFS_PATH_EXCLUDE;
const ONE_IN = RFS_PATH_SINGLE | RFS_PATH_INCLUDE;
const ONE_EX = RFS_PATH_SINGLE | RFS_PATH_EXCLUDE;

/** A filter that records the names of the objects of REG open calls made by processes. */
function opens(name: string, priority: number): { f: rfs_filter; seen: string[] } {
  const f = filter(name, priority);
  const seen: string[] = [];
  rfs_set_operations(f, [{
    op_id: RFS_REG_FOP_OPEN,
    pre_cb: (cx, a) => {
      if (a.op === 'open' && cx.caller.pid !== 0) seen.push(rfs_get_filename(a.args.file).name);
      return RFS_CONTINUE;
    },
  }]);
  return { f, seen };
}

describe('RedirFS paths', () => {
  use_redirfs_machine({ booted: (b) => (m = b), stdout: (s) => void (out += s) });

  it('answers every rfs_set_path error', async () => {
    await put('/tmp/err/file');
    const f = filter('e', 1);
    expect(await rfs_set_path(f, { path: '/tmp/err/missing', flags: SUB_IN })).toBe(RFS_ERR_NOENT);
    expect(await rfs_set_path(f, { path: '', flags: SUB_IN })).toBe(RFS_ERR_NOENT);
    expect(await rfs_set_path(f, { path: '/tmp/err/file', flags: SUB_IN })).toBe(RFS_ERR_NOTDIR);
    expect(await rfs_set_path(f, { path: '/tmp/err/file/x', flags: ONE_IN })).toBe(RFS_ERR_NOTDIR);
    expect(await rfs_set_path(f, { path: '/tmp/' + 'n'.repeat(300), flags: ONE_IN })).toBe(RFS_ERR_NAMETOOLONG);
    for (const flags of [0, RFS_PATH_INCLUDE, RFS_PATH_SINGLE, RFS_PATH_SINGLE | RFS_PATH_SUBTREE | RFS_PATH_INCLUDE,
      RFS_PATH_SINGLE | RFS_PATH_INCLUDE | RFS_PATH_EXCLUDE, ONE_IN | 16, 1.5]) {
      expect(await rfs_set_path(f, { path: '/tmp/err', flags })).toBe(RFS_ERR_INVAL);
    }
    expect(await rfs_set_path(f, { path: 42 as never, flags: SUB_IN })).toBe(RFS_ERR_INVAL);
    expect(await rfs_set_path(f, null as never)).toBe(RFS_ERR_INVAL);
    expect(path_get_infos(f).paths).toEqual([]);
    rfs_unregister_filter(f);
    expect(await rfs_set_path(f, { path: '/tmp/err', flags: SUB_IN })).toBe(RFS_ERR_INVAL);
  });

  it('lists, removes and shares paths by id', async () => {
    await put('/tmp/q/a/f');
    await put('/tmp/q/b/f');
    const f = filter('q', 1);
    const g = filter('g', 2);
    expect(await rfs_set_path(f, { path: '/tmp/q/a', flags: SUB_IN })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/tmp/q/b/f', flags: ONE_EX })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(g, { path: '/tmp/q/a/', flags: ONE_IN })).toBe(RFS_ERR_OK);
    const pf = path_get_infos(f).paths;
    const pg = path_get_infos(g).paths;
    expect(pf.map((p) => [p.path, p.flags])).toEqual([['/tmp/q/a', SUB_IN], ['/tmp/q/b/f', ONE_EX]]);
    // The same directory is one path object with one id for both filters, with flags of its own for each.
    expect(pg).toEqual([{ id: pf[0].id, path: '/tmp/q/a', flags: ONE_IN }]);
    // Setting a path again changes its flags.
    expect(await rfs_set_path(f, { path: '/tmp/q/a', flags: SUB_EX })).toBe(RFS_ERR_OK);
    expect(path_get_infos(f).paths[0]).toEqual({ id: pf[0].id, path: '/tmp/q/a', flags: SUB_EX });
    expect(path_rem(f, pf[0].id)).toBe(RFS_ERR_OK);
    expect(path_rem(f, pf[0].id)).toBe(RFS_ERR_NOENT);
    expect(path_rem(f, 9999)).toBe(RFS_ERR_NOENT);
    expect(path_get_infos(g).paths).toHaveLength(1);
    expect(await path_rem_by_name(f, '/tmp/q/b/f')).toBe(RFS_ERR_OK);
    expect(await path_rem_by_name(f, '/tmp/q/b/f')).toBe(RFS_ERR_NOENT);
    expect(path_get_infos(f).paths).toEqual([]);
    expect(await rfs_set_path(f, { path: '/tmp/q/b', flags: SUB_IN })).toBe(RFS_ERR_OK);
    expect(path_rem_all(f)).toBe(RFS_ERR_OK);
    expect(path_get_infos(f).paths).toEqual([]);
    rfs_unregister_filter(g);
    expect(path_get_infos(g).err).toBe(RFS_ERR_INVAL);
  });

  it('nests excludes in includes and includes in excludes', async () => {
    for (const p of ['/tmp/n/f', '/tmp/n/ex/g', '/tmp/n/ex/in/h', '/tmp/n/ex/one', '/tmp/n/ex/in/no']) await put(p);
    const { f, seen } = opens('nest', 1);
    expect(await rfs_set_path(f, { path: '/tmp/n', flags: SUB_IN })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/tmp/n/ex', flags: SUB_EX })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/tmp/n/ex/in', flags: SUB_IN })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/tmp/n/ex/one', flags: ONE_IN })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/tmp/n/ex/in/no', flags: ONE_EX })).toBe(RFS_ERR_OK);
    for (const p of ['/tmp/n/f', '/tmp/n/ex/g', '/tmp/n/ex/in/h', '/tmp/n/ex/one', '/tmp/n/ex/in/no']) {
      expect((await cat(p)).code).toBe(0);
    }
    expect(seen).toEqual(['/tmp/n/f', '/tmp/n/ex/in/h', '/tmp/n/ex/one']);
  });

  it('covers only the object itself with SINGLE, everything below with SUBTREE', async () => {
    await put('/tmp/s/f1');
    await put('/tmp/s/f2');
    await put('/tmp/s/sub/f3');
    const { f, seen } = opens('single', 1);
    expect(await rfs_set_path(f, { path: '/tmp/s/f1', flags: ONE_IN })).toBe(RFS_ERR_OK);
    // SINGLE on a directory: its own operations (lookup, create in it), not its children's.
    const dirops: string[] = [];
    rfs_set_operations(f, [{ op_id: RFS_DIR_IOP_CREATE, pre_cb: (_cx, a) => (dirops.push(a.op), RFS_CONTINUE) }]);
    expect(await rfs_set_path(f, { path: '/tmp/s/sub', flags: ONE_IN })).toBe(RFS_ERR_OK);
    for (const p of ['/tmp/s/f1', '/tmp/s/f2', '/tmp/s/sub/f3']) await cat(p);
    expect(seen).toEqual(['/tmp/s/f1']);
    await put('/tmp/s/sub/new');
    await put('/tmp/s/sub/deeper/new');
    expect(dirops).toEqual(['create']);

    seen.length = 0;
    expect(await rfs_set_path(f, { path: '/tmp/s', flags: SUB_IN })).toBe(RFS_ERR_OK);
    for (const p of ['/tmp/s/f1', '/tmp/s/f2', '/tmp/s/sub/f3']) await cat(p);
    expect(seen).toEqual(['/tmp/s/f1', '/tmp/s/f2', '/tmp/s/sub/f3']);
  });

  it('covers files created after the path was set and follows renames', async () => {
    await put('/tmp/r/in/old');
    await put('/tmp/r/out/sub/f');
    const { f, seen } = opens('ren', 1);
    expect(await rfs_set_path(f, { path: '/tmp/r/in', flags: SUB_IN })).toBe(RFS_ERR_OK);
    await put('/tmp/r/in/later/new');
    await cat('/tmp/r/in/later/new');
    expect(seen).toEqual(['/tmp/r/in/later/new']);

    // A subtree moved under the path is covered; moved out again it is not.
    const ctx = kernel_ctx();
    expect(await do_rename(ctx, '/tmp/r/out/sub', '/tmp/r/in/sub')).toBe(0);
    await cat('/tmp/r/in/sub/f');
    expect(seen.at(-1)).toBe('/tmp/r/in/sub/f');
    expect(await do_rename(ctx, '/tmp/r/in/sub', '/tmp/r/out/sub')).toBe(0);
    await cat('/tmp/r/out/sub/f');
    expect(seen).toHaveLength(2);

    // The path root itself renamed: still covered, listed under its new name.
    expect(await do_rename(ctx, '/tmp/r/in', '/tmp/r/moved')).toBe(0);
    await cat('/tmp/r/moved/old');
    expect(seen.at(-1)).toBe('/tmp/r/moved/old');
    expect(path_get_infos(f).paths.map((p) => p.path)).toEqual(['/tmp/r/moved']);
  });

  it('crosses mount points on the way up', async () => {
    const f = filter('mnt', 1);
    const chr: string[] = [];
    rfs_set_operations(f, [{
      op_id: RFS_CHR_FOP_OPEN,
      pre_cb: (_cx, a) => {
        if (a.op === 'open') chr.push(`${rfs_op_name(a.type.id)} ${rfs_get_filename(a.args.file).name}`);
        return RFS_CONTINUE;
      },
    }]);
    expect(await rfs_set_path(f, { path: '/', flags: SUB_IN })).toBe(RFS_ERR_OK);
    const ctx = kernel_ctx();
    const caller = { pid: 0, cred: ctx.cred };
    let file = await do_filp_open(ctx, '/dev/null', O_RDWR, 0);
    expect(typeof file).not.toBe('number');
    await filp_close(file as File, caller);
    expect(chr).toEqual(['RFS_CHR_FOP_OPEN /dev/null']);
    expect(await rfs_set_path(f, { path: '/dev', flags: SUB_EX })).toBe(RFS_ERR_OK);
    file = await do_filp_open(ctx, '/dev/null', O_RDWR, 0);
    await filp_close(file as File, caller);
    expect(chr).toHaveLength(1);
  });

  it('names dentries, files and paths with rfs_get_filename', async () => {
    await put('/tmp/name/f');
    const ctx = kernel_ctx();
    const p = await kern_path(ctx, '/tmp/name/f');
    if (typeof p === 'number') throw new Error('no path');
    expect(rfs_get_filename(p)).toEqual({ err: RFS_ERR_OK, name: '/tmp/name/f' });
    expect(rfs_get_filename(p.dentry)).toEqual({ err: RFS_ERR_OK, name: '/tmp/name/f' });
    expect(rfs_get_filename(p, 12)).toEqual({ err: RFS_ERR_OK, name: '/tmp/name/f' });
    expect(rfs_get_filename(p, 11)).toEqual({ err: RFS_ERR_NAMETOOLONG, name: '' });
    const d = await kern_path(ctx, '/dev/null');
    if (typeof d === 'number') throw new Error('no /dev/null');
    expect(rfs_get_filename(d.dentry).name).toBe('/dev/null');
    expect(rfs_get_filename(null as never).err).toBe(RFS_ERR_INVAL);
  });

  it('fires every operation id the VFS reaches', async () => {
    const ctx = kernel_ctx();
    const caller: VfsCaller = { pid: 0, cred: root_cred() };
    expect(await do_mkdir(ctx, '/tmp/all', 0o755)).toBe(0);
    const f = filter('all', 1);
    const fired = new Set<string>();
    const mismatched: string[] = [];
    const cb = (when: string) => (_cx: unknown, a: { op: string; type: { id: number; call: string } }) => {
      if (rfs_op_vfs_op(a.type.id) !== a.op || a.type.call !== when) mismatched.push(`${a.op} ${rfs_op_name(a.type.id)}`);
      fired.add(rfs_op_name(a.type.id));
      return RFS_CONTINUE;
    };
    expect(rfs_set_operations(f, Array.from({ length: RFS_OP_END }, (_, op_id) => ({
      op_id, pre_cb: cb('pre'), post_cb: cb('post'),
    })))).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/tmp/all', flags: SUB_IN })).toBe(RFS_ERR_OK);

    const open = async (path: string, flags: number, mode = 0o644): Promise<File | number> =>
      do_filp_open(ctx, path, flags, mode);
    const path = async (p: string, follow = true) => {
      const r = await kern_path(ctx, p, follow ? 1 : 0);
      if (typeof r === 'number') throw new Error(`${p}: ${r}`);
      return r;
    };
    // Directory operations.
    expect(await do_mkdir(ctx, '/tmp/all/d', 0o755)).toBe(0);
    const reg = await open('/tmp/all/f', O_CREAT | O_RDWR);
    if (typeof reg === 'number') throw new Error(`create: ${reg}`);
    expect(await kernel_write(reg, new Uint8Array([1, 2, 3]), { pos: 0 }, caller)).toBe(3);
    expect(await kernel_read(reg, new Uint8Array(3), { pos: 0 }, caller)).toBe(3);
    expect(await vfs_llseek(reg, 0, 0, caller)).toBe(0);
    await filp_close(reg, caller);
    const again = await open('/tmp/all/f', O_RDONLY);
    await filp_close(again as File, caller);
    expect(await notify_change(ctx, await path('/tmp/all/f'), { mode: 0o600 })).toBe(0);
    expect(await notify_change(ctx, await path('/tmp/all/d'), { mode: 0o700 })).toBe(0);
    expect(await do_link(ctx, '/tmp/all/f', '/tmp/all/hard')).toBe(0);
    expect(await do_symlink(ctx, 'f', '/tmp/all/sym')).toBe(0);
    expect(await notify_change(ctx, await path('/tmp/all/sym', false), { uid: 1 })).toBe(0);
    expect(await do_rename(ctx, '/tmp/all/hard', '/tmp/all/hard2')).toBe(0);
    expect(await do_unlink(ctx, '/tmp/all/hard2')).toBe(0);
    expect(await do_rmdir(ctx, '/tmp/all/d')).toBe(0);
    // A directory opened and read.
    const dir = await open('/tmp/all', O_RDONLY | O_DIRECTORY);
    if (typeof dir === 'number') throw new Error(`opendir: ${dir}`);
    const names: string[] = [];
    expect(await vfs_dispatch('readdir', { file: dir, ctx: { pos: 0, emit: (n) => (names.push(n), true) } },
      { ...caller, path: dir.f_path }, (a) => a.file.f_op.iterate_shared!(a.file, a.ctx))).toBe(0);
    expect(names).toContain('f');
    await filp_close(dir, caller);
    // A character device (1, 3 is the null device), a fifo, a block device and a socket.
    expect(await do_mknod(ctx, '/tmp/all/null', S_IFCHR | 0o666, MKDEV(1, 3))).toBe(0);
    const chr = await open('/tmp/all/null', O_RDWR);
    if (typeof chr === 'number') throw new Error(`open null: ${chr}`);
    expect(await kernel_write(chr, new Uint8Array(4), { pos: 0 }, caller)).toBe(4);
    expect(await kernel_read(chr, new Uint8Array(4), { pos: 0 }, caller)).toBe(0);
    await vfs_llseek(chr, 0, 0, caller);
    await filp_close(chr, caller);
    expect(await notify_change(ctx, await path('/tmp/all/null'), { mode: 0o600 })).toBe(0);
    expect(await do_mknod(ctx, '/tmp/all/fifo', S_IFIFO | 0o644, 0)).toBe(0);
    const rd = await open('/tmp/all/fifo', O_RDONLY | O_NONBLOCK);
    if (typeof rd === 'number') throw new Error(`open fifo: ${rd}`);
    const wr = await open('/tmp/all/fifo', O_WRONLY | O_NONBLOCK);
    if (typeof wr === 'number') throw new Error(`open fifo for writing: ${wr}`);
    expect(await kernel_write(wr, new Uint8Array([7]), { pos: 0 }, caller)).toBe(1);
    expect(await kernel_read(rd, new Uint8Array(1), { pos: 0 }, caller)).toBe(1);
    await filp_close(wr, caller);
    await filp_close(rd, caller);
    expect(await notify_change(ctx, await path('/tmp/all/fifo'), { mode: 0o600 })).toBe(0);
    expect(await do_mknod(ctx, '/tmp/all/blk', S_IFBLK | 0o600, MKDEV(8, 0))).toBe(0);
    expect(typeof (await open('/tmp/all/blk', O_RDONLY))).toBe('number');
    expect(await notify_change(ctx, await path('/tmp/all/blk'), { mode: 0o644 })).toBe(0);
    expect(await do_mknod(ctx, '/tmp/all/sock', S_IFSOCK | 0o600, 0)).toBe(0);
    expect(typeof (await open('/tmp/all/sock', O_RDWR))).toBe('number');
    expect(await notify_change(ctx, await path('/tmp/all/sock'), { mode: 0o644 })).toBe(0);

    expect(mismatched).toEqual([]);
    const expected = [
      'RFS_DIR_IOP_CREATE', 'RFS_DIR_IOP_LOOKUP', 'RFS_DIR_IOP_LINK', 'RFS_DIR_IOP_UNLINK', 'RFS_DIR_IOP_SYMLINK',
      'RFS_DIR_IOP_MKDIR', 'RFS_DIR_IOP_RMDIR', 'RFS_DIR_IOP_MKNOD', 'RFS_DIR_IOP_RENAME', 'RFS_DIR_IOP_PERMISSION',
      'RFS_DIR_IOP_SETATTR', 'RFS_DIR_FOP_OPEN', 'RFS_DIR_FOP_RELEASE', 'RFS_DIR_FOP_READDIR',
      'RFS_REG_IOP_PERMISSION', 'RFS_REG_IOP_SETATTR', 'RFS_REG_FOP_OPEN', 'RFS_REG_FOP_RELEASE',
      'RFS_REG_FOP_LLSEEK', 'RFS_REG_FOP_READ', 'RFS_REG_FOP_WRITE',
      'RFS_CHR_IOP_PERMISSION', 'RFS_CHR_IOP_SETATTR', 'RFS_CHR_FOP_OPEN', 'RFS_CHR_FOP_RELEASE',
      'RFS_CHR_FOP_LLSEEK', 'RFS_CHR_FOP_READ', 'RFS_CHR_FOP_WRITE',
      'RFS_FIFO_IOP_PERMISSION', 'RFS_FIFO_IOP_SETATTR', 'RFS_FIFO_FOP_OPEN', 'RFS_FIFO_FOP_RELEASE',
      'RFS_FIFO_FOP_READ', 'RFS_FIFO_FOP_WRITE',
      'RFS_BLK_IOP_PERMISSION', 'RFS_BLK_IOP_SETATTR', 'RFS_BLK_FOP_OPEN',
      'RFS_SOCK_IOP_PERMISSION', 'RFS_SOCK_IOP_SETATTR',
      'RFS_LNK_IOP_SETATTR',
    ];
    expect([...fired].sort()).toEqual(expect.arrayContaining(expected));
    expect([...fired].filter((n) => n.includes('_DOP_'))).toEqual([]);
  });
});
