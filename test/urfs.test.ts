// End-to-end urfs: the `emu` CLI run from the repository root the way the "Done when" lines do,
// with the demos (scrambleflt, udummyflt, kscrambleflt) and a test program (demos/src/testbin/urfs_probe, in /usr/libexec/urfs-test)
// for the failure cases: malformed messages, the ufilter limit, a filter that hangs or is killed.
// `pnpm test` builds first (tsc -b), so the CLI runs the compiled machine.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

const LOAD = 'export PATH=$PATH:/usr/libexec/urfs-test; insmod redirfs && insmod urfs';
const STATS = 'cat /sys/kernel/debug/urfs/stats';
const ZERO = 'connections 0\nufilters 0\nrequests 0\nallocations 0\n';
/** The counters of requests that ended without a valid answer, on a machine where none did. */
const NO_FAULTS = 'timeouts 0\noverflows 0\nbad_answers 0\ninterrupts 0\nlate_answers 0\ncompleted_pass 0\n' +
  'completed_error 0\ncache_hits 0\ncache_misses 0\n';
/** Waits until the counters of ZERO read 0: every connection, ufilter and request is gone. */
const IDLE = until(ZERO.trim().split('\n').map((l) => `grep -q "^${l}$" /sys/kernel/debug/urfs/stats`).join(' && '),
  'the urfs counters to return to zero');
const swap = (b: number) => ((b & 0x0f) << 4) | (b >> 4);
const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('scrambleflt (the issue\'s command line)', () => {
  it('reads back hello through the filter, is listed by redirctl, and stores 86 56 c6 c6 f6 a0', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/scramble && scrambleflt -b /tmp/scramble && ` +
      'echo hello > /tmp/scramble/a && cat /tmp/scramble/a && redirctl list && redirctl deactivate scrambleflt && ' +
      'hexdump -C /tmp/scramble/a');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scrambleflt: active on \/tmp\/scramble \(pid \d+\)\nhello\n/);
    expect(r.stdout).toMatch(/^scrambleflt\s+500\s+active$/m);
    expect(r.stdout).toContain('00000000  86 56 c6 c6 f6 a0 ');
  });

  it('round trip of 100 KB: plain through the filter, every byte nibble-swapped on disk; redirctl steers it', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/s && scrambleflt -b /tmp/s && seq 1 20000 > /tmp/s/f && ` +
      'tail -n 1 /tmp/s/f && cat /tmp/s/f | wc -c && redirctl deactivate scrambleflt && head -c 4 /tmp/s/f > /tmp/raw && ' +
      'hexdump -C /tmp/raw && redirctl activate scrambleflt && head -n 2 /tmp/s/f && ' + STATS);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('20000');
    expect(lines[2]).toBe(String(Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join('').length));
    expect(r.stdout).toContain(`00000000  ${hex([...'1\n2\n'].map((c) => swap(c.charCodeAt(0))))}`);
    expect(r.stdout).toContain('1\n2\n');
    expect(r.stdout).toMatch(/requests 0\nallocations 0\n/);
    expect(r.stdout.endsWith(NO_FAULTS)).toBe(true);
  });

  it('cleans up on SIGTERM: the filter is gone and the counters are back to zero', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/s && scrambleflt -b /tmp/s && echo hi > /tmp/s/a && ` +
      `kill $(ps | grep scrambleflt | cut -c1-5) && ${IDLE} && redirctl list && ${STATS} && hexdump -C /tmp/s/a`);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^scrambleflt\s/m);
    expect(r.stdout).toContain(ZERO);
    expect(r.stdout).toContain(`00000000  ${hex([swap(0x68), swap(0x69), swap(0x0a)])}`);
  });

  it('removes its paths when asked through sysfs (r:ID, c); an unknown id is refused and changes nothing', async () => {
    const P = '/sys/fs/redirfs/filters/scrambleflt/paths';
    const r = await sh(`${LOAD} && mkdir -p /tmp/s /tmp/t && scrambleflt -b /tmp/s && ` +
      `redirctl setpath scrambleflt /tmp/t include subtree && cat ${P} && echo r:1 > ${P} && cat ${P} && ` +
      `(echo r:7 > ${P} || echo refused) && cat ${P} && echo c > ${P} && redirctl paths scrambleflt && ` +
      'echo hi > /tmp/t/a && hexdump -C /tmp/t/a');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('i:1:/tmp/s\ni:2:/tmp/t\ni:2:/tmp/t\nrefused\ni:2:/tmp/t\n');
    expect(r.stdout).toMatch(/^ID\s+PATH\s+TYPE\s+SCOPE\n0{8}  68 69 0a/m);
    expect(r.stderr).toContain('No such file or directory');
  });

  it('prints every message, decoded, with --debug: the event life cycle in order', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/s && echo hi > /tmp/s/a && scrambleflt -d -b /tmp/s && cat /tmp/s/a`);
    expect(r.code).toBe(0);
    const log = r.stderr.split('\n').filter((l) => l.startsWith('urfs: '));
    const kinds = log.map((l) => l.replace(/^urfs: (send|recv)( reply)? (\w+).*$/, '$1 $3'));
    expect(kinds.slice(0, 2)).toEqual(['send FILTER_REGISTER', 'recv FILTER_REGISTER']);
    // urfs 2: the event carries its arguments, and the answer goes with the fetch of the next event.
    const i = kinds.indexOf('recv OP_EVENT');
    expect(i).toBeGreaterThan(0);
    expect(kinds.slice(i, i + 2)).toEqual(['recv OP_EVENT', 'send OP_CALLBACK']);
    expect(log[i]).toMatch(/op_id=74 call=1 retv=3 pid=\d+ uid=0 comm=cat path=\/tmp\/s\/a buf_len=3/);
    expect(kinds).not.toContain('send OP_CALLBACK_GET_ARGS');
  });
});

describe('udummyflt', () => {
  it('logs the permission checks and the open of a file cat reads under its path', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/d && echo x > /tmp/d/f && chmod 755 /tmp/d && udummyflt -b /tmp/d && ` +
      `cat /tmp/d/f && su user -c 'cat /tmp/d/f'`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^udummyflt: active on \/tmp\/d/);
    expect(r.stdout).toMatch(/^udummyflt: pre RFS_REG_IOP_PERMISSION \/tmp\/d\/f mask \d+ \(pid \d+ uid 0\)$/m);
    expect(r.stdout).toMatch(/^udummyflt: pre RFS_REG_FOP_OPEN \/tmp\/d\/f \(pid \d+ uid 0\)$/m);
    expect(r.stdout).toMatch(/^udummyflt: post RFS_REG_FOP_OPEN \/tmp\/d\/f = 0 \(pid \d+ uid 0\)$/m);
    // The caller's uid reaches the ufilter's context: the second cat runs as user (1000).
    expect(r.stdout).toMatch(/^udummyflt: pre RFS_REG_FOP_OPEN \/tmp\/d\/f \(pid \d+ uid 1000\)$/m);
    expect(r.stdout.match(/^x$/gm)).toHaveLength(2);
  });
});

describe('kscrambleflt: the same filter code in the kernel', () => {
  it('stores the same bytes as scrambleflt and reads them back plain', async () => {
    const r = await sh('insmod redirfs && mkdir -p /tmp/ks && insmod kscrambleflt path=/tmp/ks && ' +
      'echo hello > /tmp/ks/a && cat /tmp/ks/a && redirctl list && rmmod kscrambleflt && hexdump -C /tmp/ks/a');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hello\n/);
    expect(r.stdout).toMatch(/^kscrambleflt\s+501\s+active$/m);
    expect(r.stdout).toContain('00000000  86 56 c6 c6 f6 a0 ');
  });
});

describe('several ufilters and chaining', () => {
  it('two ufilters on one connection both run (each adds 1)', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && echo AB > /tmp/c/a && urfs_probe filter -b --two inc 10 /tmp/c inc && ` +
      `cat /tmp/c/a > /tmp/out && hexdump -C /tmp/out && ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`00000000  ${hex([0x43, 0x44, 0x0c])}`);
    expect(r.stdout).toMatch(/connections 1\nufilters 2\n/);
  });

  it('two connections at once both run', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && echo AB > /tmp/c/a && urfs_probe filter -b one 10 /tmp/c inc && ` +
      `urfs_probe filter -b two 20 /tmp/c inc && cat /tmp/c/a > /tmp/out && hexdump -C /tmp/out && ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`00000000  ${hex([0x43, 0x44, 0x0c])}`);
    expect(r.stdout).toMatch(/connections 2\nufilters 2\n/);
  });

  // Post-callbacks run in reverse priority order: the lower number sees the data last.
  const stored = [swap(0x41), swap(0x0a)];
  it('chained with a kernel filter: ufilter at 10, kscrambleflt at 20 -> inc(swap(stored))', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && insmod kscrambleflt path=/tmp/c priority=20 && echo A > /tmp/c/a && ` +
      'urfs_probe filter -b inc 10 /tmp/c inc && cat /tmp/c/a > /tmp/out && hexdump -C /tmp/out');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`00000000  ${hex([0x42, 0x0b])}`);
  });

  it('chained with a kernel filter: kscrambleflt at 5, ufilter at 10 -> swap(inc(stored))', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && insmod kscrambleflt path=/tmp/c priority=5 && echo A > /tmp/c/a && ` +
      'urfs_probe filter -b inc 10 /tmp/c inc && cat /tmp/c/a > /tmp/out && hexdump -C /tmp/out');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`00000000  ${hex(stored.map((b) => swap((b + 1) & 0xff)))}`);
  });

  it('a pre-callback that stops sets the result: the read fails with EPERM', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && echo A > /tmp/c/a && urfs_probe filter -b st 10 /tmp/c stop && cat /tmp/c/a`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cat: \/tmp\/c\/a: Operation not permitted/);
  });

  it('with callbacks switched off the ufilter does nothing', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && echo AB > /tmp/c/a && urfs_probe filter -b --off off 10 /tmp/c inc && ` +
      'cat /tmp/c/a && redirctl list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AB$/m);
    expect(r.stdout).toMatch(/^off\s+10\s+active$/m);
  });
});

describe('a filter that dies or hangs never hangs the applications', () => {
  it('kill -9 during a callback of a 1 MiB read: the read ends by policy, the next read works, counters return to zero', async () => {
    const r = await sh(`${LOAD} timeout=20000 && mkdir -p /tmp/k && head -c 1048576 /dev/zero > /tmp/k/big && ` +
      'urfs_probe filter -b --data-pass slowf 100 /tmp/k slow > /tmp/slowf.out && cat /tmp/k/big | wc -c > /tmp/out & ' +
      `${until('grep -q "in callback" /tmp/slowf.out 2>/dev/null', 'the filter to be in its callback')}; ` +
      `cat /tmp/slowf.out; ${STATS}; t0=$(date +%s); kill -9 $(cat /tmp/slowf.pid); wait; t1=$(date +%s); ` +
      `echo read: $(cat /tmp/out); ${STATS}; cat /tmp/k/big | wc -c; redirctl list; echo waited $((t1 - t0))`);
    expect(r.stdout).toMatch(/in callback, \d+ bytes mapped\n/);
    // The held data sits in a slot of the filter's data area: no mapping of its own.
    expect(r.stdout).toMatch(/connections 1\nufilters 1\nrequests 1\nallocations 0\n/);
    expect(r.stdout).toContain(`read: 1048576\n${ZERO}`);
    // The held read went on unfiltered (the filter registered pass for its data), and was counted.
    expect(r.stdout).toMatch(/completed_pass 1\ncompleted_error 0\ncache_hits 0\ncache_misses 0\n1048576\n/);
    expect(r.stdout).not.toMatch(/^slowf\s+100\s/m);
    // The kill ended the read, not the 20 s timeout (measured inside the machine: boot time is no part of it).
    expect(Number(/^waited (\d+)$/m.exec(r.stdout)?.[1])).toBeLessThan(10);
  });

  it('a reply that does not come in time completes by the policy: pass, then error (EIO); counters return to zero', async () => {
    const r = await sh(`${LOAD} timeout=300 && mkdir -p /tmp/k && echo hi > /tmp/k/a && urfs_probe filter -b hf 100 /tmp/k hang && ` +
      'cat /tmp/k/a; echo error > /sys/module/urfs/parameters/policy; cat /tmp/k/a; echo rc=$?; ' +
      `kill $(cat /tmp/hf.pid); ${IDLE}; ${STATS}; dmesg | grep -c "completed by policy"`);
    expect(r.stdout).toMatch(/hf ready\nhi\nrc=1\n/);
    expect(r.stderr).toMatch(/cat: \/tmp\/k\/a: Input\/output error/);
    expect(r.stdout).toContain(ZERO);
    expect(Number(r.stdout.trim().split('\n').pop())).toBeGreaterThanOrEqual(2);
  });
});

describe('bad input and limits', () => {
  it('malformed messages get errors and the connection survives', async () => {
    const r = await sh(`${LOAD} && urfs_probe malformed && ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('short EINVAL\nunknown EINVAL\nwrongsize EINVAL\noversize EMSGSIZE\nbadid EINVAL\nwild EFAULT\n' +
      'smallread EINVAL\nemptyread EAGAIN\nregister ok 32\nreply 40 cmd 1 err 0 id 0\n' + ZERO + NO_FAULTS);
  });

  it('the 17th filter on a connection is refused (and max_ufilters sets the limit)', async () => {
    const r = await sh(`${LOAD} && urfs_probe limit && rmmod urfs && insmod urfs max_ufilters=2 && urfs_probe limit && ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`registered 16; refused ENOMEM\nregistered 2; refused ENOMEM\n${ZERO}${NO_FAULTS}`);
  });

  it('non-root cannot open /dev/urfs (0600 root)', async () => {
    const r = await sh(`${LOAD} && ls -l /dev/urfs && su user -c "scrambleflt /tmp"`);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/^crw------- .* root .*\/dev\/urfs$/m);
    expect(r.stderr).toContain('scrambleflt: cannot open /dev/urfs: Permission denied');
  });

  it('urfs needs redirfs, and cannot be unloaded while a connection is open', async () => {
    const r = await sh('insmod urfs; echo rc=$?; insmod redirfs && insmod urfs && mkdir -p /tmp/s && scrambleflt -b /tmp/s && ' +
      'rmmod urfs; echo rc=$?');
    expect(r.stdout).toMatch(/^rc=1$/m);
    expect(r.stdout).toMatch(/rc=1\n$/);
  });
});
