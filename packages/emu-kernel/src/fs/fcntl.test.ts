// fcntl(F_DUPFD) through its handler: the lowest free descriptor at or above the argument; an argument
// below 0 or at the table's limit is EINVAL and installs nothing (no descriptor outside the table, which
// exit would never release).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { kernel_ctx } from '../init/main.js';
import { Task } from '../kernel/task.js';
import { MmStruct } from '../mm/mm.js';
import { FilesStruct } from './file.js';
import { root_cred } from '../kernel/cred.js';
import { sys_fcntl } from './fcntl.js';
import { sys_openat } from './open.js';
import { AT_FDCWD, F_DUPFD, O_RDONLY } from '../uapi/fcntl.js';
import { EINVAL } from '../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('fcntl F_DUPFD', () => {
  it('gives the lowest free descriptor at or above arg, and refuses one outside the table', async () => {
    const root = kernel_ctx().root;
    const t = new Task(30006, null, root_cred(), new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
    t.mm.bytes.set(new TextEncoder().encode('/etc/hostname\0'), 8192);
    const fd = await sys_openat(t, AT_FDCWD, 8192, O_RDONLY, 0);
    expect(fd).toBe(0);
    expect(sys_fcntl(t, fd, F_DUPFD, 5)).toBe(5);
    expect(sys_fcntl(t, fd, F_DUPFD, 0)).toBe(1);
    const before = t.files.get_unused_fd();
    for (const arg of [-1, -4095, t.files.max, t.files.max + 7]) expect(sys_fcntl(t, fd, F_DUPFD, arg)).toBe(-EINVAL);
    expect(t.files.get_unused_fd()).toBe(before);
    expect(sys_fcntl(t, fd, F_DUPFD, t.files.max - 1)).toBe(t.files.max - 1);
  });
});
