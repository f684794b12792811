// Credentials with supplementary groups through the system call handlers: getgroups/setgroups
// (privilege, sizes, bad pointers, sorted without repeats), setresuid/setresgid/getres*id (root sets
// any id, others only to one of their own three, -1 keeps one), setuid back to the saved uid, and the
// groups at work: a group's permission bits for a member, and chown's rule that the owner may set only
// a group it belongs to.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from './task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from '../fs/file.js';
import { root_cred, type Cred } from './cred.js';
import { sys_getgroups, sys_setgroups, NGROUPS_MAX } from './groups.js';
import { sys_setresuid, sys_setresgid, sys_getresuid, sys_getresgid, sys_setuid } from './sys.js';
import { sys_chown } from '../fs/open.js';
import { kern_path, inode_permission, MAY_READ, MAY_WRITE } from '../fs/namei.js';
import { nctx } from '../fs/fs_struct.js';
import { notify_change } from '../fs/open.js';
import { EFAULT, EINVAL, EPERM, EACCES } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

function taskAs(cred: Cred): Task {
  const root = kernel_ctx().root;
  return new Task(30003, null, { ...cred, groups: [...cred.groups] }, new MmStruct(1 << 20), new FilesStruct(),
    { root, pwd: root }, ['t'], [], 0);
}
const LIST = 8192, IDS = 12288, PATH = 16384;
function putGroups(t: Task, gs: number[]): void {
  const v = new DataView(t.mm.bytes.buffer, t.mm.bytes.byteOffset);
  gs.forEach((g, i) => v.setUint32(LIST + 4 * i, g, true));
}
function getU32(t: Task, addr: number, n: number): number[] {
  const v = new DataView(t.mm.bytes.buffer, t.mm.bytes.byteOffset);
  return Array.from({ length: n }, (_, i) => v.getUint32(addr + 4 * i, true));
}
function path(t: Task, p: string): number {
  t.mm.bytes.set(new TextEncoder().encode(p + '\0'), PATH);
  return PATH;
}

describe('getgroups / setgroups', () => {
  it('root sets the list (sorted, without repeats); getgroups counts and copies it', () => {
    const t = taskAs(root_cred());
    putGroups(t, [50, 10, 50, 20]);
    expect(sys_setgroups(t, 4, LIST)).toBe(0);
    expect(t.cred.groups).toEqual([10, 20, 50]);
    expect(sys_getgroups(t, 0, 0)).toBe(3);
    expect(sys_getgroups(t, 2, IDS)).toBe(-EINVAL);
    expect(sys_getgroups(t, 3, IDS)).toBe(3);
    expect(getU32(t, IDS, 3)).toEqual([10, 20, 50]);
    expect(sys_getgroups(t, -1, IDS)).toBe(-EINVAL);
    expect(sys_getgroups(t, 3, 0xfffffff0)).toBe(-EFAULT);
    expect(sys_setgroups(t, 0, 0)).toBe(0);
    expect(t.cred.groups).toEqual([]);
  });

  it('refuses an unprivileged caller, a size beyond NGROUPS_MAX, (gid_t)-1 and a bad pointer', () => {
    const u = taskAs(USER);
    putGroups(u, [1000]);
    expect(sys_setgroups(u, 1, LIST)).toBe(-EPERM);
    const t = taskAs(root_cred());
    expect(sys_setgroups(t, NGROUPS_MAX + 1, LIST)).toBe(-EINVAL);
    expect(sys_setgroups(t, -1, LIST)).toBe(-EINVAL);
    putGroups(t, [0xffffffff]);
    expect(sys_setgroups(t, 1, LIST)).toBe(-EINVAL);
    expect(sys_setgroups(t, 2, 0xfffffffc)).toBe(-EFAULT);
    expect(t.cred.groups).toEqual([0]);
  });
});

describe('setresuid / setresgid', () => {
  it('root sets any ids; -1 keeps one; getresuid reports the three', () => {
    const t = taskAs(root_cred());
    expect(sys_setresuid(t, 1000, -1, 2000)).toBe(0);
    expect([t.cred.uid, t.cred.euid, t.cred.suid]).toEqual([1000, 0, 2000]);
    expect(sys_getresuid(t, IDS, IDS + 4, IDS + 8)).toBe(0);
    expect(getU32(t, IDS, 3)).toEqual([1000, 0, 2000]);
    expect(sys_setresgid(t, 100, 200, 0xffffffff)).toBe(0);
    expect(sys_getresgid(t, IDS, IDS + 4, IDS + 8)).toBe(0);
    expect(getU32(t, IDS, 3)).toEqual([100, 200, 0]);
    expect(sys_getresuid(t, IDS, 0xfffffffe, IDS)).toBe(-EFAULT);
  });

  it('an unprivileged task sets each id only to one of its real, effective or saved ids', () => {
    const t = taskAs(root_cred());
    expect(sys_setresuid(t, 1000, 1000, 1001)).toBe(0);
    // no longer root: it may swap among 1000 and 1001, not reach 0 or 1002
    expect(sys_setresuid(t, -1, 1001, -1)).toBe(0);
    expect(t.cred.euid).toBe(1001);
    expect(sys_setresuid(t, -1, 0, -1)).toBe(-EPERM);
    expect(sys_setresuid(t, 1002, -1, -1)).toBe(-EPERM);
    expect(sys_setresuid(t, 1001, 1000, 1000)).toBe(0);
    expect([t.cred.uid, t.cred.euid, t.cred.suid]).toEqual([1001, 1000, 1000]);
    // setuid to the saved uid is allowed, to another not
    expect(sys_setuid(t, 1000)).toBe(0);
    expect(sys_setuid(t, 7)).toBe(-EPERM);
    const u = taskAs(USER);
    expect(sys_setresgid(u, -1, 1000, -1)).toBe(0);
    expect(sys_setresgid(u, -1, 0, -1)).toBe(-EPERM);
    expect(sys_setresgid(u, 0x1_0000_0000, -1, -1)).toBe(-EINVAL);
  });
});

describe('supplementary groups at work', () => {
  it('a member has the group bits; chown by the owner only to a group it is in', async () => {
    expect(await kernel_write_file({ path: '/srv/grp/f', mode: 0o640, content: 'x' })).toBe(0);
    const p = await kern_path(kernel_ctx(), '/srv/grp/f');
    if (typeof p === 'number') throw new Error(String(p));
    expect(await notify_change(kernel_ctx(), p, { uid: 1000, gid: 1000 })).toBe(0);
    const inode = p.dentry.d_inode!;
    // uid 1001 outside group 1000: no read; after root gives it group 1000 as a supplementary group: read
    const t = taskAs(root_cred());
    expect(sys_setresgid(t, 1001, 1001, 1001)).toBe(0);
    putGroups(t, [1001, 1000]);
    expect(sys_setgroups(t, 2, LIST)).toBe(0);
    const other = taskAs({ uid: 1001, gid: 1001, euid: 1001, egid: 1001, groups: [1001] });
    expect(await inode_permission(nctx(other), inode, p.dentry, MAY_READ)).toBe(-EACCES);
    expect(sys_setresuid(t, 1001, 1001, 1001)).toBe(0);
    expect(await inode_permission(nctx(t), inode, p.dentry, MAY_READ)).toBe(0);
    expect(await inode_permission(nctx(t), inode, p.dentry, MAY_WRITE)).toBe(-EACCES);
    // the owner (1000, also in group 50 now) may chgrp to 50 or keep 1000, not to 60 nor give it away
    const owner = taskAs(root_cred());
    putGroups(owner, [1000, 50]);
    expect(sys_setgroups(owner, 2, LIST)).toBe(0);
    expect(sys_setresgid(owner, 1000, 1000, 1000)).toBe(0);
    expect(sys_setresuid(owner, 1000, 1000, 1000)).toBe(0);
    expect(await sys_chown(owner, path(owner, '/srv/grp/f'), -1, 60)).toBe(-EPERM);
    expect(inode.i_gid).toBe(1000);
    expect(await sys_chown(owner, path(owner, '/srv/grp/f'), -1, 50)).toBe(0);
    expect(inode.i_gid).toBe(50);
    expect(await sys_chown(owner, path(owner, '/srv/grp/f'), 1000, 1000)).toBe(0);
    expect(await sys_chown(owner, path(owner, '/srv/grp/f'), 1001, -1)).toBe(-EPERM);
    // a non-owner may not even "change" the group to the one it has
    expect(await sys_chown(t, path(t, '/srv/grp/f'), -1, 1000)).toBe(-EPERM);
    expect(await sys_chown(t, path(t, '/srv/grp/f'), 1000, -1)).toBe(-EPERM);
    expect([inode.i_uid, inode.i_gid]).toEqual([1000, 1000]);
  });
});
