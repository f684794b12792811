// Signal delivery to processes: handlers run in the process, standard signals coalesce, real-time
// signals queue in order with their values, a signal ends an interruptible sleep with EINTR, and an
// idle process (not in any system call) still gets its handlers run.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER, inSyscall, waitFor } from '../testbin/lib/harness.js';
import { __NR_nanosleep } from '../uapi/unistd.js';
import { kernel_write } from '../fs/read_write.js';
import { root_cred } from './cred.js';
import type { Task } from './task.js';
import { send_sig, send_sig_info, sys_kill } from './signal.js';
import { get_init_task } from '../init/main.js';
import { SIGKILL, SIGRTMIN, SIGTERM, SIGUSR1, SIGUSR2, SI_QUEUE } from '../uapi/signal.js';
import { EINVAL, ESRCH } from '../uapi/errno.js';

let tm: TestMachine;

/** Waits until `task` sleeps in nanosleep, so a signal sent now interrupts that sleep. */
const asleep = (task: Task): Promise<void> => inSyscall(task, __NR_nanosleep);
/** Waits until `task` sleeps interruptibly (a signal for it wakes something), e.g. in a blocking read. */
async function blocked(task: Task): Promise<void> {
  await waitFor(() => task.sigwaiters.size > 0, 10000, 'the process to block');
}
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('queueing', () => {
  it('standard signals coalesce; real-time ones queue with their values; lower numbers go first', async () => {
    const r = await tm.run(['sigtest', 'queue']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({
      block: '0', sigqueue: '0', while_blocked: '0', unblock: '0', usr1_count: '1', rt1_values: '1,2,3,4',
      rt2_values: '10', rt_sender_ok: '1',
      delivered: 'USR1:0,USR2:0,RTMIN+1:1,RTMIN+1:2,RTMIN+1:3,RTMIN+1:4,RTMIN+2:10',
    });
  });

  it('an ignored signal does nothing', async () => {
    const r = await tm.run(['sigtest', 'ign']);
    expect(r.report).toMatchObject({ kill_self: '0', survived: '1' });
  });
});

describe('delivery', () => {
  it('a signal ends an interruptible sleep with EINTR after the handler ran', async () => {
    const p = await tm.start(['sigtest', 'wait']);
    await asleep(p.task);
    expect(send_sig(SIGUSR1, p.task, 0)).toBe(0);
    expect(await p.exited).toBe(0);
    expect(tm.reportSince(p.since)).toMatchObject({ sleep: 'EINTR', got: 'USR1:0' });
  });

  it('a caught signal ends a blocking pipe read with EINTR when its handler did not ask for SA_RESTART', async () => {
    const p = await tm.start(['sigtest', 'pipe']);
    await blocked(p.task);
    expect(send_sig(SIGUSR1, p.task, 0)).toBe(0);
    expect(await p.exited).toBe(0);
    expect(tm.reportSince(p.since)).toMatchObject({ handled: 'USR1', read: 'EINTR' });
  });

  it('under SA_RESTART the read runs again after the handler and returns what arrives later', async () => {
    const p = await tm.start(['sigtest', 'pipe', 'restart']);
    await blocked(p.task);
    expect(send_sig(SIGUSR1, p.task, 0)).toBe(0);
    await tm.waitOutput('handled=USR1', p.since);
    await blocked(p.task);
    expect(tm.reportSince(p.since).read).toBeUndefined();
    const w = p.task.files.lookup_fd_raw(Number(tm.reportSince(p.since).wfd))!;
    expect(await kernel_write(w, new Uint8Array([1, 2, 3]), { pos: 0 }, { pid: 0, cred: root_cred() })).toBe(3);
    expect(await p.exited).toBe(0);
    expect(tm.reportSince(p.since).read).toBe('3');
  });

  it('a real-time signal from another process arrives with its value (sigqueue)', async () => {
    const p = await tm.start(['sigtest', 'wait']);
    await asleep(p.task);
    const s = await tm.run(['sysprobe', `sigqueue:${p.task.pid}:${SIGRTMIN + 3}:42`]);
    expect(s.report[`sigqueue:${p.task.pid}:${SIGRTMIN + 3}:42`]).toBe('0');
    expect(await p.exited).toBe(0);
    expect(tm.reportSince(p.since).got).toBe('RTMIN+3:42');
  });

  it('a process idle outside any system call still runs its handler', async () => {
    const p = await tm.start(['sigtest', 'idle']);
    await tm.waitOutput('ready=1', p.since);
    await inSyscall(p.task, 0); // past the write of its report, idling in a timer
    send_sig_info(SIGUSR2, { si_code: SI_QUEUE, si_int: 7 }, p.task);
    expect(await p.exited).toBe(0);
    expect(tm.reportSince(p.since).got).toBe('USR2:7');
  });

  it('default actions: SIGTERM ends a process, SIGKILL ends one that handles everything else', async () => {
    const a = await tm.start(['sigtest', 'default']);
    await tm.waitOutput('ready=1', a.since);
    send_sig(SIGTERM, a.task, 0);
    expect(await a.exited).toBe(SIGTERM);
    const b = await tm.start(['sigtest', 'wait']);
    await tm.waitOutput('ready=1', b.since);
    send_sig(SIGKILL, b.task, 1);
    expect(await b.exited).toBe(SIGKILL);
    expect(tm.reportSince(b.since).got).toBeUndefined();
  });
});

describe('kill(2) checks', () => {
  it('refuses bad signals and dead or missing pids, and users signalling others', async () => {
    const init = get_init_task();
    expect(sys_kill(init, 99999, SIGUSR1)).toBe(-ESRCH);
    expect(sys_kill(init, 1, 0)).toBe(-ESRCH);
    const p = await tm.start(['sigtest', 'default']);
    await tm.waitOutput('ready=1', p.since);
    expect(sys_kill(init, p.task.pid, 65)).toBe(-EINVAL);
    expect(sys_kill(init, p.task.pid, 0)).toBe(0);
    const r = await tm.run(['sysprobe', `kill:${p.task.pid}:${SIGTERM}`], { cred: USER });
    expect(r.report[`kill:${p.task.pid}:${SIGTERM}`]).toBe('EPERM');
    expect(p.task.exit_state).toBe('running');
    expect(sys_kill(init, p.task.pid, SIGKILL)).toBe(0);
    expect(await p.exited).toBe(SIGKILL);
    expect(sys_kill(init, p.task.pid, SIGUSR1)).toBe(-ESRCH);
  });
});
