// rename(2) as Linux has it (fs/namei.c do_renameat2, vfs_rename): it never follows the last component
// (a symlink, dangling or not, is renamed itself), the permission rules (write on both parents, write on
// a directory that changes parent, sticky directories), the type and emptiness rules, the errors of
// `.` and `..`, the link counts and inode identity of the source and of the replaced target, and the
// times: both parents' mtime and ctime, the moved and the replaced inode's ctime. Also unlink and rmdir
// of `.`/`..` and symlinks as objects of unlink and link.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER, OTHER_USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { notify_change } from './open.js';
import {
  kern_path, do_mkdir, do_unlink, do_rmdir, do_symlink, do_link, type NameiCtx,
} from './namei.js';
import { do_rename } from './rename.js';
import { vfs_getattr } from './stat.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import { inode_init } from './inode.js';
import {
  EACCES, EBUSY, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM,
} from '../uapi/errno.js';
import { S_ISLNK, S_ISREG, type Stat } from '../uapi/stat.js';

let tm: TestMachine;
const ROOT = root_cred();

function ctx(cred: Cred): NameiCtx {
  return { ...kernel_ctx(), cred, umask: 0o022 };
}
async function lstat(path: string): Promise<Stat | number> {
  const p = await kern_path(kernel_ctx(), path, 0);
  return typeof p === 'number' ? p : vfs_getattr(p.dentry);
}
async function st(path: string): Promise<Stat> {
  const s = await lstat(path);
  if (typeof s === 'number') throw new Error(`lstat ${path}: ${s}`);
  return s;
}
async function file(path: string, content = 'x', mode = 0o644, owner?: Cred): Promise<void> {
  expect(await kernel_write_file({ path, mode, content })).toBe(0);
  if (owner) await chown(path, owner);
}
async function dir(path: string, mode = 0o755, owner?: Cred): Promise<void> {
  expect(await do_mkdir(kernel_ctx(), path, mode)).toBe(0);
  if (owner) await chown(path, owner);
}
async function chown(path: string, owner: Cred, mode?: number): Promise<void> {
  const p = await kern_path(kernel_ctx(), path, 0);
  if (typeof p === 'number') throw new Error(String(p));
  expect(await notify_change(kernel_ctx(), p, { uid: owner.uid, gid: owner.gid, ...(mode === undefined ? {} : { mode }) })).toBe(0);
}

/** A clock the test moves, so that a time that should change visibly does. */
let now = 1_000_000;
beforeAll(async () => {
  tm = await TestMachine.boot();
  inode_init(() => now);
  await dir('/rn', 0o777);
});
afterAll(async () => {
  inode_init(() => Date.now() / 1000);
  await tm?.shutdown();
});
let seq = 0;
/** A fresh directory for one test. */
async function fresh(mode = 0o777): Promise<string> {
  const d = `/rn/t${++seq}`;
  await dir(d, mode);
  return d;
}

describe('rename never follows the last component', () => {
  it('renames a dangling symlink, as root and as its owner', async () => {
    const d = await fresh();
    expect(await do_symlink(kernel_ctx(), 'nowhere', `${d}/dl`)).toBe(0);
    const ino = (await st(`${d}/dl`)).ino;
    expect(await do_rename(ctx(ROOT), `${d}/dl`, `${d}/dl2`)).toBe(0);
    expect(await lstat(`${d}/dl`)).toBe(-ENOENT);
    const s = await st(`${d}/dl2`);
    expect(S_ISLNK(s.mode)).toBe(true);
    expect(s.ino).toBe(ino);
    expect(await do_symlink(ctx(USER), 'nowhere', `${d}/ul`)).toBe(0);
    expect(await do_rename(ctx(USER), `${d}/ul`, `${d}/ul2`)).toBe(0);
    expect(S_ISLNK((await st(`${d}/ul2`)).mode)).toBe(true);
  });

  it('renames a symlink to a file: the link moves, the file stays', async () => {
    const d = await fresh();
    await file(`${d}/f`, 'data');
    const fino = (await st(`${d}/f`)).ino;
    expect(await do_symlink(kernel_ctx(), 'f', `${d}/l`)).toBe(0);
    const lino = (await st(`${d}/l`)).ino;
    expect(await do_rename(ctx(ROOT), `${d}/l`, `${d}/l2`)).toBe(0);
    expect(await lstat(`${d}/l`)).toBe(-ENOENT);
    expect((await st(`${d}/f`)).ino).toBe(fino);
    expect(S_ISREG((await st(`${d}/f`)).mode)).toBe(true);
    const l2 = await st(`${d}/l2`);
    expect(S_ISLNK(l2.mode)).toBe(true);
    expect(l2.ino).toBe(lino);
    // the moved link still resolves to the file
    const p = await kern_path(kernel_ctx(), `${d}/l2`);
    expect(typeof p !== 'number' && p.dentry.d_inode!.i_ino).toBe(fino);
  });

  it('renames a symlink to a directory into another directory, and over a file', async () => {
    const d = await fresh();
    await dir(`${d}/sub`);
    await dir(`${d}/other`);
    await file(`${d}/victim`);
    expect(await do_symlink(kernel_ctx(), 'sub', `${d}/ls`)).toBe(0);
    expect(await do_rename(ctx(ROOT), `${d}/ls`, `${d}/other/ls`)).toBe(0);
    expect(S_ISLNK((await st(`${d}/other/ls`)).mode)).toBe(true);
    expect((await st(`${d}/sub`)).nlink).toBe(2);
    expect(await do_rename(ctx(ROOT), `${d}/other/ls`, `${d}/victim`)).toBe(0);
    expect(S_ISLNK((await st(`${d}/victim`)).mode)).toBe(true);
    expect(await lstat(`${d}/other/ls`)).toBe(-ENOENT);
  });

  it('renames a file over a symlink: the link is replaced, its target untouched', async () => {
    const d = await fresh();
    await file(`${d}/t`, 'target');
    await file(`${d}/f`, 'f');
    const fino = (await st(`${d}/f`)).ino;
    expect(await do_symlink(kernel_ctx(), 't', `${d}/l`)).toBe(0);
    expect(await do_rename(ctx(ROOT), `${d}/f`, `${d}/l`)).toBe(0);
    const l = await st(`${d}/l`);
    expect(S_ISREG(l.mode)).toBe(true);
    expect(l.ino).toBe(fino);
    expect((await st(`${d}/t`)).size).toBe(6);
  });
});

describe('rename: link counts and identity', () => {
  it('renaming over a file with two links leaves its other name at nlink 1', async () => {
    const d = await fresh();
    await file(`${d}/a`, 'a');
    await file(`${d}/b`, 'bb');
    expect(await do_link(kernel_ctx(), `${d}/b`, `${d}/b2`)).toBe(0);
    const bino = (await st(`${d}/b`)).ino, aino = (await st(`${d}/a`)).ino;
    expect((await st(`${d}/b2`)).nlink).toBe(2);
    expect(await do_rename(ctx(ROOT), `${d}/a`, `${d}/b`)).toBe(0);
    const b = await st(`${d}/b`), b2 = await st(`${d}/b2`);
    expect(b.ino).toBe(aino);
    expect(b.size).toBe(1);
    expect(b2.ino).toBe(bino);
    expect(b2.nlink).toBe(1);
    expect(b2.size).toBe(2);
  });

  it('renaming one name of a file over its other name is a no-op (both stay)', async () => {
    const d = await fresh();
    await file(`${d}/a`);
    expect(await do_link(kernel_ctx(), `${d}/a`, `${d}/b`)).toBe(0);
    expect(await do_rename(ctx(ROOT), `${d}/a`, `${d}/b`)).toBe(0);
    expect((await st(`${d}/a`)).nlink).toBe(2);
    expect((await st(`${d}/b`)).nlink).toBe(2);
  });

  it('a directory moved across parents moves its parents\' link counts', async () => {
    const d = await fresh();
    await dir(`${d}/p1`);
    await dir(`${d}/p2`);
    await dir(`${d}/p1/x`);
    expect((await st(`${d}/p1`)).nlink).toBe(3);
    expect(await do_rename(ctx(ROOT), `${d}/p1/x`, `${d}/p2/x`)).toBe(0);
    expect((await st(`${d}/p1`)).nlink).toBe(2);
    expect((await st(`${d}/p2`)).nlink).toBe(3);
    // over an empty directory: the replaced one goes, the parent keeps one link for it
    await dir(`${d}/p1/y`);
    expect(await do_rename(ctx(ROOT), `${d}/p1/y`, `${d}/p2/x`)).toBe(0);
    expect((await st(`${d}/p1`)).nlink).toBe(2);
    expect((await st(`${d}/p2`)).nlink).toBe(3);
  });
});

describe('rename: types, emptiness, `.` and `..`', () => {
  it('a directory over a non-empty directory is ENOTEMPTY, over a file ENOTDIR; a file over a directory EISDIR', async () => {
    const d = await fresh();
    await dir(`${d}/a`);
    await dir(`${d}/b`);
    await file(`${d}/b/inside`);
    await file(`${d}/f`);
    expect(await do_rename(ctx(ROOT), `${d}/a`, `${d}/b`)).toBe(-ENOTEMPTY);
    expect(await do_rename(ctx(ROOT), `${d}/a`, `${d}/f`)).toBe(-ENOTDIR);
    expect(await do_rename(ctx(ROOT), `${d}/f`, `${d}/a`)).toBe(-EISDIR);
    // a symlink to a directory is not a directory
    expect(await do_symlink(kernel_ctx(), 'a', `${d}/la`)).toBe(0);
    expect(await do_rename(ctx(ROOT), `${d}/a`, `${d}/la`)).toBe(-ENOTDIR);
    expect(await do_rename(ctx(ROOT), `${d}/la`, `${d}/a`)).toBe(-EISDIR);
    expect((await st(`${d}/b/inside`)).size).toBe(1);
  });

  it('a trailing slash needs a directory', async () => {
    const d = await fresh();
    await file(`${d}/f`);
    expect(await do_rename(ctx(ROOT), `${d}/f/`, `${d}/g`)).toBe(-ENOTDIR);
    expect(await do_rename(ctx(ROOT), `${d}/f`, `${d}/g/`)).toBe(-ENOTDIR);
    await dir(`${d}/dd`);
    expect(await do_rename(ctx(ROOT), `${d}/dd/`, `${d}/ee/`)).toBe(0);
  });

  it('`.` and `..` as either name are EBUSY (Linux), a directory into itself EINVAL', async () => {
    const d = await fresh();
    await dir(`${d}/a`);
    await dir(`${d}/a/b`);
    expect(await do_rename(ctx(ROOT), `${d}/a/..`, `${d}/z`)).toBe(-EBUSY);
    expect(await do_rename(ctx(ROOT), `${d}/a/.`, `${d}/z`)).toBe(-EBUSY);
    expect(await do_rename(ctx(ROOT), `${d}/z`, `${d}/a/.`)).toBe(-EBUSY);
    expect(await do_rename(ctx(ROOT), `${d}/a/b`, `${d}/a/..`)).toBe(-EBUSY);
    expect(await do_rename(ctx(ROOT), `${d}/a`, `${d}/a/b/c`)).toBe(-EINVAL);
    expect(await do_rename(ctx(ROOT), `${d}/a/b`, `${d}/a`)).toBe(-ENOTEMPTY);
  });

  it('rmdir of `.` is EINVAL, of `..` ENOTEMPTY; unlink of either EISDIR', async () => {
    const d = await fresh();
    await dir(`${d}/a`);
    expect(await do_rmdir(ctx(ROOT), `${d}/a/.`)).toBe(-EINVAL);
    expect(await do_rmdir(ctx(ROOT), `${d}/a/..`)).toBe(-ENOTEMPTY);
    expect(await do_unlink(ctx(ROOT), `${d}/a/.`)).toBe(-EISDIR);
    expect(await do_unlink(ctx(ROOT), `${d}/a/..`)).toBe(-EISDIR);
  });
});

describe('rename: permissions', () => {
  it('needs write on both parents', async () => {
    const d = await fresh();
    await dir(`${d}/ro`, 0o755);
    await dir(`${d}/rw`, 0o777);
    await file(`${d}/ro/f`, 'x', 0o666, USER);
    await file(`${d}/rw/g`, 'x', 0o666, USER);
    expect(await do_rename(ctx(USER), `${d}/ro/f`, `${d}/rw/f`)).toBe(-EACCES);
    expect(await do_rename(ctx(USER), `${d}/rw/g`, `${d}/ro/g`)).toBe(-EACCES);
    expect(await do_rename(ctx(USER), `${d}/rw/g`, `${d}/rw/h`)).toBe(0);
  });

  it('a directory moved to another parent needs write permission on itself (its `..` changes)', async () => {
    const d = await fresh();
    await dir(`${d}/p1`, 0o777);
    await dir(`${d}/p2`, 0o777);
    await dir(`${d}/p1/x`, 0o555, USER);
    expect(await do_rename(ctx(USER), `${d}/p1/x`, `${d}/p2/x`)).toBe(-EACCES);
    // within one parent `..` stays: no write needed
    expect(await do_rename(ctx(USER), `${d}/p1/x`, `${d}/p1/y`)).toBe(0);
    // someone else's directory without write for them
    await dir(`${d}/p1/z`, 0o755);
    expect(await do_rename(ctx(USER), `${d}/p1/z`, `${d}/p2/z`)).toBe(-EACCES);
    expect(await do_rename(ctx(ROOT), `${d}/p1/y`, `${d}/p2/y`)).toBe(0);
  });

  it('sticky directory: only the file\'s owner, the directory\'s owner or root rename and unlink', async () => {
    const d = await fresh(0o1777);
    await file(`${d}/mine`, 'x', 0o666, USER);
    await file(`${d}/mine2`, 'x', 0o666, USER);
    expect(await do_rename(ctx(OTHER_USER), `${d}/mine`, `${d}/taken`)).toBe(-EPERM);
    expect(await do_unlink(ctx(OTHER_USER), `${d}/mine`)).toBe(-EPERM);
    // nor may someone else replace it
    await file(`${d}/theirs`, 'x', 0o666, OTHER_USER);
    expect(await do_rename(ctx(OTHER_USER), `${d}/theirs`, `${d}/mine`)).toBe(-EPERM);
    // a symlink in a sticky directory: its own owner counts, not the target's
    expect(await do_symlink(ctx(OTHER_USER), 'mine', `${d}/olink`)).toBe(0);
    expect(await do_rename(ctx(USER), `${d}/olink`, `${d}/ulink`)).toBe(-EPERM);
    expect(await do_unlink(ctx(USER), `${d}/olink`)).toBe(-EPERM);
    expect(await do_rename(ctx(OTHER_USER), `${d}/olink`, `${d}/olink2`)).toBe(0);
    expect(await do_rename(ctx(USER), `${d}/mine`, `${d}/mine3`)).toBe(0);
    expect(await do_unlink(ctx(ROOT), `${d}/mine3`)).toBe(0);
    // the directory's owner may
    await chown(d, OTHER_USER, 0o1777);
    expect(await do_unlink(ctx(OTHER_USER), `${d}/mine2`)).toBe(0);
  });
});

describe('name operations move times', () => {
  const tick = () => (now += 10);
  it('rename: both parents\' mtime and ctime, the moved and the replaced inode\'s ctime', async () => {
    const d = await fresh();
    await dir(`${d}/p1`);
    await dir(`${d}/p2`);
    await file(`${d}/p1/f`);
    await file(`${d}/p2/g`);
    expect(await do_link(kernel_ctx(), `${d}/p2/g`, `${d}/g2`)).toBe(0);
    const t = tick();
    expect(await do_rename(ctx(ROOT), `${d}/p1/f`, `${d}/p2/g`)).toBe(0);
    for (const p of [`${d}/p1`, `${d}/p2`]) {
      const s = await st(p);
      expect([s.mtime, s.ctime]).toEqual([t, t]);
    }
    expect((await st(`${d}/p2/g`)).ctime).toBe(t);
    expect((await st(`${d}/g2`)).ctime).toBe(t);
    expect((await st(`${d}`)).mtime).toBeLessThan(t);
  });

  it('mkdir, rmdir, symlink, link, unlink, create: the parent\'s mtime and ctime; link and unlink: the inode\'s ctime', async () => {
    const d = await fresh();
    const both = async (p: string, t: number) => {
      const s = await st(p);
      expect([s.mtime, s.ctime]).toEqual([t, t]);
    };
    let t = tick();
    await dir(`${d}/x`);
    await both(d, t);
    t = tick();
    expect(await do_rmdir(kernel_ctx(), `${d}/x`)).toBe(0);
    await both(d, t);
    t = tick();
    expect(await do_symlink(kernel_ctx(), 'q', `${d}/l`)).toBe(0);
    await both(d, t);
    t = tick();
    await file(`${d}/f`);
    await both(d, t);
    t = tick();
    expect(await do_link(kernel_ctx(), `${d}/f`, `${d}/f2`)).toBe(0);
    await both(d, t);
    expect((await st(`${d}/f`)).ctime).toBe(t);
    t = tick();
    expect(await do_unlink(kernel_ctx(), `${d}/f2`)).toBe(0);
    await both(d, t);
    expect((await st(`${d}/f`)).ctime).toBe(t);
    expect((await st(`${d}/f`)).nlink).toBe(1);
  });
});
