// Test harness for the kernel's tests (host side, not installed in the machine): boots a machine that
// captures its console, runs the test programs and parses their "key=value" reports.
import { Machine, statusToCode, type MachineOptions } from '../../host/machine.js';
import type { SpawnOptions } from '../../init/main.js';
import type { Cred } from '../../kernel/cred.js';
import type { Task } from '../../kernel/task.js';
import { parseReport } from './report.js';

/** Where the test programs are installed (see the "urfs.programs" map in package.json). */
export const TESTBIN = '/usr/libexec/emu-test';
export const USER: Cred = { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] };
export const OTHER_USER: Cred = { uid: 1001, gid: 1001, euid: 1001, egid: 1001, groups: [1001] };

export interface RunResult {
  pid: number;
  /** The wait status word. */
  status: number;
  /** The shell's view: exit code, or 128 + signal. */
  code: number;
  stdout: string;
  stderr: string;
  report: Record<string, string>;
}

export class TestMachine {
  private outText = '';
  private errText = '';
  private readonly dec = new TextDecoder();
  m!: Machine;

  static async boot(o: MachineOptions = {}): Promise<TestMachine> {
    const tm = new TestMachine();
    tm.m = await Machine.boot({
      ...o,
      stdout: (d) => void (tm.outText += tm.dec.decode(d)),
      stderr: (d) => void (tm.errText += tm.dec.decode(d)),
    });
    return tm;
  }

  get stdout(): string {
    return this.outText;
  }
  get stderr(): string {
    return this.errText;
  }

  /** Starts a program (a bare name means a test program) and returns at once. */
  async start(argv: string[], o: Partial<SpawnOptions> = {}): Promise<{ task: Task; exited: Promise<number>; since: number }> {
    const path = argv[0].startsWith('/') ? argv[0] : `${TESTBIN}/${argv[0]}`;
    const since = this.outText.length;
    const { task, exited } = await this.m.spawn({ ...o, argv: [path, ...argv.slice(1)] });
    return { task, exited, since };
  }

  /** Runs a program to its end; its report is what appeared on the console meanwhile. */
  async run(argv: string[], o: Partial<SpawnOptions> = {}): Promise<RunResult> {
    const errSince = this.errText.length;
    const { task, exited, since } = await this.start(argv, o);
    const status = await exited;
    const stdout = this.outText.slice(since);
    return { pid: task.pid, status, code: statusToCode(status), stdout, stderr: this.errText.slice(errSince), report: parseReport(stdout) };
  }

  /** The report of everything printed since offset `since`. */
  reportSince(since: number): Record<string, string> {
    return parseReport(this.outText.slice(since));
  }

  /** Waits until `text` appears on the console after offset `since`. */
  async waitOutput(text: string, since = 0, timeout = 10000): Promise<void> {
    await waitFor(() => this.outText.indexOf(text, since) >= 0, timeout, `"${text}" on the console`);
  }

  shutdown(): Promise<void> {
    return this.m.shutdown();
  }
}

/**
 * Waits until `task` is inside system call `nr` (0: outside any), e.g. asleep in nanosleep, so what the
 * test does next meets it there.
 */
export function inSyscall(task: Task, nr: number, timeout = 10000): Promise<void> {
  return waitFor(() => task.in_syscall === nr, timeout, nr ? `process ${task.pid} to enter system call ${nr}` :
    `process ${task.pid} to leave its system call`);
}

/** Polls `cond` every few milliseconds; rejects after `timeout` ms. */
export async function waitFor(cond: () => boolean, timeout = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeout;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
