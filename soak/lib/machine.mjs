// The soak's machine: booted in this process (so the host's memory is this process's), with its console
// kept for the lines the soak waits for, and a way to wait for any process's end.
import { Machine } from '../../packages/emu-kernel/dist/host/machine.js';
import { register_exit_notifier } from '../../packages/emu-kernel/dist/kernel/exit.js';
import { find_task_by_vpid, for_each_process } from '../../packages/emu-kernel/dist/kernel/task.js';
import { send_sig } from '../../packages/emu-kernel/dist/kernel/signal.js';
import { SIGKILL } from '../../packages/emu-kernel/dist/uapi/signal.js';

/** Polls `cond` (sync or async) every few milliseconds until it holds; throws after `ms`. */
export async function waitFor(cond, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() >= deadline) throw new Error(`soak: timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export class SoakMachine {
  /** Console output, trimmed to what the soak may still look for. */
  out = '';
  err = '';
  /** pid -> resolvers of those waiting for that process's end. */
  #ends = new Map();
  #stopNotifier = () => {};

  static async boot() {
    const sm = new SoakMachine();
    const dec = new TextDecoder();
    sm.m = await Machine.boot({
      stdout: (d) => void (sm.out += dec.decode(d)),
      stderr: (d) => void (sm.err += dec.decode(d)),
    });
    sm.#stopNotifier = register_exit_notifier((t) => {
      for (const resolve of sm.#ends.get(t.pid) ?? []) resolve(t.exit_code);
      sm.#ends.delete(t.pid);
    });
    return sm;
  }

  /** Runs `sh -c line`; throws with the machine's stderr when it fails. */
  async sh(line) {
    const since = this.err.length;
    const code = await this.m.sh(line);
    if (code !== 0) throw new Error(`soak: "${line}" exited ${code}: ${this.err.slice(since).trim()}`);
  }

  /** Starts `sh -c line`; returns its pid and its end at once (never the task: the soak holds none). */
  async start(line) {
    const { task, exited } = await this.m.spawn({ argv: ['/bin/sh', '-c', line] });
    return { pid: task.pid, exited };
  }

  /** Waits for a console line matching `re` after offset `since` (of `out`); returns the match. */
  async waitLine(re, since, ms = 30000) {
    return waitFor(() => re.exec(this.out.slice(since)), ms, `${re} on the console`);
  }

  /** Resolves with the wait status when process `pid` ends (at once if it is already gone). */
  ended(pid) {
    const t = find_task_by_vpid(pid);
    if (!t || t.exit_state !== 'running') return Promise.resolve(t?.exit_code ?? 0);
    return new Promise((resolve) => this.#ends.set(pid, [...(this.#ends.get(pid) ?? []), resolve]));
  }

  /** kill -9 from the kernel (no process of its own); false when the process is gone already. */
  kill9(pid) {
    const t = find_task_by_vpid(pid);
    if (!t || t.exit_state !== 'running') return false;
    send_sig(SIGKILL, t, 1);
    return true;
  }

  /** Kills every process and waits until the task list is empty. */
  async killAll(ms = 30000) {
    await waitFor(() => {
      for (const t of for_each_process()) if (t.exit_state === 'running') send_sig(SIGKILL, t, 1);
      return for_each_process().next().done;
    }, ms, 'every process to be reaped');
  }

  /** Forgets old console output (the soak runs long); call it only while no one holds an offset into it. */
  trim() {
    this.out = this.out.slice(-4096);
    this.err = this.err.slice(-16384);
  }

  async shutdown() {
    this.#stopNotifier();
    await this.m.shutdown();
  }
}
