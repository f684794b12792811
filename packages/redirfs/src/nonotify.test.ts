// Files the kernel opens for a listener (dentry_open_nonotify, FMODE_NONOTIFY) pass every filter by: with
// a filter that denies every open under a path and counts each of its callbacks, such a file still opens
// and reads, in the kernel and from the task it is handed to (read, lseek, close through the task's
// system calls), and the filter is called for none of it, while the same filter still denies and sees
// an ordinary open of the very file.
import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from './machine.fixture.js';
import { kernel_ctx, kernel_write_file } from '@urfs/emu-kernel/init/main';
import { kern_path } from '@urfs/emu-kernel/fs/namei';
import { dentry_open_nonotify, sys_close } from '@urfs/emu-kernel/fs/open';
import { kernel_read, sys_read, sys_lseek, vfs_llseek } from '@urfs/emu-kernel/fs/read_write';
import { FilesStruct, fd_install_task, filp_close } from '@urfs/emu-kernel/fs/file';
import { FMODE_NONOTIFY } from '@urfs/emu-kernel/fs/fs';
import { Task } from '@urfs/emu-kernel/kernel/task';
import { MmStruct } from '@urfs/emu-kernel/mm/mm';
import { root_cred } from '@urfs/emu-kernel/kernel/cred';
import { kread } from '@urfs/emu-kernel/testbin/lib/kfile';
import { O_RDONLY, SEEK_SET } from '@urfs/emu-kernel/uapi/fcntl';
import { EACCES } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_STOP, RFS_CONTINUE, RFS_ERR_OK, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, type rfs_callback,
  type rfs_retv,
} from './rfs.js';
import {
  RFS_REG_FOP_OPEN, RFS_REG_FOP_READ, RFS_REG_FOP_LLSEEK, RFS_REG_FOP_FLUSH, RFS_REG_FOP_RELEASE,
  RFS_REG_IOP_PERMISSION, rfs_op_name,
} from './ops.js';
import { rfs_register_filter, rfs_set_operations } from './filter.js';
import { rfs_set_path } from './path.js';

describe('FMODE_NONOTIFY files', () => {
  use_redirfs_machine({ booted: () => {} });

  it('open, read, seek, flush and release without any callback of a filter that denies every open', async () => {
    expect(await kernel_write_file({ path: '/tmp/nn/f', mode: 0o644, content: 'scan me\n' })).toBe(0);
    const r = rfs_register_filter({ name: 'denyall', priority: 10, active: 1 });
    expect(r.err).toBe(RFS_ERR_OK);
    const calls = new Map<string, number>();
    const count = (then: rfs_retv): rfs_callback => (_cx, a) => {
      const k = `${a.type.call}:${rfs_op_name(a.type.id)}`;
      calls.set(k, (calls.get(k) ?? 0) + 1);
      if (a.type.call === 'pre' && a.type.id === RFS_REG_FOP_OPEN) {
        a.retv = -EACCES;
        return RFS_STOP;
      }
      return then;
    };
    const ids = [RFS_REG_FOP_OPEN, RFS_REG_FOP_READ, RFS_REG_FOP_LLSEEK, RFS_REG_FOP_FLUSH, RFS_REG_FOP_RELEASE,
      RFS_REG_IOP_PERMISSION];
    expect(rfs_set_operations(r.filter!, ids.map((op_id) => ({ op_id, pre_cb: count(RFS_CONTINUE), post_cb: count(RFS_CONTINUE) }))))
      .toBe(RFS_ERR_OK);
    expect(await rfs_set_path(r.filter!, { path: '/tmp/nn', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE })).toBe(RFS_ERR_OK);

    // An ordinary open of the file is the filter's, and denied.
    expect(await kread('/tmp/nn/f')).toBe(-EACCES);
    expect(calls.get('pre:RFS_REG_FOP_OPEN')).toBe(1);
    calls.clear();

    const p = await kern_path(kernel_ctx(), '/tmp/nn/f');
    if (typeof p === 'number') throw new Error(String(p));
    const f = await dentry_open_nonotify(p, O_RDONLY, root_cred());
    if (typeof f === 'number') throw new Error(`dentry_open_nonotify: ${f}`);
    expect(f.f_mode & FMODE_NONOTIFY).toBe(FMODE_NONOTIFY);
    const kernel = { pid: 0, cred: root_cred() };
    const buf = new Uint8Array(64);
    expect(await kernel_read(f, buf, { pos: 0 }, kernel)).toBe(8);
    expect(new TextDecoder().decode(buf.subarray(0, 8))).toBe('scan me\n');
    expect(await vfs_llseek(f, 5, SEEK_SET, kernel)).toBe(5);

    // Handed to a task: its own system calls read, seek and close it.
    const root = kernel_ctx().root;
    const t = new Task(30400, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['l'], [], 0);
    const fd = await fd_install_task(t, f, 0);
    expect(fd).toBe(0);
    expect(await sys_read(t, fd, 8192, 64)).toBe(3);
    expect(await sys_lseek(t, fd, 0, SEEK_SET)).toBe(0);
    expect(await sys_read(t, fd, 8192, 64)).toBe(8);
    expect(new TextDecoder().decode(t.mm.bytes.subarray(8192, 8200))).toBe('scan me\n');
    const openers = p.dentry.d_inode!.i_openers;
    expect(await sys_close(t, fd)).toBe(0);
    expect(f.f_count).toBe(0);
    expect(p.dentry.d_inode!.i_openers).toBe(openers - 1);
    expect([...calls.entries()]).toEqual([]);

    // A second such file closed by the kernel (flush and release) is not seen either; the filter still is there.
    const g = await dentry_open_nonotify(p, O_RDONLY, root_cred());
    if (typeof g === 'number') throw new Error(String(g));
    await filp_close(g, kernel);
    expect([...calls.entries()]).toEqual([]);
    expect(await kread('/tmp/nn/f')).toBe(-EACCES);
    expect(calls.get('pre:RFS_REG_FOP_OPEN')).toBe(1);
  });
});
