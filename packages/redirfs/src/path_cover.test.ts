// The coverage cache (path_cover): every change that can move an object into or out of a filter's view
// must make the cached answers stale. Each test first makes a call so the answer is cached, then changes
// something and checks which callbacks fire.
import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from './machine.fixture.js';
import { Machine } from '@urfs/emu-kernel/host/machine';
import { kernel_ctx, kernel_write_file } from '@urfs/emu-kernel/init/main';
import { do_mkdir, do_rename, do_unlink, kern_path } from '@urfs/emu-kernel/fs/namei';
import { do_mount, do_umount } from '@urfs/emu-kernel/fs/namespace';
import { do_filp_open } from '@urfs/emu-kernel/fs/open';
import { filp_close } from '@urfs/emu-kernel/fs/file';
import type { File, Path } from '@urfs/emu-kernel/fs/fs';
import type { VfsCaller } from '@urfs/emu-kernel/fs/vfs_hook';
import { O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import {
  RFS_CONTINUE, RFS_ERR_OK, RFS_PATH_SINGLE, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE,
} from './rfs.js';
import { RFS_REG_FOP_OPEN } from './ops.js';
import {
  rfs_register_filter, rfs_set_operations, rfs_unregister_filter, rfs_activate_filter, rfs_deactivate_filter,
  type rfs_filter,
} from './filter.js';
import { rfs_set_path, path_rem, path_rem_by_name, path_rem_all, path_get_infos, rfs_get_filename, path_cover } from './path.js';

let m: Machine;
const SUB_IN = RFS_PATH_SUBTREE | RFS_PATH_INCLUDE;
const SUB_EX = RFS_PATH_SUBTREE | RFS_PATH_EXCLUDE;
const ONE_IN = RFS_PATH_SINGLE | RFS_PATH_INCLUDE;

/** Every REG open the filter sees under /tmp/cv, as "filter:path" (kernel calls included). */
const seen: string[] = [];

function watcher(name: string, priority: number): rfs_filter {
  const r = rfs_register_filter({ name, priority, active: 1 });
  expect(r.err).toBe(RFS_ERR_OK);
  expect(rfs_set_operations(r.filter!, [{
    op_id: RFS_REG_FOP_OPEN,
    pre_cb: (_cx, a) => {
      if (a.op === 'open') {
        const p = rfs_get_filename(a.args.file).name;
        if (p.startsWith('/tmp/cv')) seen.push(`${name}:${p}`);
      }
      return RFS_CONTINUE;
    },
  }])).toBe(RFS_ERR_OK);
  return r.filter!;
}

async function put(path: string): Promise<void> {
  expect(await kernel_write_file({ path, mode: 0o644, content: 'x' })).toBe(0);
}

async function set(f: rfs_filter, path: string, flags: number): Promise<void> {
  expect(await rfs_set_path(f, { path, flags })).toBe(RFS_ERR_OK);
}

/** Opens and closes `path` from the kernel; returns what the filters saw of it. */
async function open_close(path: string): Promise<string[]> {
  const ctx = kernel_ctx();
  const caller: VfsCaller = { pid: 0, cred: ctx.cred };
  seen.length = 0;
  const file = await do_filp_open(ctx, path, O_RDONLY, 0);
  if (typeof file === 'number') throw new Error(`open ${path}: ${file}`);
  await filp_close(file as File, caller);
  return [...seen];
}

async function path_of(path: string): Promise<Path> {
  const p = await kern_path(kernel_ctx(), path);
  if (typeof p === 'number') throw new Error(`${path}: ${p}`);
  return p;
}

describe('RedirFS coverage cache', () => {
  use_redirfs_machine({ booted: (b) => (m = b) });

  it('keeps the answer on the dentry until something changes', async () => {
    await put('/tmp/cv0/a/f');
    const f = watcher('w', 1);
    await set(f, '/tmp/cv0', SUB_IN);
    const p = await path_of('/tmp/cv0/a/f');
    const first = path_cover(p.dentry, p.mnt);
    expect(first).toEqual([f]);
    expect(path_cover(p.dentry, p.mnt)).toBe(first);
    // A rename anywhere, even of an unrelated object, makes it stale.
    await put('/tmp/cv0-other');
    expect(await do_rename(kernel_ctx(), '/tmp/cv0-other', '/tmp/cv0-other2')).toBe(0);
    const second = path_cover(p.dentry, p.mnt);
    expect(second).not.toBe(first);
    expect(second).toEqual([f]);
    expect(rfs_deactivate_filter(f)).toBe(RFS_ERR_OK);
    expect(path_cover(p.dentry, p.mnt)).toEqual([]);
  });

  it('follows a directory renamed into and out of an included subtree, below the cached object', async () => {
    await put('/tmp/cv1/in/x');
    await put('/tmp/cv1/out/d/e/f');
    expect(await do_mkdir(kernel_ctx(), '/tmp/cv1/in/ex', 0o755)).toBe(0);
    const f = watcher('w', 1);
    await set(f, '/tmp/cv1/in', SUB_IN);
    await set(f, '/tmp/cv1/in/ex', SUB_EX);
    const ctx = kernel_ctx();

    expect(await open_close('/tmp/cv1/out/d/e/f')).toEqual([]);
    // Only an ancestor (d) moves: f's own dentry and its cached answer are untouched by the rename.
    expect(await do_rename(ctx, '/tmp/cv1/out/d', '/tmp/cv1/in/d')).toBe(0);
    expect(await open_close('/tmp/cv1/in/d/e/f')).toEqual(['w:/tmp/cv1/in/d/e/f']);
    // Into the excluded directory nested in the include: not seen.
    expect(await do_rename(ctx, '/tmp/cv1/in/d', '/tmp/cv1/in/ex/d')).toBe(0);
    expect(await open_close('/tmp/cv1/in/ex/d/e/f')).toEqual([]);
    expect(await do_rename(ctx, '/tmp/cv1/in/ex/d', '/tmp/cv1/in/d')).toBe(0);
    expect(await open_close('/tmp/cv1/in/d/e/f')).toEqual(['w:/tmp/cv1/in/d/e/f']);
    // And out again.
    expect(await do_rename(ctx, '/tmp/cv1/in/d', '/tmp/cv1/out/d')).toBe(0);
    expect(await open_close('/tmp/cv1/out/d/e/f')).toEqual([]);
    // The file itself renamed in.
    expect(await do_rename(ctx, '/tmp/cv1/out/d/e/f', '/tmp/cv1/in/f')).toBe(0);
    expect(await open_close('/tmp/cv1/in/f')).toEqual(['w:/tmp/cv1/in/f']);
  });

  it('sees paths set and removed after the answer was cached', async () => {
    await put('/tmp/cv2/a/b/f');
    expect(await do_mkdir(kernel_ctx(), '/tmp/cv2-elsewhere', 0o755)).toBe(0);
    const f = watcher('w', 1);
    // Another filter's path elsewhere, so the hook does look at the object before f has any path.
    await set(watcher('other', 2), '/tmp/cv2-elsewhere', SUB_IN);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual([]);
    await set(f, '/tmp/cv2', SUB_IN);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual(['w:/tmp/cv2/a/b/f']);
    await set(f, '/tmp/cv2/a', SUB_EX);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual([]);
    await set(f, '/tmp/cv2/a/b/f', ONE_IN);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual(['w:/tmp/cv2/a/b/f']);
    const single = path_get_infos(f).paths.find((p) => p.path === '/tmp/cv2/a/b/f')!;
    expect(path_rem(f, single.id)).toBe(RFS_ERR_OK);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual([]);
    expect(await path_rem_by_name(f, '/tmp/cv2/a')).toBe(RFS_ERR_OK);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual(['w:/tmp/cv2/a/b/f']);
    expect(path_rem_all(f)).toBe(RFS_ERR_OK);
    expect(await open_close('/tmp/cv2/a/b/f')).toEqual([]);
  });

  it('sees filters registered, unregistered, activated and deactivated after the answer was cached', async () => {
    await put('/tmp/cv3/f');
    const a = watcher('a', 20);
    await set(a, '/tmp/cv3', SUB_IN);
    expect(await open_close('/tmp/cv3/f')).toEqual(['a:/tmp/cv3/f']);
    expect(rfs_deactivate_filter(a)).toBe(RFS_ERR_OK);
    expect(await open_close('/tmp/cv3/f')).toEqual([]);
    expect(rfs_activate_filter(a)).toBe(RFS_ERR_OK);
    expect(await open_close('/tmp/cv3/f')).toEqual(['a:/tmp/cv3/f']);
    // A new filter with a lower priority number is called first.
    const b = watcher('b', 10);
    await set(b, '/tmp/cv3/f', ONE_IN);
    expect(await open_close('/tmp/cv3/f')).toEqual(['b:/tmp/cv3/f', 'a:/tmp/cv3/f']);
    expect(rfs_unregister_filter(a)).toBe(RFS_ERR_OK);
    expect(await open_close('/tmp/cv3/f')).toEqual(['b:/tmp/cv3/f']);
  });

  it('follows mounts and unmounts inside a covered tree', async () => {
    await put('/tmp/cv4/mnt/under');
    const f = watcher('w', 1);
    await set(f, '/tmp/cv4', SUB_IN);
    expect(await open_close('/tmp/cv4/mnt/under')).toEqual(['w:/tmp/cv4/mnt/under']);
    // A file system mounted in the covered tree is covered through its mount point.
    expect(do_mount('cv4', await path_of('/tmp/cv4/mnt'), 'rootfs')).toBe(0);
    await put('/tmp/cv4/mnt/over');
    expect(await open_close('/tmp/cv4/mnt/over')).toEqual(['w:/tmp/cv4/mnt/over']);
    // An exclude on the mounted root (what /tmp/cv4/mnt now resolves to) hides it ...
    await set(f, '/tmp/cv4/mnt', SUB_EX);
    expect(await open_close('/tmp/cv4/mnt/over')).toEqual([]);
    // ... and goes away with the mount: the file underneath is covered again.
    expect(do_umount(await path_of('/tmp/cv4/mnt'))).toBe(0);
    expect(await open_close('/tmp/cv4/mnt/under')).toEqual(['w:/tmp/cv4/mnt/under']);
  });

  it('covers an object recreated after a deletion like the one before it', async () => {
    await put('/tmp/cv5/in/f');
    await put('/tmp/cv5/out/g');
    const f = watcher('w', 1);
    await set(f, '/tmp/cv5/in', SUB_IN);
    expect(await open_close('/tmp/cv5/in/f')).toEqual(['w:/tmp/cv5/in/f']);
    expect(await open_close('/tmp/cv5/out/g')).toEqual([]);
    expect(await do_unlink(kernel_ctx(), '/tmp/cv5/in/f')).toBe(0);
    expect(await do_unlink(kernel_ctx(), '/tmp/cv5/out/g')).toBe(0);
    await put('/tmp/cv5/in/f');
    await put('/tmp/cv5/out/g');
    expect(await open_close('/tmp/cv5/in/f')).toEqual(['w:/tmp/cv5/in/f']);
    expect(await open_close('/tmp/cv5/out/g')).toEqual([]);
  });
});
