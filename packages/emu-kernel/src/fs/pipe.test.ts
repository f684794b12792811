// Pipes and fifos as processes use them: end of file when the last writer goes (however it goes), EPIPE
// or SIGPIPE when the last reader goes, fifos that block in open until the other side arrives.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, inSyscall } from '../testbin/lib/harness.js';
import { __NR_openat } from '../uapi/unistd.js';
import type { Task } from '../kernel/task.js';
import { kernel_ctx } from '../init/main.js';
import { do_mknod } from './namei.js';
import { S_IFIFO } from '../uapi/stat.js';
import { SIGABRT, SIGKILL, SIGPIPE } from '../uapi/signal.js';
import { send_sig } from '../kernel/signal.js';

let tm: TestMachine;

/** Waits until `task` sleeps inside open(2). */
async function inOpen(task: Task): Promise<void> {
  await inSyscall(task, __NR_openat);
  await new Promise((r) => setTimeout(r, 20));
  expect(task.in_syscall).toBe(__NR_openat);
}
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('pipes', () => {
  it('the reader gets the data, then end of file once the writer is closed', async () => {
    const r = await tm.run(['pipetest', 'eof']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ write: '3', close_writer: '0', read1: '3', read2: '0' });
  });

  it('writing with no reader left is EPIPE when SIGPIPE is ignored', async () => {
    const r = await tm.run(['pipetest', 'epipe']);
    expect(r.report.write).toBe('EPIPE');
    expect(r.code).toBe(0);
  });

  it('writing with no reader left kills with SIGPIPE by default', async () => {
    const r = await tm.run(['pipetest', 'sigpipe']);
    expect(r.report.ready).toBe('1');
    expect(r.report.survived).toBeUndefined();
    expect(r.code).toBe(128 + SIGPIPE);
  });

  it('an empty non-blocking pipe reads EAGAIN', async () => {
    expect((await tm.run(['pipetest', 'nonblock'])).report.read).toBe('EAGAIN');
  });

  it('the reader sees end of file when a writer process crashes while holding the pipe', async () => {
    const r = await tm.run(['pipetest', 'thrower']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.report.child_output)).toContain('ready=1');
    expect(r.report.eof).toBe('1');
    expect(r.report.child_signal).toBe(String(SIGABRT));
    expect(r.stderr).toContain('holdfds: uncaught Error: holdfds: deliberate crash');
  });
});

describe('fifos', () => {
  it('a reader blocks in open until a writer comes, then reads what it wrote', async () => {
    expect(await do_mknod(kernel_ctx(), '/tmp/fifo1', S_IFIFO | 0o666, 0)).toBe(0);
    const reader = await tm.start(['blockread', '/tmp/fifo1']);
    await inOpen(reader.task);
    expect(tm.reportSince(reader.since).opened).toBeUndefined(); // still in open(2)
    const w = await tm.run(['sysprobe', 'write:/tmp/fifo1:hello']);
    expect(w.report['write:/tmp/fifo1:hello']).toBe('5');
    expect(await reader.exited).toBe(0);
    expect(tm.reportSince(reader.since)).toMatchObject({ opened: '1', read: '5', data: 'hello' });
  });

  it('a reader killed while blocked in open leaves no reader behind', async () => {
    expect(await do_mknod(kernel_ctx(), '/tmp/fifo2', S_IFIFO | 0o666, 0)).toBe(0);
    const reader = await tm.start(['blockread', '/tmp/fifo2']);
    await inOpen(reader.task);
    send_sig(SIGKILL, reader.task, 1);
    expect(await reader.exited).toBe(SIGKILL);
    // A non-blocking writer open fails with ENXIO exactly when no reader has the fifo open.
    const { O_WRONLY, O_NONBLOCK } = await import('../uapi/fcntl.js');
    const { do_filp_open } = await import('./open.js');
    expect(await do_filp_open(kernel_ctx(), '/tmp/fifo2', O_WRONLY | O_NONBLOCK, 0)).toBe(-6);
  });
});
