// dentry_open_nonotify and fd_install_task: the kernel opens an existing object read-only for a listener
// (no permission check, FMODE_NONOTIFY), refuses anything that would write, create or truncate, and hands
// the file to a task as its lowest free descriptor (close-on-exec on request), which then reads, seeks and
// closes it with its own system calls. A full table or a dying task gets no descriptor: the file is released.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct, fd_install_task, fput } from './file.js';
import { root_cred } from '../kernel/cred.js';
import { FMODE_NONOTIFY, FMODE_READ, FMODE_WRITE, FMODE_WRITER, type File, type Path } from './fs.js';
import { kern_path, d_alloc, do_symlink } from './namei.js';
import { dentry_open_nonotify, sys_close, sys_open } from './open.js';
import { sys_read, sys_lseek } from './read_write.js';
import { kread } from '../testbin/lib/kfile.js';
import { O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_NONBLOCK, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, SEEK_SET }
  from '../uapi/fcntl.js';
import { EACCES, EINVAL, ELOOP, EMFILE, ENOENT, ENOTDIR, ESRCH } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await kernel_write_file({ path: '/root/nn/secret', mode: 0o600, content: 'for root only\n' })).toBe(0);
  expect(await do_symlink(kernel_ctx(), '/root/nn/secret', '/root/nn/link')).toBe(0);
});
afterAll(async () => {
  await tm?.shutdown();
});

const PATH = 8192, BUF = 16384;
let next_pid = 30300;
function task(files = new FilesStruct()): Task {
  const root = kernel_ctx().root;
  return new Task(next_pid++, null, USER, new MmStruct(1 << 20), files, { root, pwd: root }, ['t'], [], 0);
}
async function path(p: string): Promise<Path> {
  const r = await kern_path(kernel_ctx(), p, 0);
  if (typeof r === 'number') throw new Error(`${p}: ${r}`);
  return r;
}
async function nonotify(p: string, flags = O_RDONLY): Promise<File> {
  const f = await dentry_open_nonotify(await path(p), flags, root_cred());
  if (typeof f === 'number') throw new Error(`dentry_open_nonotify ${p}: ${f}`);
  return f;
}

describe('dentry_open_nonotify', () => {
  it('opens read-only, marked FMODE_NONOTIFY, without a permission check', async () => {
    // The task's user may not open it itself.
    const t = task();
    t.mm.bytes.set(new TextEncoder().encode('/root/nn/secret\0'), PATH);
    expect(await sys_open(t, PATH, O_RDONLY, 0)).toBe(-EACCES);
    const p = await path('/root/nn/secret');
    const openers = p.dentry.d_inode!.i_openers;
    const f = await dentry_open_nonotify(p, O_RDONLY, USER);
    if (typeof f === 'number') throw new Error(String(f));
    expect(f.f_mode & (FMODE_NONOTIFY | FMODE_READ | FMODE_WRITE | FMODE_WRITER)).toBe(FMODE_NONOTIFY | FMODE_READ);
    expect(f.f_cred).toBe(USER);
    expect(p.dentry.d_inode!.i_openers).toBe(openers + 1);
    await fput(f, { pid: 0, cred: root_cred() });
    expect(p.dentry.d_inode!.i_openers).toBe(openers);
  });

  it('refuses to write, create, truncate or append; a negative dentry, a symlink, O_DIRECTORY on a file', async () => {
    const p = await path('/root/nn/secret');
    for (const flags of [O_WRONLY, O_RDWR, O_RDONLY | O_TRUNC, O_RDONLY | O_CREAT, O_RDONLY | O_APPEND, 3]) {
      expect(await dentry_open_nonotify(p, flags, root_cred())).toBe(-EINVAL);
    }
    const neg: Path = { mnt: p.mnt, dentry: d_alloc(p.dentry.parent, 'none') };
    expect(await dentry_open_nonotify(neg, O_RDONLY, root_cred())).toBe(-ENOENT);
    expect(await dentry_open_nonotify(await path('/root/nn/link'), O_RDONLY, root_cred())).toBe(-ELOOP);
    expect(await dentry_open_nonotify(p, O_RDONLY | O_DIRECTORY, root_cred())).toBe(-ENOTDIR);
    const dir = await nonotify('/root/nn', O_RDONLY | O_DIRECTORY | O_NONBLOCK);
    await fput(dir, { pid: 0, cred: root_cred() });
  });
});

describe('fd_install_task', () => {
  it("gives the file the task's lowest free descriptor, which the task reads, seeks and closes", async () => {
    const t = task();
    t.files.fd_install(0, await nonotify('/root/nn'));
    const f = await nonotify('/root/nn/secret', O_RDONLY | O_CLOEXEC);
    const inode = f.f_inode;
    const openers = inode.i_openers;
    const fd = await fd_install_task(t, f, O_CLOEXEC);
    expect(fd).toBe(1);
    expect(t.files.entry(fd)!.cloexec).toBe(true);
    expect(await sys_read(t, fd, BUF, 100)).toBe(14);
    expect(new TextDecoder().decode(t.mm.bytes.subarray(BUF, BUF + 14))).toBe('for root only\n');
    expect(await sys_lseek(t, fd, 4, SEEK_SET)).toBe(4);
    expect(await sys_read(t, fd, BUF, 100)).toBe(10);
    expect(await fd_install_task(t, await nonotify('/root/nn/secret'), 0)).toBe(2);
    expect(t.files.entry(2)!.cloexec).toBe(false);
    await sys_close(t, 2);
    expect(await sys_close(t, fd)).toBe(0);
    expect(f.f_count).toBe(0);
    expect(inode.i_openers).toBe(openers - 1);
    await sys_close(t, 0);
    expect(await kread('/root/nn/secret')).toBe('for root only\n');
  });

  it('fails with EMFILE on a full table and ESRCH for an exiting task, releasing the file', async () => {
    const t = task(new FilesStruct(1));
    t.files.fd_install(0, await nonotify('/root/nn'));
    const f = await nonotify('/root/nn/secret');
    const openers = f.f_inode.i_openers;
    expect(await fd_install_task(t, f, 0)).toBe(-EMFILE);
    expect(f.f_count).toBe(0);
    expect(f.f_inode.i_openers).toBe(openers - 1);
    await sys_close(t, 0);

    const dying = task();
    dying.exit_state = 'zombie';
    const g = await nonotify('/root/nn/secret');
    expect(await fd_install_task(dying, g, 0)).toBe(-ESRCH);
    expect(g.f_count).toBe(0);
    expect(dying.files.open_count()).toBe(0);
  });
});
