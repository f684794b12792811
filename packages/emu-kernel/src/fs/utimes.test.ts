// utimensat(2) through its handler, for a process-like task whose memory holds the arguments: now,
// explicit times, UTIME_OMIT, futimens on a descriptor, and every refusal (bad nanoseconds, flags and
// pointers, a non-owner setting explicit times or lacking write access), none of which changes a time.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import { kern_path } from './namei.js';
import { do_filp_open } from './open.js';
import { sys_utimensat } from './utimes.js';
import { AT_FDCWD, O_RDONLY } from '../uapi/fcntl.js';
import { UTIME_NOW, UTIME_OMIT } from '../uapi/stat.js';
import { EACCES, EBADF, EFAULT, EINVAL, ENOENT, EPERM } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await kernel_write_file({ path: '/srv/ut', mode: 0o644, content: 'x\n' })).toBe(0);
});
afterAll(async () => {
  await tm?.shutdown();
});

function taskAs(cred: Cred): Task {
  const root = kernel_ctx().root;
  return new Task(30002, null, cred, new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
const PATH = 8192, TIMES = 12288;
function args(t: Task, path: string, times: [number, number][] | null): [number, number] {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  if (!times) return [PATH, 0];
  const v = new DataView(t.mm.bytes.buffer, t.mm.bytes.byteOffset);
  times.forEach(([sec, nsec], i) => {
    v.setBigInt64(TIMES + 16 * i, BigInt(sec), true);
    v.setBigInt64(TIMES + 16 * i + 8, BigInt(nsec), true);
  });
  return [PATH, TIMES];
}
async function times(): Promise<[number, number]> {
  const p = await kern_path(kernel_ctx(), '/srv/ut');
  if (typeof p === 'number') throw new Error(String(p));
  return [p.dentry.d_inode!.i_atime, p.dentry.d_inode!.i_mtime];
}

describe('utimensat', () => {
  it('sets explicit times, leaves an omitted one, and sets now', async () => {
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[1000, 500_000_000], [2000, 0]]), 0)).toBe(0);
    expect(await times()).toEqual([1000.5, 2000]);
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[0, UTIME_OMIT], [3000, 0]]), 0)).toBe(0);
    expect(await times()).toEqual([1000.5, 3000]);
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', null), 0)).toBe(0);
    const [a, m] = await times();
    expect(a).toBeGreaterThan(1e9);
    expect(m).toBe(a);
  });

  it('futimens: a NULL name sets the times of the descriptor', async () => {
    const t = taskAs(root_cred());
    const f = await do_filp_open(kernel_ctx(), '/srv/ut', O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    const fd = 3;
    t.files.fd_install(fd, f);
    args(t, '', [[4000, 0], [5000, 0]]);
    expect(await sys_utimensat(t, fd, 0, TIMES, 0)).toBe(0);
    expect(await times()).toEqual([4000, 5000]);
    expect(await sys_utimensat(t, 99, 0, TIMES, 0)).toBe(-EBADF);
  });

  it('refuses bad input and other users, changing nothing', async () => {
    const root = taskAs(root_cred());
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[6000, 0], [7000, 0]]), 0)).toBe(0);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[1, 1_000_000_000], [1, 0]]), 0)).toBe(-EINVAL);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[1, -1], [1, 0]]), 0)).toBe(-EINVAL);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', null), 0x4)).toBe(-EINVAL);
    expect(await sys_utimensat(root, AT_FDCWD, PATH, 0x7fffffff, 0)).toBe(-EFAULT);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/none', null), 0)).toBe(-ENOENT);
    const user = taskAs(USER);
    expect(await sys_utimensat(user, AT_FDCWD, ...args(user, '/srv/ut', [[1, 0], [1, 0]]), 0)).toBe(-EPERM);
    expect(await sys_utimensat(user, AT_FDCWD, ...args(user, '/srv/ut', null), 0)).toBe(-EACCES);
    expect(await sys_utimensat(user, AT_FDCWD, ...args(user, '/srv/ut', [[0, UTIME_NOW], [0, UTIME_OMIT]]), 0)).toBe(-EACCES);
    expect(await times()).toEqual([6000, 7000]);
  });
});
