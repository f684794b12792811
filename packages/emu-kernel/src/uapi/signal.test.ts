// Default signal actions as Linux has them (signal(7)): which signals end a process nobody set a handler
// for, checked on the table and on a running process.
import { describe, it, expect, afterAll } from 'vitest';
import { TestMachine } from '../testbin/lib/harness.js';
import { send_sig } from '../kernel/signal.js';
import {
  SIGCHLD, SIGCONT, SIGHUP, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGUSR1, SIGWINCH, SIGRTMIN, SIGRTMAX,
  SIGSTOP, SIGPIPE, SIGALRM, SIGIO, SIGSYS, sig_default_kills,
} from './signal.js';

describe('sig_default_kills', () => {
  it('follows signal(7): Ign, Cont and Stop do not end a process, Term and Core do', () => {
    for (const s of [SIGCHLD, SIGURG, SIGWINCH, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]) expect(sig_default_kills(s)).toBe(false);
    for (const s of [SIGHUP, SIGUSR1, SIGPIPE, SIGALRM, SIGTERM, SIGIO, SIGSYS, SIGRTMIN, SIGRTMAX]) expect(sig_default_kills(s)).toBe(true);
  });
});

describe('a process with default actions', () => {
  let tm: TestMachine | undefined;
  afterAll(async () => {
    await tm?.shutdown();
  });

  it('survives SIGURG, SIGWINCH, SIGCHLD, SIGTTIN and SIGTTOU, and ends on SIGTERM', async () => {
    tm = await TestMachine.boot();
    const a = await tm.start(['sigtest', 'default']);
    await tm.waitOutput('ready=1', a.since);
    for (const s of [SIGURG, SIGWINCH, SIGCHLD, SIGTTIN, SIGTTOU]) send_sig(s, a.task, 0);
    expect(a.task.exit_state).toBe('running');
    send_sig(SIGTERM, a.task, 0);
    expect(await a.exited).toBe(SIGTERM);
  });
});
