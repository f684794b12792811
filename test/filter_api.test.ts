// The declarative filter API as a filter author and an admin meet it, through the upper-casing filter
// (demos/src/upper_filter.ts) run as a program by liburfs's urfs_run (upperflt) and loaded as a kernel module
// by rfs_def_module (kupperflt): --help, usage errors, -b, redirctl reaching a filter that wrote no
// modifier callback, a clash named in words, a filter unregistered from outside that ends its process.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

const LOAD = 'insmod redirfs && insmod urfs';
const GONE = until('grep -q "^connections 0$" /sys/kernel/debug/urfs/stats', 'the filter process to close its connection');

describe('a filter written as a definition (urfs_run)', () => {
  it('answers --help with its usage (status 0) and a bad command line with a usage error (status 2)', async () => {
    const r = await sh('upperflt --help; echo rc=$?; upperflt --nope /tmp; echo rc=$?; upperflt; echo rc=$?');
    expect(r.stdout).toMatch(/^usage: upperflt \[-d\] \[-b\] \[-p PRIORITY\] \[--workers N\] PATH\.\.\.\nReads under PATH come back upper-cased\.\n/);
    expect(r.stdout).toMatch(/rc=0\nrc=2\nrc=2\n$/);
    expect(r.stderr).toContain('upperflt: unknown option --nope\nusage: upperflt');
    expect(r.stderr).toContain('upperflt: no PATH given\n');
  });

  it('runs in the background, obeys redirctl with no code of its own, and says which name clashed', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/u && echo hello > /tmp/u/a && upperflt -b /tmp/u && cat /tmp/u/a && ` +
      'redirctl deactivate upperflt && cat /tmp/u/a && redirctl activate upperflt && cat /tmp/u/a && ' +
      'mkdir -p /tmp/v && echo more > /tmp/v/b && redirctl setpath upperflt /tmp/v include subtree && cat /tmp/v/b && ' +
      'redirctl list; upperflt -b -p 701 /tmp/u; echo rc=$?');
    expect(r.stdout).toMatch(/^upperflt: active on \/tmp\/u \(pid \d+\)\nHELLO\nhello\nHELLO\nMORE\n/);
    expect(r.stdout).toMatch(/^upperflt\s+700\s+active$/m);
    expect(r.stdout).toMatch(/rc=1\n$/);
    expect(r.stderr).toContain('upperflt: cannot register: a filter named upperflt is registered already\n');
  });

  it('ends, exit status 0, when unregistered from outside through sysfs', async () => {
    const r = await sh(`${LOAD} && mkdir -p /tmp/u && echo hello > /tmp/u/a && (upperflt /tmp/u > /tmp/u.out; echo "exit $?" >> /tmp/u.out) & ` +
      `${until('grep -q active /tmp/u.out 2>/dev/null', 'the filter to be active')} && cat /tmp/u/a && ` +
      `echo 1 > /sys/fs/redirfs/filters/upperflt/unregister && ${GONE} && ` +
      `${until('grep -q exit /tmp/u.out', 'the filter program to exit')} && cat /tmp/u.out && cat /tmp/u/a`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HELLO\nupperflt: active on \/tmp\/u \(pid \d+\)\nexit 0\nhello\n$/);
  });

  it('loads, unchanged, as a kernel module: the same bytes come back upper-cased, redirctl steers it', async () => {
    const r = await sh('insmod redirfs && mkdir -p /tmp/k && echo hello > /tmp/k/a && insmod kupperflt path=/tmp/k && ' +
      'cat /tmp/k/a && redirctl list && redirctl deactivate kupperflt && cat /tmp/k/a && redirctl activate kupperflt && ' +
      'insmod urfs && upperflt -b /tmp/k > /dev/null && cat /tmp/k/a && rmmod kupperflt && cat /tmp/k/a');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^HELLO\nNAME\s+PRIORITY\s+STATE\nkupperflt\s+701\s+active\nhello\nHELLO\nHELLO\n$/);
  });
});
