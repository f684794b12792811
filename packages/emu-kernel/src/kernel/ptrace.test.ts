// ptrace: a tracer sees its tracee's system calls at entry and exit, reads its registers and memory,
// changes a call, intercepts its signals, follows its spawns, attaches to and detaches from a running
// process; only root or an ancestor may attach, and a tracee or tracer that goes away releases the other.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER, inSyscall } from '../testbin/lib/harness.js';
import { send_sig } from './signal.js';
import { SIGKILL } from '../uapi/signal.js';
import { __NR_nanosleep } from '../uapi/unistd.js';
import { SYSCALL_WORK_SYSCALL_TRACE } from './entry_common.js';
import { find_task_by_vpid } from './task.js';
import { task_state_letter } from '../fs/proc/array.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('syscall stops', () => {
  it('reports every call at entry and exit, with its registers and the memory behind them', async () => {
    const r = await tm.run(['ptracetest', 'syscalls']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ first_stop: 'STOP', setoptions: '0', peekdata: '0', peek: 'hello',
      vm_read: 'hello', vm_read_huge: '64', write_ret: '6', exited: '7' });
    const calls = r.report.calls.split(',');
    // Entry and exit alternate; getppid (110) and write (1) are among them; exit_group (231) has no exit.
    expect(calls).toEqual(expect.arrayContaining(['>110', '<110', '>1', '<1']));
    expect(calls[calls.length - 1]).toBe('>231');
    for (let i = 0; i + 1 < calls.length; i += 2) {
      expect(calls[i][0]).toBe('>');
      expect(calls[i + 1]).toBe(`<${calls[i].slice(1)}`);
    }
  });

  it('a tracer may skip a call and set its result', async () => {
    const r = await tm.run(['ptracetest', 'setregs']);
    expect(r.report).toMatchObject({ first_stop: 'STOP', setregs_entry: '0', setregs_exit: '0', getpid: '4242' });
  });
});

describe('signals and spawns', () => {
  it('a signal stops its tracee first; the tracer may suppress it', async () => {
    const r = await tm.run(['ptracetest', 'signal']);
    expect(r.report).toMatchObject({ sigstop: 'USR1', si_pid_is_child: '1', handled: '0' });
  });

  it('PTRACE_O_TRACEFORK follows a spawn: an event with the pid, and the new tracee from its first stop', async () => {
    const r = await tm.run(['ptracetest', 'fork']);
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ fork_event: '1', event_pid_ok: '1', grandchild_stop: 'SIGSTOP',
      grandchild_exited: '0', spawned: '1' });
  });
});

describe('attach and detach', () => {
  it('attaches to a sleeping process, which stops; after the detach it runs on untraced', async () => {
    const p = await tm.start(['sigtest', 'default']);
    await inSyscall(p.task, __NR_nanosleep);
    const r = await tm.run(['ptracetest', 'attach', String(p.task.pid)]);
    expect(r.report).toMatchObject({ attach: '0', attach_stop: 'STOP', detach: '0' });
    expect(p.task.ptrace).toBeNull();
    expect(p.task.syscall_work & SYSCALL_WORK_SYSCALL_TRACE).toBe(0);
    send_sig(SIGKILL, p.task, 1);
    expect(await p.exited).toBe(SIGKILL);
  });

  it('PTRACE_SEIZE does not stop the process; PTRACE_INTERRUPT stops it with PTRACE_EVENT_STOP', async () => {
    const p = await tm.start(['sigtest', 'default']);
    await inSyscall(p.task, __NR_nanosleep);
    const r = await tm.run(['ptracetest', 'seize', String(p.task.pid)]);
    expect(r.report).toMatchObject({ seize: '0', seize_nohang: '0', interrupt: '0', interrupt_event: '128', detach: '0' });
    expect(p.task.ptrace).toBeNull();
    send_sig(SIGKILL, p.task, 1);
    expect(await p.exited).toBe(SIGKILL);
  });

  it('a tracer that exits lets its stopped tracee go', async () => {
    const p = await tm.start(['sigtest', 'default']);
    await inSyscall(p.task, __NR_nanosleep);
    const r = await tm.run(['ptracetest', 'abandon', String(p.task.pid)]);
    expect(r.report).toMatchObject({ attach: '0', attach_stop: 'STOP' });
    expect(p.task.ptrace).toBeNull();
    send_sig(SIGKILL, p.task, 1);
    expect(await p.exited).toBe(SIGKILL);
  });

  it('a tracee killed while stopped releases its tracer, which sees it die', async () => {
    const tracer = await tm.start(['ptracetest', 'hold']);
    await tm.waitOutput('held=', tracer.since);
    const child = find_task_by_vpid(Number(tm.reportSince(tracer.since).held))!;
    expect(child.ptrace?.stop).toBeTruthy();
    expect(task_state_letter(child, 0)).toBe('t');
    send_sig(SIGKILL, child, 1);
    expect(await tracer.exited).toBe(0);
    expect(tm.reportSince(tracer.since).ended).toBe('KILL');
    expect(tracer.task.ptraced.size).toBe(0);
    expect(child.ptrace).toBeNull();
  });

  it('only root or an ancestor may attach; a process cannot trace itself; untraced memory is not readable', async () => {
    const p = await tm.start(['sigtest', 'default']);
    await inSyscall(p.task, __NR_nanosleep);
    const r = await tm.run(['ptracetest', 'perm', String(p.task.pid)], { cred: USER });
    expect(r.report).toMatchObject({ attach: 'EPERM', attach_self: 'EPERM', peek_untraced: 'ESRCH' });
    send_sig(SIGKILL, p.task, 1);
    await p.exited;
  });

  it('an untraced task keeps the fast path', async () => {
    const p = await tm.start(['sigtest', 'default']);
    await inSyscall(p.task, __NR_nanosleep);
    expect(p.task.syscall_work).toBe(0);
    send_sig(SIGKILL, p.task, 1);
    await p.exited;
  });
});
