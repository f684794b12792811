// syslog(2) through its handler, called for a process-like task whose memory the test reads: what
// READ_ALL copies, clearing, the destructive READ, sizes, and who may do what.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { Task } from '../task.js';
import { MmStruct } from '../../mm/mm.js';
import { FilesStruct } from '../../fs/file.js';
import { root_cred, type Cred } from '../cred.js';
import { pr_info, printk_state } from '../printk.js';
import { sys_syslog, SYSLOG_ACTION_READ, SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR,
  SYSLOG_ACTION_SIZE_BUFFER, SYSLOG_ACTION_SIZE_UNREAD, SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_CONSOLE_OFF,
  SYSLOG_ACTION_CONSOLE_ON, LOG_BUF_LEN } from './syslog.js';
import { EFAULT, EINVAL, EPERM } from '../../uapi/errno.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

const BUF = 8192;
function taskAs(cred: Cred): Task {
  const root = kernel_ctx().root;
  return new Task(30000, null, cred, new MmStruct(1 << 20), new FilesStruct(), { root, pwd: root }, ['t'], [], 0);
}
const text = (t: Task, n: number) => new TextDecoder().decode(t.mm.bytes.subarray(BUF, BUF + n));

describe('syslog(2)', () => {
  it('READ_ALL copies formatted records, the newest that fit', async () => {
    const t = taskAs(USER);
    pr_info('syslog test: first');
    pr_info('syslog test: second');
    const n = await sys_syslog(t, SYSLOG_ACTION_READ_ALL, BUF, 65536);
    expect(n).toBeGreaterThan(0);
    const all = text(t, n);
    expect(all).toMatch(/^\[ *\d+\.\d{6}\] syslog test: first\n\[ *\d+\.\d{6}\] syslog test: second\n$/m);
    expect(all.endsWith('syslog test: second\n')).toBe(true);
    const last = all.split('\n').slice(-2)[0] + '\n';
    expect(await sys_syslog(t, SYSLOG_ACTION_READ_ALL, BUF, last.length + 3)).toBe(last.length);
    expect(text(t, last.length)).toBe(last);
    expect(await sys_syslog(t, SYSLOG_ACTION_SIZE_BUFFER, 0, 0)).toBe(LOG_BUF_LEN);
  });

  it('checks arguments: bad buffers, negative lengths, unknown actions', async () => {
    const t = taskAs(root_cred());
    expect(await sys_syslog(t, SYSLOG_ACTION_READ_ALL, 0, 100)).toBe(-EINVAL);
    expect(await sys_syslog(t, SYSLOG_ACTION_READ_ALL, BUF, -1)).toBe(-EINVAL);
    expect(await sys_syslog(t, SYSLOG_ACTION_READ_ALL, BUF, 0)).toBe(0);
    expect(await sys_syslog(t, SYSLOG_ACTION_READ_ALL, (1 << 20) - 10, 100)).toBe(-EFAULT);
    expect(await sys_syslog(t, 99, 0, 0)).toBe(-EINVAL);
  });

  it('CLEAR and READ_CLEAR empty what READ_ALL returns; users may not clear', async () => {
    const user = taskAs(USER);
    const root = taskAs(root_cred());
    expect(await sys_syslog(user, SYSLOG_ACTION_CLEAR, 0, 0)).toBe(-EPERM);
    expect(await sys_syslog(user, SYSLOG_ACTION_READ_CLEAR, BUF, 100)).toBe(-EPERM);
    expect(await sys_syslog(root, SYSLOG_ACTION_CLEAR, 0, 0)).toBe(0);
    expect(await sys_syslog(user, SYSLOG_ACTION_READ_ALL, BUF, 4096)).toBe(0);
    pr_info('syslog test: after clear');
    const n = await sys_syslog(root, SYSLOG_ACTION_READ_CLEAR, BUF, 4096);
    expect(text(root, n)).toMatch(/\] syslog test: after clear\n$/);
    expect(await sys_syslog(root, SYSLOG_ACTION_READ_ALL, BUF, 4096)).toBe(0);
  });

  it('READ hands out each record once and reports the unread size', async () => {
    const root = taskAs(root_cred());
    const unread = await sys_syslog(root, SYSLOG_ACTION_SIZE_UNREAD, 0, 0);
    expect(unread).toBeGreaterThan(0);
    let got = 0;
    while (got < unread) {
      const n = await sys_syslog(root, SYSLOG_ACTION_READ, BUF, 4096);
      expect(n).toBeGreaterThan(0);
      got += n;
    }
    expect(got).toBe(unread);
    expect(await sys_syslog(root, SYSLOG_ACTION_SIZE_UNREAD, 0, 0)).toBe(0);
    const pending = sys_syslog(root, SYSLOG_ACTION_READ, BUF, 4096);
    pr_info('syslog test: wakes the reader');
    const n = await pending;
    expect(text(root, n)).toMatch(/\] syslog test: wakes the reader\n$/);
    expect(await sys_syslog(taskAs(USER), SYSLOG_ACTION_READ, BUF, 4096)).toBe(-EPERM);
  });

  it('sets the console level (root only)', async () => {
    const root = taskAs(root_cred());
    const before = printk_state().console_loglevel;
    expect(await sys_syslog(taskAs(USER), SYSLOG_ACTION_CONSOLE_LEVEL, 0, 7)).toBe(-EPERM);
    expect(await sys_syslog(root, SYSLOG_ACTION_CONSOLE_LEVEL, 0, 9)).toBe(-EINVAL);
    expect(await sys_syslog(root, SYSLOG_ACTION_CONSOLE_LEVEL, 0, 2)).toBe(0);
    expect(printk_state().console_loglevel).toBe(2);
    expect(await sys_syslog(root, SYSLOG_ACTION_CONSOLE_OFF, 0, 0)).toBe(0);
    expect(printk_state().console_loglevel).toBe(1);
    expect(await sys_syslog(root, SYSLOG_ACTION_CONSOLE_ON, 0, 0)).toBe(0);
    expect(printk_state().console_loglevel).toBe(2);
    printk_state().console_loglevel = before;
  });

  it('dmesg prints the buffer', async () => {
    pr_info('syslog test: for dmesg');
    const r = await tm.run(['/bin/dmesg'], { cred: USER });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\] syslog test: for dmesg\n/);
  });
});
