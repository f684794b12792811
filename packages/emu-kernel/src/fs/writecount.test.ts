// Write access (i_writecount): an open for writing holds it from its open to its last fput, however many
// descriptors share the file; an open that fails gives it back; a process that is killed drops it with
// its descriptors; a shared mapping keeps its file and so its write access until it is unmapped. Reads
// and special files (devices) take none.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, waitFor } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct, fd_install_task } from './file.js';
import { root_cred } from '../kernel/cred.js';
import { Dentry, FMODE_WRITER, SuperBlock, type Inode, type Path, type VfsMount } from './fs.js';
import { kern_path } from './namei.js';
import { new_inode } from './inode.js';
import { sys_open, sys_close, vfs_open } from './open.js';
import { sys_dup } from './fcntl.js';
import { sys_mmap, sys_munmap } from '../mm/mmap.js';
import { vfs_set_hook, vfs_run, type VfsHook } from './vfs_hook.js';
import { send_sig } from '../kernel/signal.js';
import { SIGKILL } from '../uapi/signal.js';
import { O_RDONLY, O_RDWR, O_WRONLY } from '../uapi/fcntl.js';
import { MAP_SHARED, PROT_READ, PROT_WRITE } from '../uapi/mman.js';
import { S_IFDIR, S_IFREG } from '../uapi/stat.js';
import { EACCES } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await kernel_write_file({ path: '/srv/wc/f', mode: 0o666, content: 'data\n' })).toBe(0);
});
afterAll(async () => {
  vfs_set_hook(null);
  await tm?.shutdown();
});

const PATH = 8192;
let next_pid = 30200;
function task(): Task {
  const root = kernel_ctx().root;
  return new Task(next_pid++, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
async function inode(path: string): Promise<Inode> {
  const p = await kern_path(kernel_ctx(), path);
  if (typeof p === 'number') throw new Error(`${path}: ${p}`);
  return p.dentry.d_inode!;
}
function open(t: Task, path: string, flags: number): Promise<number> {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  return sys_open(t, PATH, flags, 0);
}

describe('i_writecount', () => {
  it('counts open files with write access, not descriptors: open, dup, close both', async () => {
    const t = task();
    const i = await inode('/srv/wc/f');
    expect(i.i_writecount).toBe(0);
    const fd = await open(t, '/srv/wc/f', O_WRONLY);
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(i.i_writecount).toBe(1);
    expect(t.files.lookup_fd_raw(fd)!.f_mode & FMODE_WRITER).toBe(FMODE_WRITER);
    const dup = sys_dup(t, fd);
    expect(dup).toBeGreaterThan(fd);
    expect(i.i_writecount).toBe(1);
    // Readers take none; a second writer is another file.
    const rd = await open(t, '/srv/wc/f', O_RDONLY);
    expect(t.files.lookup_fd_raw(rd)!.f_mode & FMODE_WRITER).toBe(0);
    const rw = await open(t, '/srv/wc/f', O_RDWR);
    expect(i.i_writecount).toBe(2);
    await sys_close(t, rw);
    await sys_close(t, rd);
    expect(i.i_writecount).toBe(1);
    await sys_close(t, fd);
    expect(i.i_writecount).toBe(1);
    await sys_close(t, dup);
    expect(i.i_writecount).toBe(0);
  });

  it('is given back by an open that fails, and already counted while the open runs', async () => {
    const i = await inode('/srv/wc/f');
    const during: number[] = [];
    const hook: VfsHook = (op, args, _caller, impl, t) => {
      if (op !== 'open') return vfs_run(impl, args, t);
      during.push(i.i_writecount);
      return -EACCES;
    };
    const t = task();
    const prev = vfs_set_hook(hook);
    try {
      expect(await open(t, '/srv/wc/f', O_WRONLY)).toBe(-EACCES);
    } finally {
      vfs_set_hook(prev);
    }
    expect(during).toEqual([1]);
    expect(i.i_writecount).toBe(0);
  });

  it('takes none for a device opened for writing', async () => {
    const t = task();
    const fd = await open(t, '/dev/null', O_RDWR);
    expect(fd).toBeGreaterThanOrEqual(0);
    expect((await inode('/dev/null')).i_writecount).toBe(0);
    await sys_close(t, fd);
  });

  it('drops with the descriptors of a process that is killed', async () => {
    const i = await inode('/srv/wc/f');
    const { task: p, exited, since } = await tm.start(['holdfds', 'sleep', '/srv/wc/f+']);
    await tm.waitOutput('ready=1', since);
    expect(i.i_writecount).toBe(1);
    send_sig(SIGKILL, p, 1);
    await exited;
    expect(i.i_writecount).toBe(0);
  });

  it('stays while a shared writable mapping holds the file, and drops when it is unmapped', async () => {
    // A file system of the test's own: rootfs files cannot be mapped.
    const sb = new SuperBlock({ name: 'wctest', mount: () => -1 }, 0x7e57);
    const root = new Dentry('/', null, sb);
    root.d_inode = new_inode(sb, S_IFDIR | 0o755);
    sb.s_root = root;
    const mnt = { mnt_root: root, mnt_sb: sb, mnt_devname: 'wctest', mnt_fstype: 'wctest', mnt_opts: '' } as VfsMount;
    mnt.mnt_parent = mnt;
    mnt.mnt_mountpoint = root;
    const i = new_inode(sb, S_IFREG | 0o644);
    let released = 0;
    i.i_fop = { mmap: () => 0, release: () => void released++ };
    const d = new Dentry('m', root, sb);
    d.d_inode = i;
    const path: Path = { mnt, dentry: d };
    const t = task();
    const f = await vfs_open(path, O_RDWR, root_cred(), { pid: t.pid, cred: root_cred() });
    if (typeof f === 'number') throw new Error(`open: ${f}`);
    const fd = await fd_install_task(t, f, 0);
    expect(fd).toBe(0);
    const addr = await sys_mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    expect(addr).toBeGreaterThan(0);
    expect(await sys_close(t, fd)).toBe(0);
    expect(released).toBe(0);
    expect(i.i_writecount).toBe(1);
    expect(sys_munmap(t, addr, 4096)).toBe(0);
    await waitFor(() => released === 1, 2000, 'the release at munmap');
    await waitFor(() => i.i_writecount === 0, 2000, 'the write access to go');
  });
});
