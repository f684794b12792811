// tracefs on a booted machine, used through the shell as a person would: the files at both mount
// points, enabling events by directory and through set_event, the trace file and its clearing,
// tracing_on, set_event_pid, buffer_size_kb, the format and id files, trace_pipe's consuming read and
// its poll, and a user who may not look.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { TestMachine, USER, inSyscall } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open } from '../open.js';
import { fput } from '../file.js';
import { root_cred } from '../../kernel/cred.js';
import { O_NONBLOCK, O_RDONLY } from '../../uapi/fcntl.js';
import { EAGAIN } from '../../uapi/errno.js';
import { kernel_read } from '../read_write.js';
import { POLLIN } from '../../uapi/poll.js';
import { __NR_read } from '../../uapi/unistd.js';
import { send_sig } from '../../kernel/signal.js';
import { SIGKILL } from '../../uapi/signal.js';

const T = '/sys/kernel/tracing';
/** One trace line of ftrace's format. */
const LINE = /^ {0,15}\S{1,16}-\d+ +\[000\] \.{5} +\d+\.\d{6}: \w+: .*$/;

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

async function sh(line: string, o: Parameters<TestMachine['run']>[1] = {}) {
  return tm.run(['/bin/sh', '-c', line], o);
}
const records = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

beforeEach(async () => {
  const r = await sh(`echo 0 > ${T}/events/enable; echo > ${T}/set_event_pid; echo 1 > ${T}/tracing_on; echo > ${T}/trace`);
  expect(r.stderr).toBe('');
});

describe('tracefs', () => {
  it('has the control files, the same at /sys/kernel/debug/tracing, for root only', async () => {
    const r = await sh(`ls ${T}; ls /sys/kernel/debug/tracing/events; cat ${T}/available_events`);
    expect(r.code).toBe(0);
    for (const f of ['available_events', 'buffer_size_kb', 'events', 'set_event', 'set_event_pid', 'trace', 'trace_pipe',
      'tracing_on']) expect(r.stdout).toContain(f);
    for (const e of ['raw_syscalls:sys_enter', 'raw_syscalls:sys_exit', 'sched:sched_process_fork', 'sched:sched_process_exec',
      'sched:sched_process_exit', 'signal:signal_generate', 'signal:signal_deliver']) expect(r.stdout).toContain(`${e}\n`);
    expect(r.stdout).toContain('raw_syscalls');
    const u = await sh(`cat ${T}/trace`, { cred: USER });
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('Permission denied');
  });

  it('records sched events once their directory is enabled, in ftrace lines under the nop header', async () => {
    const r = await sh(`echo 1 > ${T}/events/sched/enable; cat ${T}/events/sched/enable ${T}/events/enable; /bin/true; ` +
      `echo 0 > ${T}/events/sched/enable; cat ${T}/set_event; cat ${T}/trace`);
    expect(r.code).toBe(0);
    const [sched, all, ...rest] = r.stdout.split('\n');
    expect([sched, all]).toEqual(['1', 'X']);
    const text = rest.join('\n');
    expect(text.startsWith('# tracer: nop\n#\n# entries-in-buffer/entries-written: ')).toBe(true);
    expect(text).toContain('#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n');
    const lines = records(text);
    for (const l of lines) expect(l).toMatch(LINE);
    expect(lines.some((l) => /-\d+ .*: sched_process_fork: comm=sh pid=\d+ child_comm=true child_pid=\d+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ +true-\d+ .*: sched_process_exec: filename=\/bin\/true pid=(\d+) old_pid=\1$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ +true-\d+ .*: sched_process_exit: comm=true pid=\d+ prio=120$/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('sys_enter'))).toBe(false);
  });

  it('takes event lists in set_event: a truncating write replaces, `>>` adds, ! removes, unknown names fail', async () => {
    const r = await sh(`echo sched:sched_process_exec > ${T}/set_event; echo 'raw_syscalls:*' >> ${T}/set_event; ` +
      `echo '!sys_exit' >> ${T}/set_event; cat ${T}/set_event; cat ${T}/events/raw_syscalls/sys_exit/enable; ` +
      `echo nosuch:event >> ${T}/set_event; echo status=$?; echo signal > ${T}/set_event; cat ${T}/set_event`);
    expect(r.stdout).toBe('raw_syscalls:sys_enter\nsched:sched_process_exec\n0\nstatus=1\nsignal:signal_generate\nsignal:signal_deliver\n');
    expect(r.stderr).toContain('Invalid argument');
  });

  it('records system calls with their numbers and arguments while raw_syscalls is on', async () => {
    const r = await sh(`echo raw_syscalls > ${T}/set_event; /bin/cat /etc/hostname > /dev/null; ` +
      `echo 0 > ${T}/events/enable; cat ${T}/trace`);
    const lines = records(r.stdout);
    // cat's read(2) of /etc/hostname: fd 3, a buffer address, a count; its result is the file's length.
    expect(lines.some((l) => /^ +cat-\d+ .*: sys_enter: NR 0 \(3, [0-9a-f]+, [0-9a-f]+, 0, 0, 0\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ +cat-\d+ .*: sys_exit: NR 0 = 5$/.test(l))).toBe(true);
    // exit_group (231) does not return: its entry is the task's last call.
    expect(lines.some((l) => /^ +cat-\d+ .*: sys_enter: NR 231 \(0, /.test(l))).toBe(true);
    const after = await sh(`/bin/true; cat ${T}/trace`);
    expect(records(after.stdout).length).toBe(lines.length);
  });

  it('records signals sent and delivered', async () => {
    const r = await sh(`echo 'signal:*' > ${T}/set_event; sleep 5 & kill $!; wait; echo 0 > ${T}/events/enable; cat ${T}/trace`);
    const lines = records(r.stdout);
    const sent = lines.findIndex((l) => /^ +sh-\d+ .*: signal_generate: sig=15 errno=0 code=0 comm=sleep pid=\d+ grp=0 res=0$/.test(l));
    const got = lines.findIndex((l) => /^ +sleep-\d+ .*: signal_deliver: sig=15 errno=0 code=0 sa_handler=0 sa_flags=0$/.test(l));
    expect(sent).toBeGreaterThanOrEqual(0);
    expect(got).toBeGreaterThan(sent);
  });

  it('clears trace on a truncating open, stops with tracing_on 0, and keeps only set_event_pid pids', async () => {
    let r = await sh(`echo 1 > ${T}/events/sched/enable; /bin/true; echo > ${T}/trace; echo 0 > ${T}/tracing_on; /bin/true; ` +
      `cat ${T}/tracing_on; cat ${T}/trace`);
    expect(r.stdout.startsWith('0\n# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0 ')).toBe(true);
    expect(records(r.stdout.slice(2))).toEqual([]);
    r = await sh(`echo 1 > ${T}/tracing_on; echo $$ > ${T}/set_event_pid; cat ${T}/set_event_pid; /bin/true; ` +
      `echo 0 > ${T}/events/enable; echo > ${T}/set_event_pid; cat ${T}/trace`);
    const [pid, ...rest] = r.stdout.split('\n');
    const lines = records(rest.join('\n'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(new RegExp(`^ +sh-${pid} `));
    r = await sh(`echo x > ${T}/set_event_pid; echo status=$?`);
    expect(r.stdout).toBe('status=1\n');
  });

  it('shows each event\'s format and id, and resizes the buffer by buffer_size_kb', async () => {
    let r = await sh(`cat ${T}/events/sched/sched_process_exec/format ${T}/events/sched/sched_process_exec/id ${T}/buffer_size_kb`);
    expect(r.stdout).toMatch(/^name: sched_process_exec\nID: (\d+)\nformat:\n/);
    expect(r.stdout).toContain('\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n');
    expect(r.stdout).toContain('print fmt: "filename=%s pid=%d old_pid=%d", __get_str(filename), REC->pid, REC->old_pid\n');
    const id = /^ID: (\d+)$/m.exec(r.stdout)![1];
    expect(r.stdout).toMatch(new RegExp(`\n${id}\n1408\n$`));
    r = await sh(`echo raw_syscalls > ${T}/set_event; echo 4 > ${T}/buffer_size_kb; seq 1 30 | xargs -n 1 echo > /dev/null; ` +
      `echo 0 > ${T}/events/enable; cat ${T}/buffer_size_kb; cat ${T}/trace; echo 1408 > ${T}/buffer_size_kb; ` +
      `echo big > ${T}/buffer_size_kb; echo status=$?`);
    expect(r.stdout.startsWith('4\n')).toBe(true);
    const m = /entries-in-buffer\/entries-written: (\d+)\/(\d+)/.exec(r.stdout)!;
    expect(Number(m[1])).toBeLessThan(Number(m[2]));
    // The smallest record (sys_exit: the common fields, id and ret) takes 24 bytes.
    expect(Number(m[1]) * 24).toBeLessThanOrEqual(4096);
    expect(r.stdout.endsWith('status=1\n')).toBe(true);
  });

  it('hands records to a trace_pipe reader that sleeps until they come, once, and polls readable then', async () => {
    const caller = { pid: 0, cred: root_cred() };
    const f = await do_filp_open(kernel_ctx(), `${T}/trace_pipe`, O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    try {
      const poll = () => f.f_op.poll!(f, { _qproc: null });
      expect(poll()).toBe(0);
      const reader = await tm.start(['/bin/cat', `${T}/trace_pipe`]);
      await inSyscall(reader.task, __NR_read);
      await sh(`echo 1 > ${T}/events/sched/sched_process_exec/enable; /bin/true; ` +
        `echo 0 > ${T}/events/sched/sched_process_exec/enable`);
      await tm.waitOutput('sched_process_exec: filename=/bin/true', reader.since);
      expect(tm.stdout.slice(reader.since)).toMatch(/^ +true-\d+ +\[000\] \.{5} +\d+\.\d{6}: sched_process_exec: filename=\/bin\/true /);
      send_sig(SIGKILL, reader.task, 1);
      await reader.exited;
      const r = await sh(`cat ${T}/trace`);
      expect(r.stdout).not.toContain('filename=/bin/true');
      await sh(`echo 1 > ${T}/events/sched/sched_process_exec/enable; /bin/true; echo 0 > ${T}/events/enable`);
      expect(poll() & POLLIN).toBe(POLLIN);
    } finally {
      await fput(f, caller);
    }
  });

  it('answers a non-blocking trace_pipe read with EAGAIN while empty, and gives long lines in pieces', async () => {
    const caller = { pid: 0, cred: root_cred() };
    const f = await do_filp_open(kernel_ctx(), `${T}/trace_pipe`, O_RDONLY | O_NONBLOCK, 0);
    if (typeof f === 'number') throw new Error(String(f));
    try {
      const b = new Uint8Array(16);
      // Take whatever earlier tests left, then the pipe is empty.
      while ((await kernel_read(f, new Uint8Array(4096), { pos: 0 }, caller)) > 0);
      expect(await kernel_read(f, b, { pos: 0 }, caller)).toBe(-EAGAIN);
      await sh(`echo 1 > ${T}/events/sched/sched_process_exec/enable; /bin/true; echo 0 > ${T}/events/enable`);
      const parts: string[] = [];
      for (;;) {
        const n = await kernel_read(f, b, { pos: 0 }, caller);
        if (n === -EAGAIN) break;
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThanOrEqual(16);
        parts.push(new TextDecoder().decode(b.subarray(0, n)));
      }
      const text = parts.join('');
      expect(text).toMatch(/^ +true-\d+ +\[000\] \.{5} +\d+\.\d{6}: sched_process_exec: filename=\/bin\/true pid=\d+ old_pid=\d+\n$/);
    } finally {
      await fput(f, caller);
    }
  });
});
