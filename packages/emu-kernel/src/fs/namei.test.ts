// Path walks and permission checks through the kernel API, with the credentials of root and two users:
// mode bits by owner/group/other, root's bypass, the sticky /tmp, and the errno of each failure.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER, OTHER_USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { do_filp_open, notify_change } from './open.js';
import {
  kern_path, do_mkdir, do_unlink, do_rmdir, do_mknod, do_symlink, do_link, generic_permission,
  inode_permission, LOOKUP_FOLLOW, MAY_EXEC, MAY_READ, MAY_WRITE, type NameiCtx,
} from './namei.js';
import { do_rename } from './rename.js';
import { fput } from './file.js';
import { vfs_getattr } from './stat.js';
import { Inode, SuperBlock, type FileSystemType } from './fs.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import {
  EACCES, EEXIST, EINVAL, EISDIR, ELOOP, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, ENAMETOOLONG,
} from '../uapi/errno.js';
import { O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY, O_RDWR, O_WRONLY } from '../uapi/fcntl.js';
import { S_IFCHR, S_IFDIR, S_IFIFO, S_IFREG } from '../uapi/stat.js';
import { MKDEV } from '../kernel/kdev_t.js';

let tm: TestMachine;
const ROOT = root_cred();
const GROUPIE: Cred = { uid: 1001, gid: 1001, euid: 1001, egid: 1001, groups: [1001, 1000] };

function ctx(cred: Cred): NameiCtx {
  return { ...kernel_ctx(), cred, umask: 0o022 };
}

/** open(2) as `cred`: 0 on success (the file is closed again) or -errno. */
async function tryOpen(cred: Cred, path: string, flags: number, mode = 0o644): Promise<number> {
  const f = await do_filp_open(ctx(cred), path, flags, mode);
  if (typeof f === 'number') return f;
  await fput(f, { pid: 0, cred });
  return 0;
}

async function mkfile(path: string, mode: number, uid = 0, gid = 0): Promise<void> {
  expect(await kernel_write_file({ path, mode, uid, gid, content: 'data\n' })).toBe(0);
}

async function mkdirAs(path: string, mode: number, uid: number, gid: number): Promise<void> {
  const k = ctx(ROOT);
  expect(await do_mkdir({ ...k, umask: 0 }, path, mode)).toBe(0);
  const p = await kern_path(k, path);
  if (typeof p === 'number') throw new Error(`${path}: ${p}`);
  expect(await notify_change(k, p, { uid, gid, mode })).toBe(0);
}

beforeAll(async () => {
  tm = await TestMachine.boot();
  await mkdirAs('/srv/perm', 0o755, 0, 0);
  await mkfile('/srv/perm/u600', 0o600, 1000, 1000);
  await mkfile('/srv/perm/g640', 0o640, 0, 1000);
  await mkfile('/srv/perm/o604', 0o604, 0, 0);
  await mkfile('/srv/perm/owner077', 0o077, 1000, 1000);
  await mkfile('/srv/perm/none000', 0o000, 1000, 1000);
  await mkfile('/srv/perm/exec700', 0o700, 0, 0);
  await mkdirAs('/srv/perm/nosearch', 0o600, 1000, 1000);
  await mkfile('/srv/perm/nosearch/f', 0o644, 1000, 1000);
  await mkdirAs('/srv/perm/userdir', 0o755, 1000, 1000);
});

afterAll(async () => {
  await tm?.shutdown();
});

describe('generic_permission (mode bits only)', () => {
  const fstype: FileSystemType = { name: 'x', mount: () => -1 };
  const inode = (mode: number, uid: number, gid: number) => {
    const i = new Inode(new SuperBlock(fstype, 0), 1);
    i.i_mode = mode;
    i.i_uid = uid;
    i.i_gid = gid;
    return i;
  };

  it('uses the owner class for the owner, even when the other classes allow more', () => {
    const i = inode(S_IFREG | 0o077, 1000, 1000);
    expect(generic_permission(i, MAY_READ, USER)).toBe(-EACCES);
    expect(generic_permission(i, MAY_READ, OTHER_USER)).toBe(0);
  });

  it('uses the group class for the primary or a supplementary group', () => {
    const i = inode(S_IFREG | 0o640, 0, 1000);
    expect(generic_permission(i, MAY_READ, USER)).toBe(0);
    expect(generic_permission(i, MAY_WRITE, USER)).toBe(-EACCES);
    expect(generic_permission(i, MAY_READ, GROUPIE)).toBe(0);
    expect(generic_permission(i, MAY_READ, OTHER_USER)).toBe(-EACCES);
  });

  it('needs every requested bit', () => {
    const i = inode(S_IFREG | 0o004, 0, 0);
    expect(generic_permission(i, MAY_READ, USER)).toBe(0);
    expect(generic_permission(i, MAY_READ | MAY_WRITE, USER)).toBe(-EACCES);
  });

  it('lets root read and write anything, and execute only what has an x bit (or a directory)', () => {
    expect(generic_permission(inode(S_IFREG | 0o000, 1000, 1000), MAY_READ | MAY_WRITE, ROOT)).toBe(0);
    expect(generic_permission(inode(S_IFREG | 0o644, 0, 0), MAY_EXEC, ROOT)).toBe(-EACCES);
    expect(generic_permission(inode(S_IFREG | 0o001, 1000, 0), MAY_EXEC, ROOT)).toBe(0);
    expect(generic_permission(inode(S_IFDIR | 0o000, 1000, 0), MAY_EXEC, ROOT)).toBe(0);
  });
});

describe('open permissions through the VFS', () => {
  it('owner, group and other classes', async () => {
    expect(await tryOpen(USER, '/srv/perm/u600', O_RDWR)).toBe(0);
    expect(await tryOpen(OTHER_USER, '/srv/perm/u600', O_RDONLY)).toBe(-EACCES);
    expect(await tryOpen(USER, '/srv/perm/g640', O_RDONLY)).toBe(0);
    expect(await tryOpen(USER, '/srv/perm/g640', O_WRONLY)).toBe(-EACCES);
    expect(await tryOpen(GROUPIE, '/srv/perm/g640', O_RDONLY)).toBe(0);
    expect(await tryOpen(OTHER_USER, '/srv/perm/g640', O_RDONLY)).toBe(-EACCES);
    expect(await tryOpen(OTHER_USER, '/srv/perm/o604', O_RDONLY)).toBe(0);
    expect(await tryOpen(OTHER_USER, '/srv/perm/o604', O_WRONLY)).toBe(-EACCES);
    expect(await tryOpen(USER, '/srv/perm/owner077', O_RDONLY)).toBe(-EACCES);
    expect(await tryOpen(USER, '/srv/perm/none000', O_RDONLY)).toBe(-EACCES);
  });

  it('root bypasses read and write bits', async () => {
    expect(await tryOpen(ROOT, '/srv/perm/none000', O_RDWR)).toBe(0);
    expect(await tryOpen(ROOT, '/srv/perm/u600', O_RDWR)).toBe(0);
  });

  it('exec needs an x bit even for root', async () => {
    const k = ctx(ROOT);
    for (const [path, want] of [['/srv/perm/o604', -EACCES], ['/srv/perm/exec700', 0]] as const) {
      const p = await kern_path(k, path);
      if (typeof p === 'number') throw new Error(path);
      expect(await inode_permission(k, p.dentry.d_inode!, p.dentry, MAY_EXEC, p)).toBe(want);
    }
    expect(await inode_permission(ctx(USER), (await kern_path(k, '/srv/perm/exec700') as { dentry: { d_inode: Inode } }).dentry.d_inode, null, MAY_EXEC)).toBe(-EACCES);
  });

  it('walking through a directory needs its x bit', async () => {
    expect(await tryOpen(USER, '/srv/perm/nosearch/f', O_RDONLY)).toBe(-EACCES);
    expect(await tryOpen(OTHER_USER, '/srv/perm/nosearch/f', O_RDONLY)).toBe(-EACCES);
    expect(await tryOpen(ROOT, '/srv/perm/nosearch/f', O_RDONLY)).toBe(0);
  });

  it('creating needs write permission on the directory', async () => {
    expect(await tryOpen(USER, '/srv/perm/new', O_CREAT | O_WRONLY)).toBe(-EACCES);
    expect(await do_mkdir(ctx(USER), '/srv/perm/newdir', 0o755)).toBe(-EACCES);
    expect(await tryOpen(USER, '/srv/perm/userdir/new', O_CREAT | O_WRONLY)).toBe(0);
    expect(await tryOpen(OTHER_USER, '/srv/perm/userdir/other', O_CREAT | O_WRONLY)).toBe(-EACCES);
    expect(await do_unlink(ctx(OTHER_USER), '/srv/perm/userdir/new')).toBe(-EACCES);
    expect(await do_unlink(ctx(USER), '/srv/perm/userdir/new')).toBe(0);
  });

  it('a new file belongs to its creator and gets the mode minus the umask', async () => {
    expect(await tryOpen(USER, '/tmp/owned', O_CREAT | O_WRONLY, 0o666)).toBe(0);
    const p = await kern_path(ctx(ROOT), '/tmp/owned');
    if (typeof p === 'number') throw new Error('lookup');
    expect(p.dentry.d_inode!.i_uid).toBe(1000);
    expect(p.dentry.d_inode!.i_mode).toBe(S_IFREG | 0o644);
    expect(await do_unlink(ctx(USER), '/tmp/owned')).toBe(0);
  });
});

describe('the sticky /tmp', () => {
  it('only the owner of a file (or root) may remove or rename it', async () => {
    expect(await tryOpen(USER, '/tmp/mine', O_CREAT | O_WRONLY)).toBe(0);
    expect(await tryOpen(USER, '/tmp/mine2', O_CREAT | O_WRONLY)).toBe(0);
    expect(await do_unlink(ctx(OTHER_USER), '/tmp/mine')).toBe(-EPERM);
    expect(await do_rename(ctx(OTHER_USER), '/tmp/mine', '/tmp/stolen')).toBe(-EPERM);
    expect(await tryOpen(OTHER_USER, '/tmp/mine', O_WRONLY)).toBe(-EACCES);
    expect(await do_unlink(ctx(USER), '/tmp/mine')).toBe(0);
    expect(await do_unlink(ctx(ROOT), '/tmp/mine2')).toBe(0);
  });
});

describe('errno of failed name operations', () => {
  it('EPERM: device nodes are root-only; fifos are not', async () => {
    expect(await do_mknod(ctx(USER), '/tmp/cdev', S_IFCHR | 0o644, MKDEV(1, 3))).toBe(-EPERM);
    expect(await do_mknod(ctx(USER), '/tmp/fifo', S_IFIFO | 0o644, 0)).toBe(0);
    expect(await do_mknod(ctx(ROOT), '/tmp/cdev', S_IFCHR | 0o644, MKDEV(1, 3))).toBe(0);
    expect(await do_unlink(ctx(ROOT), '/tmp/cdev')).toBe(0);
    expect(await do_unlink(ctx(USER), '/tmp/fifo')).toBe(0);
  });

  it('ENOENT: a missing component, a missing file, an empty path', async () => {
    const k = ctx(ROOT);
    expect(await kern_path(k, '/srv/missing/x')).toBe(-ENOENT);
    expect(await tryOpen(ROOT, '/srv/perm/missing', O_RDONLY)).toBe(-ENOENT);
    expect(await kern_path(k, '')).toBe(-ENOENT);
    expect(await do_unlink(k, '/srv/perm/missing')).toBe(-ENOENT);
    expect(await do_mkdir(k, '/srv/missing/x', 0o755)).toBe(-ENOENT);
  });

  it('ENOTDIR: a file used as a directory', async () => {
    const k = ctx(ROOT);
    expect(await kern_path(k, '/etc/passwd/x')).toBe(-ENOTDIR);
    expect(await do_mkdir(k, '/etc/passwd/x', 0o755)).toBe(-ENOTDIR);
    expect(await do_rmdir(k, '/etc/passwd')).toBe(-ENOTDIR);
    expect(await tryOpen(ROOT, '/etc/passwd', O_RDONLY | O_DIRECTORY)).toBe(-ENOTDIR);
  });

  it('EEXIST: mkdir, exclusive create, symlink and mknod over an existing name', async () => {
    const k = ctx(ROOT);
    expect(await do_mkdir(k, '/tmp', 0o755)).toBe(-EEXIST);
    expect(await tryOpen(ROOT, '/etc/passwd', O_CREAT | O_EXCL | O_WRONLY)).toBe(-EEXIST);
    expect(await do_symlink(k, '/x', '/etc/passwd')).toBe(-EEXIST);
    expect(await do_mknod(k, '/etc/passwd', S_IFIFO | 0o644, 0)).toBe(-EEXIST);
    expect(await do_link(k, '/etc/group', '/etc/passwd')).toBe(-EEXIST);
  });

  it('ELOOP: symlink cycles, and O_NOFOLLOW on a symlink', async () => {
    const k = ctx(ROOT);
    expect(await do_symlink(k, '/tmp/loop2', '/tmp/loop1')).toBe(0);
    expect(await do_symlink(k, '/tmp/loop1', '/tmp/loop2')).toBe(0);
    expect(await do_symlink(k, 'self', '/tmp/self')).toBe(0);
    expect(await kern_path(k, '/tmp/loop1')).toBe(-ELOOP);
    expect(await kern_path(k, '/tmp/self/x')).toBe(-ELOOP);
    expect(await tryOpen(ROOT, '/tmp/loop1', O_RDONLY)).toBe(-ELOOP);
    expect(await do_symlink(k, '/etc/passwd', '/tmp/pw')).toBe(0);
    expect(await tryOpen(ROOT, '/tmp/pw', O_RDONLY)).toBe(0);
    expect(await tryOpen(ROOT, '/tmp/pw', O_RDONLY | O_NOFOLLOW)).toBe(-ELOOP);
    const nofollow = await kern_path(k, '/tmp/loop1', 0);
    expect(typeof nofollow).not.toBe('number');
    for (const l of ['/tmp/loop1', '/tmp/loop2', '/tmp/self', '/tmp/pw']) expect(await do_unlink(k, l)).toBe(0);
  });

  it('EISDIR and ENOTEMPTY', async () => {
    const k = ctx(ROOT);
    expect(await tryOpen(ROOT, '/tmp', O_WRONLY)).toBe(-EISDIR);
    expect(await do_unlink(k, '/srv/perm/userdir')).toBe(-EISDIR);
    expect(await do_rmdir(k, '/srv/perm')).toBe(-ENOTEMPTY);
  });

  it('rename: a directory replaces only an empty directory, a file only a non-directory, and never an ancestor', async () => {
    const k = ctx(ROOT);
    for (const d of ['/tmp/rn', '/tmp/rn/d', '/tmp/rn/full', '/tmp/rn/empty']) expect(await do_mkdir(k, d, 0o755)).toBe(0);
    for (const f of ['/tmp/rn/f', '/tmp/rn/full/x']) expect(await tryOpen(ROOT, f, O_CREAT | O_WRONLY)).toBe(0);
    expect(await do_rename(k, '/tmp/rn/d', '/tmp/rn/f')).toBe(-ENOTDIR);
    expect(await do_rename(k, '/tmp/rn/f', '/tmp/rn/d')).toBe(-EISDIR);
    expect(await do_rename(k, '/tmp/rn/d', '/tmp/rn/full')).toBe(-ENOTEMPTY);
    expect(await do_mkdir(k, '/tmp/rn/d/sub', 0o755)).toBe(0);
    expect(await do_rename(k, '/tmp/rn/d/sub', '/tmp/rn/d')).toBe(-ENOTEMPTY);
    expect(await do_rename(k, '/tmp/rn/d', '/tmp/rn/d/sub/in')).toBe(-EINVAL);
    // Nothing moved: each name is still what it was.
    for (const [path, dir] of [['/tmp/rn/d/sub', true], ['/tmp/rn/f', false], ['/tmp/rn/full/x', false]] as const) {
      const p = await kern_path(k, path, 0);
      if (typeof p === 'number') throw new Error(`${path}: ${p}`);
      expect((p.dentry.d_inode!.i_mode & S_IFDIR) !== 0, path).toBe(dir);
    }
    expect(await do_rename(k, '/tmp/rn/d/sub', '/tmp/rn/empty')).toBe(0);
  });

  it('rename over a name, again and again, keeps the directory\'s link count and the file system\'s nodes', async () => {
    const k = ctx(ROOT);
    expect(await do_mkdir(k, '/tmp/ro', 0o755)).toBe(0);
    const dir = await kern_path(k, '/tmp/ro');
    if (typeof dir === 'number') throw new Error('lookup');
    const nodes = () => Object.keys((dir.dentry.d_sb.s_fs_info as { vol: { _core: { inodes: object } } }).vol._core.inodes).length;
    expect(await tryOpen(ROOT, '/tmp/ro/b', O_CREAT | O_WRONLY)).toBe(0);
    const before = nodes();
    for (let i = 0; i < 50; i++) {
      expect(await tryOpen(ROOT, '/tmp/ro/a', O_CREAT | O_WRONLY)).toBe(0);
      expect(await do_rename(k, '/tmp/ro/a', '/tmp/ro/b')).toBe(0);
      expect(await do_mkdir(k, '/tmp/ro/d', 0o755)).toBe(0);
      expect(await do_mkdir(k, '/tmp/ro/e', 0o755)).toBe(0);
      expect(await do_rename(k, '/tmp/ro/d', '/tmp/ro/e')).toBe(0);
      expect(await do_rmdir(k, '/tmp/ro/e')).toBe(0);
    }
    expect(nodes()).toBe(before);
    const st = await kern_path(k, '/tmp/ro');
    if (typeof st === 'number') throw new Error('lookup');
    expect(vfs_getattr(st.dentry).nlink).toBe(2);
  });

  it('ENAMETOOLONG for a component over NAME_MAX', async () => {
    expect(await kern_path(ctx(ROOT), '/tmp/' + 'n'.repeat(256))).toBe(-ENAMETOOLONG);
  });

  it('".." never climbs above the root', async () => {
    const k = ctx(ROOT);
    const up = await kern_path(k, '/../../etc/../..');
    expect(typeof up === 'number' ? up : up.dentry).toBe(k.root.dentry);
    const etc = await kern_path(k, '/../etc', LOOKUP_FOLLOW);
    expect(typeof etc === 'number' ? etc : etc.dentry.d_name).toBe('etc');
  });
});

describe('inodes of deleted files', () => {
  it('a new file never inherits the owner, mode or type of a deleted one (memfs reuses node numbers)', async () => {
    const k = ctx(ROOT);
    expect(await do_mknod(ctx(USER), '/tmp/old-fifo', S_IFIFO | 0o600, 0)).toBe(0);
    expect(await do_unlink(k, '/tmp/old-fifo')).toBe(0);
    expect(await tryOpen(USER, '/tmp/old-file', O_CREAT | O_WRONLY, 0o600)).toBe(0);
    expect(await do_unlink(k, '/tmp/old-file')).toBe(0);
    expect(await tryOpen(ROOT, '/tmp/new-file', O_CREAT | O_WRONLY, 0o644)).toBe(0);
    expect(await do_symlink(k, '/etc/passwd', '/tmp/new-link')).toBe(0);
    for (const [path, mode] of [['/tmp/new-file', S_IFREG | 0o644], ['/tmp/new-link', 0o120777]] as const) {
      const p = await kern_path(k, path, 0);
      if (typeof p === 'number') throw new Error(`${path}: ${p}`);
      expect(p.dentry.d_inode!.i_uid, path).toBe(0);
      expect(p.dentry.d_inode!.i_mode, path).toBe(mode);
    }
    expect(await do_unlink(k, '/tmp/new-file')).toBe(0);
    expect(await do_unlink(k, '/tmp/new-link')).toBe(0);
  });

  it('a file replaced by rename does not come back through a recycled node number', async () => {
    const k = ctx(ROOT);
    expect(await tryOpen(USER, '/tmp/victim', O_CREAT | O_WRONLY, 0o600)).toBe(0);
    expect(await tryOpen(ROOT, '/tmp/src', O_CREAT | O_WRONLY, 0o644)).toBe(0);
    expect(await do_rename(k, '/tmp/src', '/tmp/victim')).toBe(0);
    expect(await tryOpen(ROOT, '/tmp/after', O_CREAT | O_WRONLY, 0o640)).toBe(0);
    const p = await kern_path(k, '/tmp/after');
    if (typeof p === 'number') throw new Error('lookup');
    expect(p.dentry.d_inode!.i_uid).toBe(0);
    expect(p.dentry.d_inode!.i_mode).toBe(S_IFREG | 0o640);
    for (const f of ['/tmp/victim', '/tmp/after']) expect(await do_unlink(k, f)).toBe(0);
  });
});
