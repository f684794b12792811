// End-to-end: `emu --trace=FILE` on the README's main demo leaves a trace with the system calls of
// every process, the RedirFS callbacks and the urfs events and answers; `emu --trace` writes to stderr;
// `emu serve --trace=FILE` traces what attached commands run; and tracefs used from the shell as a
// person would.
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, emu, node, serve, sh } from './lib/cli.js';

/** The command line of the README's Quick start (the main demo). */
const MAIN_DEMO = 'insmod redirfs && insmod urfs && mkdir -p /tmp/scramble && scrambleflt -b /tmp/scramble && ' +
  'echo hello > /tmp/scramble/a && cat /tmp/scramble/a && redirctl list && redirctl deactivate scrambleflt && ' +
  'hexdump -C /tmp/scramble/a';

/** One record line of ftrace's format: task-pid, CPU, flags, time, event, text. */
const LINE = /^ *(\S{1,16})-(\d+) +\[000\] \.{5} +\d+\.\d{6}: (\w+): (.*)$/;

const scratch: string[] = [];
const tmp = (name: string): string => {
  const p = path.join(os.tmpdir(), `urfs-trace-${process.pid}-${name}`);
  scratch.push(p);
  return p;
};
afterEach(() => {
  for (const p of scratch.splice(0)) fs.rmSync(p, { force: true });
});

interface Rec { comm: string; pid: number; event: string; text: string }
function parse(text: string): Rec[] {
  return text.split('\n').filter(Boolean).map((l) => {
    const m = LINE.exec(l);
    if (!m) throw new Error(`not a trace line: ${JSON.stringify(l)}`);
    return { comm: m[1], pid: Number(m[2]), event: m[3], text: m[4] };
  });
}

describe('emu --trace', () => {
  it('=FILE on the main demo: every process\'s system calls, the RedirFS callbacks, the urfs events and answers', async () => {
    const file = tmp('demo.trace');
    const r = await emu(`--trace=${file}`, '-c', MAIN_DEMO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hello\n');
    const recs = parse(fs.readFileSync(file, 'utf8'));
    const execs = recs.filter((x) => x.event === 'sched_process_exec');
    const progs = execs.map((x) => /^filename=(\S+) /.exec(x.text)![1]);
    for (const p of ['/bin/sh', '/sbin/insmod', '/bin/mkdir', '/bin/cat', '/bin/hexdump']) expect(progs).toContain(p);
    expect(progs.some((p) => p.endsWith('/scrambleflt'))).toBe(true);
    expect(progs.some((p) => p.endsWith('/redirctl'))).toBe(true);
    for (const x of execs) {
      expect(recs.some((y) => y.pid === x.pid && y.event === 'sys_enter' && /^NR \d+ \(/.test(y.text)), `sys_enter of ${x.pid}`)
        .toBe(true);
      expect(recs.some((y) => y.pid === x.pid && y.event === 'sched_process_exit'), `exit of ${x.pid}`).toBe(true);
    }
    expect(recs.some((x) => x.event === 'sys_exit' && /^NR \d+ = -?\d+$/.test(x.text))).toBe(true);
    const cbs = recs.filter((x) => x.event === 'callback');
    expect(cbs.length).toBeGreaterThan(0);
    for (const c of cbs) {
      expect(c.text).toMatch(/^filter=scrambleflt op=RFS_\w+ call=(pre|post) verdict=(continue|stop) retv=-?\d+ duration_us=\d+$/);
    }
    expect(cbs.some((c) => /op=RFS_REG_FOP_WRITE call=pre /.test(c.text))).toBe(true);
    expect(cbs.some((c) => /op=RFS_REG_FOP_READ call=post /.test(c.text))).toBe(true);
    const events = recs.filter((x) => x.event === 'event');
    const answers = recs.filter((x) => x.event === 'answer');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      // op=modifier is the request by which redirctl deactivated the filter.
      const m = /^filter=scrambleflt id=(\d+) op=(RFS_\w+ call=(pre|post)|modifier call=-) pid=\d+ reader=(\d+)$/.exec(e.text);
      expect(m, e.text).not.toBeNull();
      expect(e.comm).toBe('scrambleflt');
      expect(answers.some((a) => a.text.startsWith(`filter=scrambleflt id=${m![1]} `) && a.text.endsWith(' valid=1')),
        `answer to ${m![1]}`).toBe(true);
    }
  });

  it('without a file writes the trace to stderr, the command\'s output untouched', async () => {
    const r = await emu('--trace', '-c', 'echo out; /bin/true');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('out\n');
    const recs = parse(r.stderr.split('\n').filter((l) => LINE.test(l)).join('\n'));
    expect(recs.some((x) => x.event === 'sched_process_exec' && x.text.startsWith('filename=/bin/true '))).toBe(true);
    expect(recs.some((x) => x.comm === 'sh' && x.event === 'sys_enter')).toBe(true);
  });

  it('of emu serve traces the commands attached to it', async () => {
    const file = tmp('serve.trace'), sock = tmp('serve.sock');
    const server = await serve(sock, [`--trace=${file}`]);
    try {
      expect(await node([cli, 'attach', '-s', sock, '-c', 'cat /etc/hostname'])).toMatchObject({ code: 0, stdout: 'urfs\n' });
    } finally {
      await server.stop();
    }
    const recs = parse(fs.readFileSync(file, 'utf8'));
    const cat = recs.find((x) => x.event === 'sched_process_exec' && x.text.startsWith('filename=/bin/cat '));
    expect(cat).toBeDefined();
    expect(recs.some((x) => x.pid === cat!.pid && x.event === 'sys_exit' && x.text === 'NR 0 = 5')).toBe(true);
  });
});

describe('tracefs from the shell', () => {
  it('records what a command runs once an events directory is enabled', async () => {
    const r = await sh('echo 1 > /sys/kernel/tracing/events/sched/enable; ls / > /dev/null; cat /sys/kernel/tracing/trace');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# tracer: nop\n#\n# entries-in-buffer/entries-written: ')).toBe(true);
    const recs = parse(r.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
    expect(recs.some((x) => x.comm === 'ls' && x.event === 'sched_process_exec' && /^filename=\/bin\/ls pid=\d+/.test(x.text)))
      .toBe(true);
    expect(recs.some((x) => x.event === 'sched_process_exit' && /^comm=ls pid=\d+ prio=120$/.test(x.text))).toBe(true);
    expect(recs.every((x) => x.event.startsWith('sched_'))).toBe(true);
  });

  it('has a module\'s events while the module is loaded', async () => {
    const T = '/sys/kernel/tracing';
    const r = await sh(`ls ${T}/events; insmod redirfs && insmod urfs && ls ${T}/events && echo 1 > ${T}/events/urfs/enable && ` +
      `cat ${T}/set_event && grep -c . ${T}/available_events && rmmod urfs && ls ${T}/events && cat ${T}/set_event && ` +
      `grep -c . ${T}/available_events`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('enable  raw_syscalls  sched  signal\nenable  raw_syscalls  redirfs  sched  signal  urfs\n' +
      'urfs:event\nurfs:answer\n10\nenable  raw_syscalls  redirfs  sched  signal\n8\n');
  });
});
