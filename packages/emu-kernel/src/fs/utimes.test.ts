// utimensat(2) through its handler, for a process-like task whose memory holds the arguments: now,
// explicit times, UTIME_OMIT, futimens on a descriptor, and every refusal (bad nanoseconds, flags and
// pointers, a non-owner setting explicit times or lacking write access), none of which changes a time.
// Times beyond what a file system holds are clamped to its range (rootfs: a Date's, in whole seconds;
// devtmpfs: time64's, to the nanosecond), and stat, lstat and fstat report what was stored.
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
import { sys_fstat, sys_stat } from './stat.js';
import { timestamp_truncate, new_inode } from './inode.js';
import { SuperBlock, type FileSystemType } from './fs.js';
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW, O_RDONLY } from '../uapi/fcntl.js';
import { STAT_SIZE, UTIME_NOW, UTIME_OMIT, decodeStat, S_IFREG } from '../uapi/stat.js';
import { TIME64_MAX, TIME64_MIN } from '../kernel/time64.js';
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
const PATH = 8192, TIMES = 12288, STATBUF = 16384;
function args(t: Task, path: string, times: [number | bigint, number][] | null): [number, number] {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  if (!times) return [PATH, 0];
  const v = new DataView(t.mm.bytes.buffer, t.mm.bytes.byteOffset);
  times.forEach(([sec, nsec], i) => {
    v.setBigInt64(TIMES + 16 * i, BigInt(sec), true);
    v.setBigInt64(TIMES + 16 * i + 8, BigInt(nsec), true);
  });
  return [PATH, TIMES];
}
async function times(path = '/srv/ut'): Promise<[number, number]> {
  const p = await kern_path(kernel_ctx(), path);
  if (typeof p === 'number') throw new Error(String(p));
  return [p.dentry.d_inode!.i_atime, p.dentry.d_inode!.i_mtime];
}

describe('utimensat', () => {
  it('sets explicit times, leaves an omitted one, and sets now', async () => {
    const t = taskAs(root_cred());
    // rootfs keeps microseconds
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
    args(t, '', [[1e13, 0], [-1e13, 0]]);
    expect(await sys_utimensat(t, fd, 0, TIMES, 0)).toBe(0);
    expect(await times()).toEqual([8.64e12, -8.64e12]);
    expect(await sys_utimensat(t, 99, 0, TIMES, 0)).toBe(-EBADF);
  });

  it('refuses bad input and other users, changing nothing', async () => {
    const root = taskAs(root_cred());
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[6000, 0], [7000, 0]]), 0)).toBe(0);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[1, 1_000_000_000], [1, 0]]), 0)).toBe(-EINVAL);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[1, -1], [1, 0]]), 0)).toBe(-EINVAL);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[1, 0], [1e13, 2 ** 62]]), 0)).toBe(-EINVAL);
    expect(await sys_utimensat(root, AT_FDCWD, ...args(root, '/srv/ut', [[1, 0], [1, UTIME_NOW + 1]]), 0)).toBe(-EINVAL);
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

/** stat(2) (lstat with follow false) of `path` through the system call, as the program would see it. */
async function statOf(t: Task, path: string, follow = true): Promise<{ atime: number; mtime: number }> {
  t.mm.bytes.set(new TextEncoder().encode(path + '\0'), PATH);
  expect(await sys_stat(t, PATH, STATBUF, follow)).toBe(0);
  return decodeStat(t.mm.bytes.subarray(STATBUF, STATBUF + STAT_SIZE));
}

describe('times a file system can hold', () => {
  it('rootfs clamps a far-future and a far-past time to a Date\'s range; stat, lstat and fstat report them', async () => {
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[1e13, 0], [2n ** 63n - 1n, 999_999_999]]), 0)).toBe(0);
    expect(await times()).toEqual([8.64e12, 8.64e12]);
    expect(await statOf(t, '/srv/ut')).toMatchObject({ atime: 8.64e12, mtime: 8.64e12 });
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[-(2 ** 62), 0], [-(2n ** 63n), 0]]), 0)).toBe(0);
    expect(await statOf(t, '/srv/ut', false)).toMatchObject({ atime: -8.64e12, mtime: -8.64e12 });
    const f = await do_filp_open(kernel_ctx(), '/srv/ut', O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    t.files.fd_install(4, f);
    expect(sys_fstat(t, 4, STATBUF)).toBe(0);
    expect(decodeStat(t.mm.bytes.subarray(STATBUF, STATBUF + STAT_SIZE))).toMatchObject({ atime: -8.64e12 });
  });

  it('rootfs holds times before 1970 (memfs would store a negative number as now), in whole seconds', async () => {
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[-1, 999_999_999], [-86400 * 365, 1]]), 0)).toBe(0);
    expect(await statOf(t, '/srv/ut')).toMatchObject({ atime: -1, mtime: -31536000 });
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[0, UTIME_OMIT], [5, 0]]), 0)).toBe(0);
    expect(await statOf(t, '/srv/ut')).toMatchObject({ atime: -1, mtime: 5 });
  });

  it('a symlink keeps its own clamped times (AT_SYMLINK_NOFOLLOW)', async () => {
    expect(await kernel_write_file({ path: '/srv/ut-link', mode: 0o777, content: '/srv/ut', symlink: true })).toBe(0);
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut-link', [[7, 0], [1e15, 0]]), AT_SYMLINK_NOFOLLOW)).toBe(0);
    expect(await statOf(t, '/srv/ut-link', false)).toMatchObject({ atime: 7, mtime: 8.64e12 });
    expect((await statOf(t, '/srv/ut-link')).atime).not.toBe(7);
  });

  it('devtmpfs holds all of time64 that a double can, and nanoseconds', async () => {
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/dev/null', [[2n ** 63n - 1n, 0], [-(2n ** 63n), 5]]), 0)).toBe(0);
    expect(await times('/dev/null')).toEqual([TIME64_MAX, TIME64_MIN]);
    expect(await statOf(t, '/dev/null')).toMatchObject({ atime: TIME64_MAX, mtime: TIME64_MIN });
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/dev/null', [[-(2 ** 62), 0], [5, 250_000_000]]), 0)).toBe(0);
    expect(await times('/dev/null')).toEqual([-(2 ** 62), 5.25]);
    expect(await statOf(t, '/dev/null')).toMatchObject({ atime: -(2 ** 62), mtime: 5 });
  });

  it('stat reports the nanoseconds: rootfs to the microsecond, devtmpfs to the nanosecond', async () => {
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[1_900_000_000, 100_000_000], [1_700_000_000, 123_456_789]]), 0)).toBe(0);
    expect(await statOf(t, '/srv/ut')).toMatchObject({
      atime: 1_900_000_000, atime_nsec: 100_000_000, mtime: 1_700_000_000, mtime_nsec: 123_456_000,
    });
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/srv/ut', [[-1, 999_999_999], [4_000_000_000, 999_999]]), 0)).toBe(0);
    expect(await statOf(t, '/srv/ut')).toMatchObject({ atime: -1, atime_nsec: 999_999_000, mtime: 4e9, mtime_nsec: 999_000 });
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/dev/null', [[1_700_000_000, 1], [5, 250_000_000]]), 0)).toBe(0);
    expect(await statOf(t, '/dev/null')).toMatchObject({ mtime: 5, mtime_nsec: 250_000_000 });
    expect((await statOf(t, '/dev/null')).atime_nsec).toBeLessThan(1000);
  });

  it('a fraction that would round into the next second keeps the second stat reports', async () => {
    const t = taskAs(root_cred());
    expect(await sys_utimensat(t, AT_FDCWD, ...args(t, '/dev/null', [[2 ** 40, 999_999_999], [-(2 ** 40), 999_999_999]]), 0)).toBe(0);
    expect(await statOf(t, '/dev/null')).toMatchObject({ atime: 2 ** 40, mtime: -(2 ** 40) });
  });
});

describe('timestamp_truncate', () => {
  const fstype: FileSystemType = { name: 'msfs', mount: () => -1 };
  const sb = new SuperBlock(fstype, 0);
  sb.s_time_min = -100;
  sb.s_time_max = 100;
  sb.s_time_gran = 1_000_000;
  const inode = new_inode(sb, S_IFREG | 0o644);

  it('clamps the seconds to the range (dropping the fraction there) and cuts the fraction to the granularity', () => {
    expect(timestamp_truncate(5.1234567, inode)).toBe(5.123);
    expect(timestamp_truncate(100.5, inode)).toBe(100);
    expect(timestamp_truncate(1e300, inode)).toBe(100);
    expect(timestamp_truncate(-98.5, inode)).toBe(-98.5);
    expect(timestamp_truncate(-99.5, inode)).toBe(-100); // its second is the minimum
    expect(timestamp_truncate(-100.5, inode)).toBe(-100);
    expect(timestamp_truncate(-0.0000001, inode)).toBeCloseTo(-0.001, 12); // second -1, 999 ms
    expect(timestamp_truncate(-1e300, inode)).toBe(-100);
  });
});
