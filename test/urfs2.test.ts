// End-to-end urfs 2, as a filter author would use it through liburfs: arguments in the event, one system
// call per event, callbacks that overlap, workers, cached verdicts and the object's own descriptor. The
// filter is demos/src/testbin/urfs2_probe (in /usr/libexec/urfs-test); the 2007 protocol keeps its own
// tests (test/urfs.test.ts through the raw messages of urfs_probe, and the fuzzers).
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

const LOAD = 'export PATH=$PATH:/usr/libexec/urfs-test; insmod redirfs && insmod urfs';
const STATS = 'cat /sys/kernel/debug/urfs/stats';
const stat_of = (out: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(out)?.[1]);

describe('urfs 2 events carry their arguments', () => {
  it('each operation tells its own: names, modes, positions, attributes and the caller', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/a && echo hi > /tmp/a/f && urfs2_probe -b ar 100 /tmp/a args > /tmp/ar.out && ` +
      'cat /tmp/a/f && touch /tmp/a/new && mkdir /tmp/a/d && mknod /tmp/a/p p && mv /tmp/a/new /tmp/a/new2 && ' +
      'ln /tmp/a/f /tmp/a/hard && ln -s /tmp/a/f /tmp/a/sym && chmod 600 /tmp/a/f && echo more >> /tmp/a/f && ' +
      `rm /tmp/a/hard && su user -c 'cat /tmp/a/new2' ; cat /tmp/ar.out; ${STATS}`);
    expect(r.code).toBe(0);
    const o = r.stdout;
    expect(o).toMatch(/^pre RFS_REG_FOP_OPEN path=\/tmp\/a\/f name2= f_flags=0 mode=100644 .* ino=\d+ .* uid=0 gid=0 comm=cat$/m);
    expect(o).toMatch(/^pre RFS_REG_FOP_READ path=\/tmp\/a\/f .* pos=0 count=65536 .* comm=cat$/m);
    expect(o).toMatch(/^pre RFS_REG_FOP_READ path=\/tmp\/a\/f .* pos=3 count=65536 /m);
    expect(o).toMatch(/^pre RFS_REG_IOP_PERMISSION path=\/tmp\/a\/f .* mask=36 /m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_CREATE path=\/tmp\/a\/new name2= f_flags=0 mode=100644 .* comm=touch$/m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_MKDIR path=\/tmp\/a\/d .* mode=40755 .* comm=mkdir$/m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_MKNOD path=\/tmp\/a\/p .* mode=10644 .* dev=0 /m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_RENAME path=\/tmp\/a\/new name2=\/tmp\/a\/new2 .* comm=mv$/m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_LINK path=\/tmp\/a\/hard name2=\/tmp\/a\/f /m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_SYMLINK path=\/tmp\/a\/sym name2=\/tmp\/a\/f /m);
    expect(o).toMatch(/^pre RFS_REG_IOP_SETATTR path=\/tmp\/a\/f .* attr=mode:384 .* comm=chmod$/m);
    // The bytes to be written come with the pre-write, in the filter's data area.
    expect(o).toMatch(/^pre RFS_REG_FOP_WRITE path=\/tmp\/a\/f name2= f_flags=1025 .* count=5 .* buf=5 /m);
    expect(o).toMatch(/^pre RFS_DIR_IOP_UNLINK path=\/tmp\/a\/hard .* comm=rm$/m);
    expect(o).toMatch(/^pre RFS_REG_FOP_OPEN path=\/tmp\/a\/new2 .* uid=1000 gid=1000 comm=cat$/m);
    // No GET_ARGS: nothing was mapped for any event.
    expect(stat_of(o, 'allocations')).toBe(0);
  });

  it('a busy filter makes one system call per event: the ioctl that answers one and fetches the next', async () => {
    const files = Array.from({ length: 100 }, (_, i) => `/tmp/n/f${i}`).join(' ');
    const count = 'grep -E " (ioctl|read|write) " /proc/emu/syscalls';
    const r = await sh(`${LOAD} && mkdir -p /tmp/n && for f in ${files}; do echo x > $f; done && ` +
      `urfs2_probe -b n 100 /tmp/n allow > /dev/null && urfs2_probe open ${files} > /dev/null && ${count} > /tmp/s0 && ` +
      `urfs2_probe open ${files} > /dev/null; ${count} > /tmp/s1; cat /tmp/s0 /tmp/s1`);
    expect(r.code).toBe(0);
    const n = (text: string, call: string) => Number(new RegExp(`^\\s*\\d+ ${call}\\s+(\\d+)$`, 'm').exec(text)?.[1]);
    const [s0, s1] = [r.stdout.split('\n').slice(0, 3).join('\n'), r.stdout.split('\n').slice(3).join('\n')];
    // 100 opens, 100 events: 100 ioctls; the filter reads and writes nothing (the app's 100 lines are its writes).
    expect(n(s1, 'ioctl') - n(s0, 'ioctl')).toBe(100);
    expect(n(s1, 'read') - n(s0, 'read')).toBeLessThan(10);
    expect(n(s1, 'write') - n(s0, 'write')).toBeLessThan(110);
  });
});

describe('urfs 2 concurrency', () => {
  it('16 opens overlap in one filter process: every callback is in flight at once', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/g && for i in $(seq 1 16); do echo $i > /tmp/g/f$i; done && ` +
      'urfs2_probe -b ga 100 /tmp/g gather:16 > /tmp/ga.out && ' +
      'for i in $(seq 1 16); do urfs2_probe open /tmp/g/f$i > /tmp/g.o$i & done; wait; cat /tmp/g.o* | grep -c " ok$"; ' +
      `cat /tmp/ga.out; ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^16\n/);
    expect(r.stdout).toContain('overlap 16\n');
    // Every one was answered by the filter: none waited for the timeout.
    expect(stat_of(r.stdout, 'timeouts')).toBe(0);
    expect(stat_of(r.stdout, 'completed_pass')).toBe(0);
  });

  it('a callback that never answers delays no other open, and SIGTERM ends the filter at once', async () => {
    const r = await sh(`${LOAD} timeout=30000 && mkdir -p /tmp/h && echo 1 > /tmp/h/hang && echo 2 > /tmp/h/ok && ` +
      'urfs2_probe -b hg 100 /tmp/h hang > /dev/null && (cat /tmp/h/hang > /tmp/hang.out &) && ' +
      `${until(`grep -q "^requests 1$" /sys/kernel/debug/urfs/stats`, 'the hung open to wait')} && cat /tmp/h/ok && ` +
      't0=$(date +%s) && kill $(cat /tmp/hg.pid) && ' +
      `${until('grep -q 1 /tmp/hang.out 2>/dev/null', 'the hung open to end')}; echo waited $(( $(date +%s) - t0 )); ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2\nwaited \d+\n/);
    // The hung open ended with the filter (pass), long before the 30 s timeout.
    expect(Number(/^waited (\d+)$/m.exec(r.stdout)?.[1])).toBeLessThan(10);
    expect(r.stdout).toMatch(/^connections 0\nufilters 0\nrequests 0\n/m);
    expect(stat_of(r.stdout, 'timeouts')).toBe(0);
  });

  it('two processes serve one connection: both take events, and both end with the filter', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/w && for i in $(seq 1 16); do echo $i > /tmp/w/f$i; done && ` +
      'urfs2_probe -b --workers 2 wk 100 /tmp/w cpu:50 > /dev/null && ' +
      `${until('ls /tmp/wk.*.worker > /dev/null 2>&1', 'the worker to serve')} && ` +
      'for i in $(seq 1 16); do urfs2_probe open /tmp/w/f$i > /dev/null & done; wait; ' +
      'cat /tmp/wk.*.log | grep -c scanned; ls /tmp/wk.*.log | grep -c .; kill $(cat /tmp/wk.pid); ' +
      `${until('grep -q "^connections 0$" /sys/kernel/debug/urfs/stats', 'the connection to end')}; ` +
      `${until('! ps | grep -v " ? " | grep -q urfs2_probe', 'the workers to exit')}; ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^16\n2\n/);
    expect(r.stdout).toMatch(/^connections 0\nufilters 0\nrequests 0\n/m);
  });
});

describe('urfs 2 cached verdicts', () => {
  it('a verdict asked to be kept answers later opens in the kernel until the file changes', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/c && echo hi > /tmp/c/f && echo x > /tmp/c/x.bad && ` +
      'urfs2_probe -b ca 100 /tmp/c cache > /tmp/ca.out && for i in 1 2 3 4 5; do cat /tmp/c/f; cat /tmp/c/x.bad; done; ' +
      'grep -c judged /tmp/ca.out; echo more >> /tmp/c/f; cat /tmp/c/f > /dev/null; grep -c judged /tmp/ca.out; ' +
      'chmod 600 /tmp/c/f; cat /tmp/c/f > /dev/null; cat /tmp/c/f > /dev/null; grep -c judged /tmp/ca.out; ' +
      `mv /tmp/c/f /tmp/c/g; cat /tmp/c/g > /dev/null; grep -c judged /tmp/ca.out; ${STATS}`);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^hi$/gm)).toHaveLength(5);
    expect(r.stderr.match(/x\.bad: Permission denied/g)).toHaveLength(5);
    // Judged once each; then once more after the write (and once for the write's own open), after the
    // chmod, after the rename.
    expect(r.stdout).toMatch(/^2\n4\n5\n6\n/m);
    expect(stat_of(r.stdout, 'cache_hits')).toBe(9);
  });
});

describe('urfs 2 hands the filter the object', () => {
  it('a scanner reads the very file through the descriptor in its event, and closes it', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/f && echo clean > /tmp/f/ok && echo "an EVIL file" > /tmp/f/evil && ` +
      'urfs2_probe -b sc 100 /tmp/f fd > /tmp/sc.out && cat /tmp/f/ok; cat /tmp/f/evil; echo rc=$?; ' +
      'for i in 1 2 3 4 5; do cat /tmp/f/ok > /dev/null; done; cat /tmp/sc.out; ls /proc/$(cat /tmp/sc.pid)/fd');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^clean\nrc=1\n/);
    expect(r.stderr).toContain('cat: /tmp/f/evil: Permission denied');
    expect(r.stdout).toMatch(/^scanned \/tmp\/f\/ok fd=\d+ bytes=6$/m);
    expect(r.stdout).toMatch(/^scanned \/tmp\/f\/evil fd=\d+ bytes=13$/m);
    // Each descriptor was closed after its callback: the filter holds its standard ones and /dev/urfs.
    expect(r.stdout.trim().split('\n').pop()!.trim().split(/\s+/)).toHaveLength(4);
  });
});
