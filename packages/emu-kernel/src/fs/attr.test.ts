// Set-id bits as fs/attr.c and file_remove_privs take them away: a chown of a non-directory (by anyone,
// root too) removes S_ISUID, and S_ISGID when group execute is set or the caller is outside the group;
// a write or truncation by a caller without CAP_FSETID (the owner too) removes them from a regular file;
// chmod by a caller outside the file's group (not root) cannot set S_ISGID. Directories keep theirs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx, kernel_write_file } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct, fput } from './file.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import { sys_chown, sys_chmod, sys_truncate, do_filp_open, notify_change } from './open.js';
import { kernel_write } from './read_write.js';
import { kern_path, do_mkdir, do_symlink } from './namei.js';
import { O_TRUNC, O_WRONLY } from '../uapi/fcntl.js';
import { S_IFMT } from '../uapi/stat.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await do_mkdir(kernel_ctx(), '/srv/sid', 0o777)).toBe(0);
});
afterAll(async () => {
  await tm?.shutdown();
});

/** USER with group 50 as a supplementary group. */
const MEMBER: Cred = { ...USER, groups: [1000, 50] };
function taskAs(cred: Cred): Task {
  const root = kernel_ctx().root;
  return new Task(30004, null, cred, new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
const PATH = 8192;
function path(t: Task, p: string): number {
  t.mm.bytes.set(new TextEncoder().encode(p + '\0'), PATH);
  return PATH;
}
let seq = 0;
/** A file owned by USER, group `gid`, with `mode` (set-id bits included). */
async function mk(mode: number, gid = 1000): Promise<string> {
  const p = `/srv/sid/f${++seq}`;
  expect(await kernel_write_file({ path: p, mode: 0o644, content: 'data' })).toBe(0);
  await set(p, { uid: 1000, gid, mode });
  return p;
}
async function set(p: string, attr: { uid?: number; gid?: number; mode?: number }): Promise<void> {
  const pp = await kern_path(kernel_ctx(), p, 0);
  if (typeof pp === 'number') throw new Error(String(pp));
  if (attr.uid !== undefined) expect(await notify_change(kernel_ctx(), pp, { uid: attr.uid, gid: attr.gid })).toBe(0);
  if (attr.mode !== undefined) expect(await notify_change(kernel_ctx(), pp, { mode: attr.mode })).toBe(0);
}
async function mode(p: string): Promise<number> {
  const pp = await kern_path(kernel_ctx(), p, 0);
  if (typeof pp === 'number') throw new Error(String(pp));
  return pp.dentry.d_inode!.i_mode & ~S_IFMT;
}
async function write(cred: Cred, p: string, flags = O_WRONLY): Promise<void> {
  const ctx = { ...kernel_ctx(), cred };
  const f = await do_filp_open(ctx, p, flags, 0);
  if (typeof f === 'number') throw new Error(String(f));
  const caller = { pid: 1, cred };
  expect(await kernel_write(f, new TextEncoder().encode('y'), { pos: 0 }, caller)).toBe(1);
  await fput(f, caller);
}

describe('chown clears set-id bits of non-directories', () => {
  it('by the owner: S_ISUID, and S_ISGID with group execute', async () => {
    const u = taskAs(MEMBER);
    const a = await mk(0o6755);
    expect(await sys_chown(u, path(u, a), -1, 50)).toBe(0);
    expect(await mode(a)).toBe(0o0755);
    // -1, -1 changes nothing but still clears
    const b = await mk(0o4755);
    expect(await sys_chown(u, path(u, b), -1, -1)).toBe(0);
    expect(await mode(b)).toBe(0o0755);
  });

  it('S_ISGID without group execute (mandatory locking) stays for a member', async () => {
    const u = taskAs(MEMBER);
    const a = await mk(0o2644);
    expect(await sys_chown(u, path(u, a), 1000, 1000)).toBe(0);
    expect(await mode(a)).toBe(0o2644);
  });

  it('by root too (Linux since 2.2.13), whose S_ISGID without group execute stays', async () => {
    const r = taskAs(root_cred());
    const a = await mk(0o6755);
    expect(await sys_chown(r, path(r, a), 2000, 2000)).toBe(0);
    expect(await mode(a)).toBe(0o0755);
    const b = await mk(0o6644);
    expect(await sys_chown(r, path(r, b), 2000, -1)).toBe(0);
    expect(await mode(b)).toBe(0o2644);
  });

  it('a directory keeps its bits; lchown of a symlink changes the link, not its target', async () => {
    const u = taskAs(MEMBER);
    expect(await do_mkdir(kernel_ctx(), '/srv/sid/d', 0o755)).toBe(0);
    await set('/srv/sid/d', { uid: 1000, gid: 1000, mode: 0o6775 });
    expect(await sys_chown(u, path(u, '/srv/sid/d'), -1, 50)).toBe(0);
    expect(await mode('/srv/sid/d')).toBe(0o6775);
    const target = await mk(0o4755);
    expect(await do_symlink(kernel_ctx(), target, '/srv/sid/l')).toBe(0);
    const r = taskAs(root_cred());
    expect(await sys_chown(r, path(r, '/srv/sid/l'), 1000, 50, false)).toBe(0);
    const l = await kern_path(kernel_ctx(), '/srv/sid/l', 0);
    if (typeof l === 'number') throw new Error(String(l));
    expect([l.dentry.d_inode!.i_uid, l.dentry.d_inode!.i_gid]).toEqual([1000, 50]);
    expect(await mode(target)).toBe(0o4755);
  });
});

describe('writes and truncations clear them (file_remove_privs)', () => {
  it('a write by the owner or another user clears S_ISUID and an executable S_ISGID; root\'s keeps them', async () => {
    const a = await mk(0o6777);
    await write(USER, a);
    expect(await mode(a)).toBe(0o0777);
    const b = await mk(0o6777);
    await write({ uid: 1001, gid: 1001, euid: 1001, egid: 1001, groups: [1001] }, b);
    expect(await mode(b)).toBe(0o0777);
    const c = await mk(0o6777);
    await write(root_cred(), c);
    expect(await mode(c)).toBe(0o6777);
    // S_ISGID without group execute stays for a member of the group
    const d = await mk(0o2666);
    await write(USER, d);
    expect(await mode(d)).toBe(0o2666);
  });

  it('truncate(2) and open with O_TRUNC by an unprivileged caller clear them', async () => {
    const u = taskAs(USER);
    const a = await mk(0o4777);
    expect(await sys_truncate(u, path(u, a), 1)).toBe(0);
    expect(await mode(a)).toBe(0o0777);
    const b = await mk(0o6777);
    const ctx = { ...kernel_ctx(), cred: USER };
    const f = await do_filp_open(ctx, b, O_WRONLY | O_TRUNC, 0);
    if (typeof f === 'number') throw new Error(String(f));
    await fput(f, { pid: 1, cred: USER });
    expect(await mode(b)).toBe(0o0777);
  });
});

describe('chmod', () => {
  it('by the owner outside the file\'s group drops S_ISGID; a member and root keep it', async () => {
    const u = taskAs(USER);
    const a = await mk(0o644, 50);
    expect(await sys_chmod(u, path(u, a), 0o2755)).toBe(0);
    expect(await mode(a)).toBe(0o0755);
    expect(await sys_chmod(u, path(u, a), 0o4755)).toBe(0);
    expect(await mode(a)).toBe(0o4755);
    const m = taskAs(MEMBER);
    expect(await sys_chmod(m, path(m, a), 0o2755)).toBe(0);
    expect(await mode(a)).toBe(0o2755);
    const r = taskAs(root_cred());
    const b = await mk(0o644, 50);
    expect(await sys_chmod(r, path(r, b), 0o2755)).toBe(0);
    expect(await mode(b)).toBe(0o2755);
  });
});
