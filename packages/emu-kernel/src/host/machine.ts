// A running machine, for the CLI, tests and benchmarks: boots the kernel on the Node host, starts
// commands and waits for them, shuts everything down.
import { nodeHost, type NodeHostOptions } from './node/adapter.js';
import { start_kernel, kernel_spawn, type ImageFile, type SpawnOptions } from '../init/main.js';
import { buildImage } from './image.js';
import { for_each_process, type Task } from '../kernel/task.js';
import { do_exit, register_exit_notifier } from '../kernel/exit.js';
import { send_sig } from '../kernel/signal.js';
import { W_EXITCODE, WIFEXITED, WEXITSTATUS, WTERMSIG } from '../uapi/wait.js';
import { SIGKILL } from '../uapi/signal.js';
import { strerror } from '../uapi/errno.js';
import type { ExtraSyscalls } from '../kernel/syscall_table.js';
import { set_host } from '../kernel/host.js';
import { register_die_notifier } from '../kernel/panic.js';
import { announceBoot, type WatchedMachine } from './machine_watch.js';
import type { TraceSink } from '../kernel/trace/trace.js';

export interface MachineOptions extends NodeHostOptions {
  /** Host program files to install: name (in /usr/local/bin) or absolute VFS path -> host path. */
  bins?: Record<string, string>;
  image?: ImageFile[];
  taskSize?: number;
  extraSyscalls?: ExtraSyscalls;
  /** Gets every trace record as a line, with every event enabled from boot (emu --trace). */
  trace?: TraceSink;
}

let running: Machine | null = null;

/** The shell's exit code for a wait status: the code, or 128 + the signal. */
export function statusToCode(status: number): number {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

export class Machine implements WatchedMachine {
  private release: () => void;
  private readonly exits = new Map<number, (status: number) => void>();
  private stopNotifier: () => void;
  private stopDieNotifier: () => void;
  private readonly faults: string[] = [];
  private down: Promise<void> | null = null;

  private constructor(private readonly host: ReturnType<typeof nodeHost>) {
    this.release = host.hold();
    this.stopNotifier = register_exit_notifier((t) => {
      this.exits.get(t.pid)?.(t.exit_code);
      this.exits.delete(t.pid);
    });
    this.stopDieNotifier = register_die_notifier((report) => void this.faults.push(report));
  }

  /** The report of every kernel fault (oops) since boot; it outlives shutdown. */
  get oopses(): readonly string[] {
    return this.faults;
  }

  /** Boots a fresh machine. One machine runs per JavaScript realm at a time, as one kernel per CPU set. */
  static async boot(o: MachineOptions = {}): Promise<Machine> {
    if (running) throw new Error('a machine is already running in this process: shut it down first');
    const host = nodeHost(o);
    const image = [...buildImage(o.bins), ...(o.image ?? [])];
    await start_kernel(host, { image, task_size: o.taskSize, extra_syscalls: o.extraSyscalls, trace_sink: o.trace });
    const m = new Machine(host);
    running = m;
    announceBoot(m);
    return m;
  }

  /** Starts a process from kernel context; resolves with the task (or throws with the reason). */
  async spawn(o: SpawnOptions): Promise<{ task: Task; exited: Promise<number> }> {
    const t = await kernel_spawn(o);
    if (typeof t === 'number') throw new Error(`${o.argv[0]}: ${strerror(-t)}`);
    const exited = new Promise<number>((resolve) => {
      if (t.exit_state !== 'running' && t.state === 'Z') resolve(t.exit_code);
      else this.exits.set(t.pid, resolve);
    });
    return { task: t, exited };
  }

  /** Runs `sh -c cmdline` and returns its exit code (128 + signal if it was killed). */
  async sh(cmdline: string, o: Partial<SpawnOptions> = {}): Promise<number> {
    const { exited } = await this.spawn({ argv: ['/bin/sh', '-c', cmdline], ...o });
    return statusToCode(await exited);
  }

  /**
   * Sends `sig` to every process but `except` (the terminal's Ctrl-C: the interactive shell stays, the
   * command it runs is interrupted).
   */
  signalAll(sig: number, except: number): void {
    for (const t of [...for_each_process()]) if (t.pid !== except && t.exit_state === 'running') send_sig(sig, t, 1);
  }

  /** Ends every process and stops the machine; a second call waits for the first one's end. */
  shutdown(): Promise<void> {
    this.down ??= this.stop();
    return this.down;
  }

  private async stop(): Promise<void> {
    await Promise.all([...for_each_process()].map((t) => do_exit(t, W_EXITCODE(0, SIGKILL))));
    this.stopNotifier();
    this.stopDieNotifier();
    this.release();
    this.host.drain();
    running = null;
    set_host(null);
  }
}
