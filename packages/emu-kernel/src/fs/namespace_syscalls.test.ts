// mount(2) and umount2(2) through their handlers, for a process-like task whose memory holds the
// string arguments: new mounts in /proc/mounts, remount, busy and missing mount points, non-root callers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../testbin/lib/harness.js';
import { kernel_ctx } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred, type Cred } from '../kernel/cred.js';
import { do_mkdir } from './namei.js';
import { mounts } from './namespace.js';
import { send_sig } from '../kernel/signal.js';
import { SIGKILL } from '../uapi/signal.js';
import { sys_mount, sys_umount, MS_RDONLY, MS_REMOUNT, MS_BIND, MNT_DETACH } from './namespace_syscalls.js';
import { EBUSY, EINVAL, ENODEV, ENOENT, ENOTDIR, EPERM, EROFS } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
  expect(await do_mkdir(kernel_ctx(), '/srv/m1', 0o755)).toBe(0);
  expect(await do_mkdir(kernel_ctx(), '/srv/m2', 0o755)).toBe(0);
});
afterAll(async () => {
  await tm?.shutdown();
});

function taskAs(cred: Cred): Task {
  const root = kernel_ctx().root;
  return new Task(30001, null, cred, new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
/** Puts strings in the task's memory; returns their addresses (0 for null). */
function strs(t: Task, ...list: (string | null)[]): number[] {
  let at = 8192;
  return list.map((s) => {
    if (s === null) return 0;
    const b = new TextEncoder().encode(s + '\0');
    t.mm.bytes.set(b, at);
    const p = at;
    at += b.length + 8;
    return p;
  });
}
async function mount(t: Task, src: string | null, target: string, type: string | null, flags = 0, data: string | null = null) {
  const [a, b, c, d] = strs(t, src, target, type, data);
  return sys_mount(t, a, b, c, flags, d);
}
async function umount(t: Task, target: string, flags = 0) {
  const [a] = strs(t, target);
  return sys_umount(t, a, flags);
}
const mountLine = (dir: string) => mounts().find((m) => m.mnt_mountpoint.d_name === dir.split('/').pop());

describe('mount(2) / umount2(2)', () => {
  it('mounts a registered type, shows it in /proc/mounts, and unmounts it', async () => {
    const root = taskAs(root_cred());
    expect(await mount(root, 'none', '/srv/m1', 'proc', 0, 'hidepid=0')).toBe(0);
    const r = await tm.run(['/bin/cat', '/proc/mounts']);
    expect(r.stdout).toMatch(/^none \/srv\/m1 proc rw,hidepid=0 0 0$/m);
    const v = await tm.run(['/bin/cat', '/srv/m1/version']);
    expect(v.stdout).toMatch(/^Linux version/);
    expect(await umount(root, '/srv/m1')).toBe(0);
    expect((await tm.run(['/bin/cat', '/proc/mounts'])).stdout).not.toMatch(/\/srv\/m1/);
  });

  it('errors: unknown type, missing or non-directory target, not a mount point, non-root', async () => {
    const root = taskAs(root_cred());
    expect(await mount(root, 'x', '/srv/m1', 'nosuchfs')).toBe(-ENODEV);
    expect(await mount(root, 'x', '/srv/none', 'proc')).toBe(-ENOENT);
    expect(await mount(root, 'x', '/etc/passwd', 'proc')).toBe(-ENOTDIR);
    expect(await mount(root, 'x', '/srv/m1', null)).toBe(-EINVAL);
    expect(await mount(root, 'x', '/srv/m1', 'proc', MS_BIND)).toBe(-EINVAL);
    expect(await umount(root, '/srv/m1')).toBe(-EINVAL);
    expect(await umount(root, '/srv/m1', 0x100)).toBe(-EINVAL);
    expect(await mount(taskAs(USER), 'x', '/srv/m1', 'proc')).toBe(-EPERM);
    expect(await umount(taskAs(USER), '/proc')).toBe(-EPERM);
  });

  it('read-only mounts and remounts; a busy mount stays unless detached', async () => {
    const root = taskAs(root_cred());
    // A fresh RAM file system (its own super block): read-only is enforced.
    expect(await mount(root, 'ram', '/srv/m2', 'rootfs', MS_RDONLY)).toBe(0);
    expect(mountLine('/srv/m2')?.mnt_opts).toBe('ro');
    expect(await do_mkdir(kernel_ctx(), '/srv/m2/x', 0o755)).toBe(-EROFS);
    expect(await mount(root, null, '/srv/m2', null, MS_REMOUNT)).toBe(0);
    expect(mountLine('/srv/m2')?.mnt_opts).toBe('');
    expect(await do_mkdir(kernel_ctx(), '/srv/m2/x', 0o755)).toBe(0);
    const { task, exited } = await tm.start(['/bin/sleep', '30'], { cwd: '/srv/m2' });
    try {
      expect(await umount(root, '/srv/m2')).toBe(-EBUSY);
      expect(await umount(root, '/srv/m2', MNT_DETACH)).toBe(0);
    } finally {
      send_sig(SIGKILL, task, 1);
      await exited;
    }
  });

  it('a file system mounted on its own root, or two mounted crosswise, still resolves (mounts are keyed by mount and dentry)', async () => {
    const root = taskAs(root_cred());
    // debugfs has one super block: this mount's root is the very dentry it covers.
    expect(await mount(root, 'none', '/sys/kernel/debug', 'debugfs')).toBe(0);
    expect((await tm.run(['/bin/ls', '-d', '/sys/kernel/debug'])).stdout).toBe('/sys/kernel/debug\n');
    // sysfs on debugfs's root, then debugfs on sysfs's: each root now covers the other's.
    expect(await mount(root, 'none', '/sys/kernel/debug', 'sysfs')).toBe(0);
    expect(await mount(root, 'none', '/sys', 'debugfs')).toBe(0);
    expect((await tm.run(['/bin/ls', '/sys/kernel/debug'])).code).not.toBe(0);
    expect((await tm.run(['/bin/ls', '-d', '/sys'])).stdout).toBe('/sys\n');
    expect(await umount(root, '/sys')).toBe(0);
    expect(await umount(root, '/sys/kernel/debug')).toBe(0);
    expect(await umount(root, '/sys/kernel/debug')).toBe(0);
    expect((await tm.run(['/bin/ls', '/sys/kernel'])).stdout).toContain('debug');
  });
});
