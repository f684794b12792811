// The *at system calls through their handlers, for a process-like task whose memory holds the paths:
// a relative path starts at the directory a descriptor names (or the working directory for AT_FDCWD), an
// absolute one ignores the descriptor; a descriptor that is not open is EBADF, one that is no directory
// ENOTDIR; each call's flags (AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, AT_SYMLINK_FOLLOW, AT_EMPTY_PATH,
// AT_EACCESS, RENAME_NOREPLACE) do what Linux's do, and unknown flags are EINVAL with nothing changed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER, OTHER_USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import { kern_path, LOOKUP_FOLLOW } from './namei.js';
import { sys_openat, sys_close, sys_fchownat, sys_fchown, sys_fchmodat, sys_faccessat2 } from './open.js';
import { sys_newfstatat, sys_readlinkat } from './stat.js';
import {
  sys_linkat, sys_mkdirat, sys_mknodat, sys_renameat2, sys_symlinkat, sys_unlinkat,
} from './namei_syscalls.js';
import {
  AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW, O_DIRECTORY,
  O_RDONLY, RENAME_EXCHANGE, RENAME_NOREPLACE, W_OK,
} from '../uapi/fcntl.js';
import { STAT_SIZE, decodeStat, S_IFCHR, S_IFIFO, S_ISDIR, S_ISLNK, S_ISREG, makedev, major, minor } from '../uapi/stat.js';
import { EACCES, EBADF, EEXIST, EINVAL, ENOENT, ENOTDIR } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await kernel_write_file({ path: '/srv/at/f', mode: 0o644, content: 'x\n' })).toBe(0);
  expect(await kernel_write_file({ path: '/srv/at/sub/g', mode: 0o600, content: 'g\n' })).toBe(0);
});
afterAll(async () => {
  await tm?.shutdown();
});

function taskAs(cred: Cred): Task {
  const root = kernel_ctx().root;
  return new Task(30003, null, cred, new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
const A = 8192, B = 12288, BUF = 16384;
/** Puts one or two NUL-terminated paths into the task's memory at A and B. */
function put(t: Task, a: string, b = ''): void {
  t.mm.bytes.set(new TextEncoder().encode(a + '\0'), A);
  t.mm.bytes.set(new TextEncoder().encode(b + '\0'), B);
}
async function exists(path: string, follow = false): Promise<boolean> {
  return typeof (await kern_path(kernel_ctx(), path, follow ? LOOKUP_FOLLOW : 0)) !== 'number';
}
async function dirfd(t: Task, path: string): Promise<number> {
  put(t, path);
  const fd = await sys_openat(t, AT_FDCWD, A, O_RDONLY | O_DIRECTORY, 0);
  expect(fd).toBeGreaterThanOrEqual(0);
  return fd;
}
async function fstatat(t: Task, dfd: number, path: string, flags = 0) {
  put(t, path);
  const r = await sys_newfstatat(t, dfd, A, BUF, flags);
  return r < 0 ? r : decodeStat(t.mm.bytes.slice(BUF, BUF + STAT_SIZE));
}

describe('the starting directory of an *at call', () => {
  it('is the descriptor\'s directory for a relative path, and nothing for an absolute one', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    put(t, 'f');
    const fd = await sys_openat(t, d, A, O_RDONLY, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(await sys_close(t, fd)).toBe(0);
    const st = await fstatat(t, d, 'sub/g');
    expect(typeof st !== 'number' && S_ISREG(st.mode)).toBe(true);
    // An absolute path ignores even a descriptor that is not open.
    expect(typeof (await fstatat(t, 999, '/srv/at/f'))).toBe('object');
    // AT_FDCWD: the working directory.
    t.fs.pwd = (await kern_path(kernel_ctx(), '/srv/at')) as typeof t.fs.pwd;
    expect(typeof (await fstatat(t, AT_FDCWD, 'f'))).toBe('object');
  });

  it('is EBADF for a descriptor that is not open and ENOTDIR for one that is no directory', async () => {
    const t = taskAs(root_cred());
    expect(await fstatat(t, 77, 'f')).toBe(-EBADF);
    put(t, '/srv/at/f');
    const f = await sys_openat(t, AT_FDCWD, A, O_RDONLY, 0);
    expect(await fstatat(t, f, 'x')).toBe(-ENOTDIR);
    put(t, 'new');
    expect(await sys_mkdirat(t, f, A, 0o755)).toBe(-ENOTDIR);
    expect(await exists('/srv/at/new')).toBe(false);
  });
});

describe('newfstatat and readlinkat', () => {
  it('follow a symbolic link unless AT_SYMLINK_NOFOLLOW; AT_EMPTY_PATH with "" is the descriptor', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    put(t, 'f', 'ln');
    expect(await sys_symlinkat(t, A, d, B)).toBe(0);
    const followed = await fstatat(t, d, 'ln');
    const own = await fstatat(t, d, 'ln', AT_SYMLINK_NOFOLLOW);
    expect(typeof followed !== 'number' && S_ISREG(followed.mode)).toBe(true);
    expect(typeof own !== 'number' && S_ISLNK(own.mode)).toBe(true);
    const self = await fstatat(t, d, '', AT_EMPTY_PATH);
    expect(typeof self !== 'number' && S_ISDIR(self.mode)).toBe(true);
    expect(await fstatat(t, d, '')).toBe(-ENOENT);
    expect(await fstatat(t, d, 'f', 0x4000)).toBe(-EINVAL);
    put(t, 'ln');
    const n = await sys_readlinkat(t, d, A, BUF, 100);
    expect(new TextDecoder().decode(t.mm.bytes.slice(BUF, BUF + n))).toBe('f');
    put(t, 'ln');
    expect(await sys_unlinkat(t, d, A, 0)).toBe(0);
  });
});

describe('mkdirat, mknodat and unlinkat', () => {
  it('make and remove names under the descriptor\'s directory; AT_REMOVEDIR removes a directory', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    put(t, 'dir');
    expect(await sys_mkdirat(t, d, A, 0o750)).toBe(0);
    expect(await exists('/srv/at/dir')).toBe(true);
    expect(await sys_unlinkat(t, d, A, 0)).toBe(-21);
    expect(await sys_unlinkat(t, d, A, 0x8000)).toBe(-EINVAL);
    expect(await exists('/srv/at/dir')).toBe(true);
    expect(await sys_unlinkat(t, d, A, AT_REMOVEDIR)).toBe(0);
    expect(await exists('/srv/at/dir')).toBe(false);
    put(t, 'fifo');
    expect(await sys_mknodat(t, d, A, S_IFIFO | 0o644, 0)).toBe(0);
    put(t, 'null');
    expect(await sys_mknodat(t, d, A, S_IFCHR | 0o644, makedev(1, 3))).toBe(0);
    const st = await fstatat(t, d, 'null');
    expect(typeof st !== 'number' && [major(st.rdev), minor(st.rdev)]).toEqual([1, 3]);
    for (const n of ['fifo', 'null']) {
      put(t, n);
      expect(await sys_unlinkat(t, d, A, 0)).toBe(0);
    }
  });
});

describe('linkat', () => {
  it('links a symbolic link itself, or with AT_SYMLINK_FOLLOW its target, across two descriptors', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    const sub = await dirfd(t, '/srv/at/sub');
    put(t, 'f', 'sl');
    expect(await sys_symlinkat(t, A, d, B)).toBe(0);
    put(t, 'sl', 'hard-to-link');
    expect(await sys_linkat(t, d, A, sub, B, 0)).toBe(0);
    const l1 = await fstatat(t, sub, 'hard-to-link', AT_SYMLINK_NOFOLLOW);
    expect(typeof l1 !== 'number' && S_ISLNK(l1.mode)).toBe(true);
    put(t, 'sl', 'hard-to-file');
    expect(await sys_linkat(t, d, A, sub, B, AT_SYMLINK_FOLLOW)).toBe(0);
    const l2 = await fstatat(t, sub, 'hard-to-file', AT_SYMLINK_NOFOLLOW);
    const f = await fstatat(t, d, 'f');
    expect(typeof l2 !== 'number' && typeof f !== 'number' && l2.ino === f.ino && f.nlink === 2).toBe(true);
    expect(await sys_linkat(t, d, A, sub, B, 0x1)).toBe(-EINVAL);
    for (const [dir, n] of [[sub, 'hard-to-link'], [sub, 'hard-to-file'], [d, 'sl']] as const) {
      put(t, n);
      expect(await sys_unlinkat(t, dir, A, 0)).toBe(0);
    }
  });

  it('with AT_EMPTY_PATH gives the descriptor\'s own file a new name', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    put(t, '/srv/at/f');
    const f = await sys_openat(t, AT_FDCWD, A, O_RDONLY, 0);
    put(t, '', 'by-fd');
    expect(await sys_linkat(t, f, A, d, B, AT_EMPTY_PATH)).toBe(0);
    expect(await exists('/srv/at/by-fd')).toBe(true);
    expect(await sys_linkat(t, f, A, d, B, 0)).toBe(-ENOENT);
    put(t, 'by-fd');
    expect(await sys_unlinkat(t, d, A, 0)).toBe(0);
  });
});

describe('renameat2', () => {
  it('moves between two directories; RENAME_NOREPLACE refuses an existing target and leaves both', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    const sub = await dirfd(t, '/srv/at/sub');
    put(t, 'f', 'moved');
    expect(await sys_renameat2(t, d, A, sub, B, 0)).toBe(0);
    expect([await exists('/srv/at/f'), await exists('/srv/at/sub/moved')]).toEqual([false, true]);
    put(t, 'moved', 'g');
    expect(await sys_renameat2(t, sub, A, sub, B, RENAME_NOREPLACE)).toBe(-EEXIST);
    expect([await exists('/srv/at/sub/moved'), await exists('/srv/at/sub/g')]).toEqual([true, true]);
    expect(await sys_renameat2(t, sub, A, sub, B, RENAME_EXCHANGE)).toBe(-EINVAL);
    put(t, 'moved', 'f');
    expect(await sys_renameat2(t, sub, A, d, B, RENAME_NOREPLACE)).toBe(0);
    expect(await exists('/srv/at/f')).toBe(true);
  });
});

describe('fchownat, fchown, fchmodat and faccessat2', () => {
  it('change a symbolic link itself with AT_SYMLINK_NOFOLLOW, and the descriptor\'s file with fchown', async () => {
    const t = taskAs(root_cred());
    const d = await dirfd(t, '/srv/at');
    put(t, 'f', 'own');
    expect(await sys_symlinkat(t, A, d, B)).toBe(0);
    put(t, 'own');
    expect(await sys_fchownat(t, d, A, USER.uid, USER.gid, AT_SYMLINK_NOFOLLOW)).toBe(0);
    const link = await fstatat(t, d, 'own', AT_SYMLINK_NOFOLLOW);
    const target = await fstatat(t, d, 'f');
    expect(typeof link !== 'number' && link.uid).toBe(USER.uid);
    expect(typeof target !== 'number' && target.uid).toBe(0);
    expect(await sys_fchownat(t, d, A, 0, 0, 0x2)).toBe(-EINVAL);
    put(t, 'f');
    const fd = await sys_openat(t, d, A, O_RDONLY, 0);
    expect(await sys_fchown(t, fd, OTHER_USER.uid, -1)).toBe(0);
    const after = await fstatat(t, d, 'f');
    expect(typeof after !== 'number' && [after.uid, after.gid]).toEqual([OTHER_USER.uid, 0]);
    expect(await sys_fchown(taskAs(USER), 5, 0, 0)).toBe(-EBADF);
    put(t, 'f');
    expect(await sys_fchmodat(t, d, A, 0o640)).toBe(0);
    const m = await fstatat(t, d, 'f');
    expect(typeof m !== 'number' && m.mode & 0o7777).toBe(0o640);
    put(t, 'own');
    expect(await sys_unlinkat(t, d, A, 0)).toBe(0);
    put(t, 'f');
    expect(await sys_fchownat(t, d, A, 0, 0, 0)).toBe(0);
  });

  it('faccessat2 checks with the real ids unless AT_EACCESS', async () => {
    // Real uid 1000, effective root: access(2) answers for the real user.
    const setuid: Cred = { ...USER, euid: 0, egid: 0 };
    const t = taskAs(setuid);
    put(t, '/srv/at/f');
    expect(await sys_faccessat2(t, AT_FDCWD, A, W_OK, 0)).toBe(-EACCES);
    expect(await sys_faccessat2(t, AT_FDCWD, A, W_OK, AT_EACCESS)).toBe(0);
    expect(await sys_faccessat2(t, AT_FDCWD, A, W_OK, 0x4)).toBe(-EINVAL);
  });
});
