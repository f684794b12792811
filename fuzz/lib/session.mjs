// One fuzz unit on one machine, in this process: boots the compiled machine, runs the unit's set-up and
// its fuzz program, and watches. A fault is a "BUG:" line in the kernel log or an exception that escaped
// the kernel; a hang is a fuzz process whose input index (the slot it reports, see
// packages/emu-kernel/src/testbin/lib/fuzz.ts) has not moved within the unit's bound while it sits in a
// system call. Afterwards the unit's invariants are checked (the kernel still answers, counters back to 0).
import { Machine } from '../../packages/emu-kernel/dist/host/machine.js';
import { printk_state } from '../../packages/emu-kernel/dist/kernel/printk.js';
import { find_task_by_vpid } from '../../packages/emu-kernel/dist/kernel/task.js';
import { syscall_name } from '../../packages/emu-kernel/dist/kernel/syscall.js';
import { kread } from '../../packages/emu-kernel/dist/testbin/lib/kfile.js';
import { CTRL_ARG0, CTRL_NR } from '../../packages/emu-kernel/dist/uapi/syscall_abi.js';

const FAULT_RE = /BUG:|Oops/;
/** Stack lines kept with a fault. */
const STACK = 6;
/** Console text kept for error reports. */
const KEEP = 8192;
/** How often the log and the slots are looked at. */
const TICK_MS = 50;
/** How long the probe of a machine's liveness may take. */
const PROBE_MS = 10000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for `p`, or `null` after `ms`. */
export async function within(p, ms) {
  let timer;
  const t = new Promise((r) => (timer = setTimeout(() => r(null), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

export class Session {
  /**
   * @param {{ onEvent: (e: object) => void, trace: boolean }} o  onEvent gets every fault, hang, violation,
   *   trace line and progress tick as they happen.
   */
  constructor(o) {
    this.onEvent = o.onEvent;
    this.faults = [];
    this.hangs = [];
    this.violations = [];
    this.errors = [];
    this.reports = new Map();
    /** pid -> { addr, value, since } */
    this.slots = new Map();
    this.mainPid = 0;
    this.tail = '';
    this.partial = ['', ''];
    this.lastSeq = -1;
    this.lostRecords = 0;
    this.dec = new TextDecoder();
  }

  async boot() {
    // The streams are kept apart: fuzzed writes to the terminals land on them, in pieces of any length.
    this.m = await Machine.boot({ stdout: (d) => this.consoleText(0, d), stderr: (d) => this.consoleText(1, d) });
    this.lastSeq = printk_state().seq - 1;
    this.onUncaught = (e) => this.fault(`exception escaped the kernel: ${e?.stack ?? e}`);
    process.on('uncaughtException', this.onUncaught);
    process.on('unhandledRejection', this.onUncaught);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    // Pid 1 is a placeholder: whatever a fuzzed input does to "process 1" does not end the run.
    await this.m.spawn({ argv: ['/bin/sleep', '1000000'], stdio: ['/dev/null', '/dev/null', '/dev/null'] });
  }

  consoleText(stream, data) {
    const text = this.dec.decode(data);
    this.tail = (this.tail + text).slice(-KEEP);
    const lines = (this.partial[stream] + text).split('\n');
    this.partial[stream] = lines.pop().slice(-KEEP);
    for (const line of lines) this.line(line);
  }

  line(line) {
    if (line.startsWith('trace=')) return this.onEvent({ type: 'trace', line });
    const m = /^fuzz\.([\w.]+)=(.*)$/.exec(line.trim());
    if (!m) return;
    const [, key, value] = m;
    if (key === 'slot') {
      const [pid, addr] = value.split(':').map(Number);
      this.slots.set(pid, { addr, value: -1, since: Date.now() });
      return;
    }
    if (key === 'fault') {
      // The program saw its input fail with EIO while a BUG line appeared: that input is the culprit.
      const i = value.indexOf(':');
      const exact = { index: Number(value.slice(0, i)), input: value.slice(i + 1), exact: true };
      const n = this.faults.findLastIndex((x) => !x.exact);
      if (n >= 0) {
        Object.assign(this.faults[n], exact);
        this.onEvent({ type: 'fault', n, fault: this.faults[n] });
      } else this.pendingExact = exact;
      return;
    }
    if (key === 'violation') {
      // A helper process (an application of urfs-live) counts its own inputs: placed at the main one's.
      const [, index, pid, text] = /^(\d+)@(\d+):(.*)$/.exec(value) ?? [null, '-1', '0', value];
      const v = Number(pid) === this.mainPid ? { index: Number(index), text }
        : { index: this.mainIndex(), text: `${text} (process ${pid}, its input ${index})` };
      this.violations.push(v);
      this.onEvent({ type: 'violation', ...v });
      return;
    }
    if (this.currentReport) this.currentReport[`fuzz.${key}`] = value;
  }

  /** Index of the main program's current input, as its slot says. */
  mainIndex() {
    return this.slots.get(this.mainPid)?.value ?? -1;
  }

  readSlot(pid, s) {
    const t = find_task_by_vpid(pid);
    if (!t || t.exit_state !== 'running') return null;
    return new DataView(t.mm.heap).getFloat64(s.addr, true);
  }

  fault(text) {
    const f = { text, index: this.mainIndex(), exact: false, stack: [] };
    if (this.pendingExact) {
      Object.assign(f, this.pendingExact);
      this.pendingExact = null;
    }
    this.faults.push(f);
    // Sent once the pass over the log that found it has added its stack lines.
    queueMicrotask(() => this.onEvent({ type: 'fault', n: this.faults.indexOf(f), fault: f }));
    return f;
  }

  checkLog() {
    const st = printk_state();
    const recs = st.records;
    if (recs.length && recs[0].seq > this.lastSeq + 1) this.lostRecords += recs[0].seq - this.lastSeq - 1;
    let last = null;
    for (const r of recs) {
      if (r.seq <= this.lastSeq) continue;
      this.lastSeq = r.seq;
      if (FAULT_RE.test(r.text)) last = this.fault(r.text);
      else if (last && /^\s+at /.test(r.text) && last.stack.length < STACK) last.stack.push(r.text.trim());
      else last = null;
    }
  }

  tick() {
    this.checkLog();
    const now = Date.now();
    for (const [pid, s] of this.slots) {
      const v = this.readSlot(pid, s);
      if (v === null) {
        this.slots.delete(pid);
        continue;
      }
      if (v !== s.value) {
        s.value = v;
        s.since = now;
      } else if (!s.hung && now - s.since > this.hangMs) {
        s.hung = true;
        void this.hang(pid, s);
      }
    }
    this.onEvent({ type: 'tick', index: this.mainIndex() });
  }

  /** A process whose input has not moved: what it is doing, and whether the machine answers others. */
  async hang(pid, s) {
    const t = find_task_by_vpid(pid);
    const nr = t?.in_syscall ?? 0;
    const h = { pid, index: s.value, ms: Date.now() - s.since, main: pid === this.mainPid };
    if (t && nr) {
      h.call = `${syscall_name(t.ctrl_f64[CTRL_NR])}(${Array.from({ length: 6 }, (_, k) => t.ctrl_f64[CTRL_ARG0 + k]).join(', ')})`;
    } else h.call = 'not in a system call (the program itself is stuck)';
    h.machineAnswers = await this.probe();
    this.hangs.push(h);
    this.onEvent({ type: 'hang', hang: h });
  }

  /** Whether the machine still runs a program to its end. */
  async probe() {
    try {
      const { exited } = await within(this.m.spawn({ argv: ['/bin/true'], stdio: ['/dev/null', '/dev/null', '/dev/null'] }), PROBE_MS) ?? {};
      if (!exited) return false;
      return (await within(exited, PROBE_MS)) === 0;
    } catch {
      return false;
    }
  }

  /** Runs a set-up command line; throws with its output when it fails. */
  async sh(line) {
    const since = this.tail.length;
    const code = await within(this.m.sh(line, { stdio: ['/dev/null', '/dev/console', '/dev/console'] }), 60000);
    if (code !== 0) throw new Error(`set-up "${line}" failed (${code ?? 'timed out'}): ${this.tail.slice(since).trim()}`);
  }

  /**
   * Runs one fuzz program to its end (or until it hangs); returns its report.
   * @param {{ argv: string[], cred?: object, hangMs: number }} p
   */
  async run(p) {
    this.hangMs = p.hangMs;
    this.currentReport = {};
    const { task, exited } = await this.m.spawn({ argv: p.argv, cred: p.cred,
      stdio: ['/dev/null', '/dev/console', '/dev/console'] });
    this.mainPid = task.pid;
    const t0 = Date.now();
    let status = null;
    while (status === null) {
      status = await within(exited, 200);
      // A hung main program ends the run: what follows in its sequence depends on the call that hangs.
      if (status === null && this.hangs.some((h) => h.main)) {
        await this.killAll();
        status = await within(exited, 10000);
        if (status === null) this.errors.push('the hung fuzz program could not be killed');
        break;
      }
    }
    const report = this.currentReport;
    this.currentReport = null;
    report.status = status;
    report.ms = Date.now() - t0;
    if (status !== 0 && !this.hangs.length) this.errors.push(`${p.argv.join(' ')} ended with status ${status}: ${this.tail.slice(-1500)}`);
    this.checkLog();
    return report;
  }

  /** Ends every fuzz process (the placeholder stays). */
  async killAll() {
    this.m.signalAll(9, 1);
  }

  /** /sys/kernel/debug/urfs/stats as numbers. */
  async urfsStats() {
    const text = await kread('/sys/kernel/debug/urfs/stats');
    if (typeof text === 'number') return null;
    return Object.fromEntries(text.trim().split('\n').map((l) => l.split(/\s+/)).map(([k, v]) => [k, Number(v)]));
  }

  /** Polls `cond` until it holds or `ms` pass; the last value. */
  async until(fn, ok, ms) {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > end) return v;
      await sleep(50);
    }
  }

  async shutdown() {
    clearInterval(this.timer);
    this.checkLog();
    const done = await within(this.m.shutdown().then(() => true), 20000);
    if (!done) this.errors.push('the machine did not shut down within 20 s');
    process.off('uncaughtException', this.onUncaught);
    process.off('unhandledRejection', this.onUncaught);
  }
}
