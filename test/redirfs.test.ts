// End-to-end RedirFS: the `emu` CLI run from the repository root the way the "Done when" lines
// do (`emu -c 'insmod redirfs && ... && redirctl list'`), plus redirctl's errors, the sysfs control,
// bad ioctl input through the real system call, and the host wrapper against `emu serve`.
// `pnpm test` builds first (tsc -b), so the CLI runs the compiled machine.
import { describe, it, expect } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { cli, node, root, serve, sh, type Run } from './lib/cli.js';

const wrapper = path.join(root, 'packages/redirctl/bin/redirctl.mjs');
/** stderr without the kernel's console echo of its error messages ("[    0.123] ..."). */
const errs = (r: Run) => r.stderr.split(/(?<=\n)/).filter((l) => !/^\[ *\d+\.\d+\] /.test(l)).join('');
const LOAD = 'insmod redirfs && insmod dummyflt';

describe('RedirFS end to end (emu -c)', () => {
  it('redirctl list shows dummyflt, its priority and whether it is active', async () => {
    const r = await sh(`${LOAD} && redirctl list && redirctl list --json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+PRIORITY\s+STATE$/m);
    expect(r.stdout).toMatch(/^dummyflt\s+999\s+active$/m);
    expect(r.stdout).toContain('[{"name":"dummyflt","priority":999,"active":true}]');
  });

  it('dummyflt logs the open and lookup of /tmp/f once set on /tmp and active; redirctl paths shows /tmp', async () => {
    const r = await sh(`${LOAD} && redirctl setpath dummyflt /tmp include subtree && redirctl activate dummyflt && ` +
      'echo x > /tmp/f && cat /tmp/f && dmesg && redirctl paths dummyflt && redirctl paths dummyflt --json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^x$/m);
    expect(r.stdout).toMatch(/dummyflt: pre RFS_DIR_IOP_LOOKUP \/tmp\/f /);
    expect(r.stdout).toMatch(/dummyflt: pre RFS_REG_FOP_OPEN \/tmp\/f /);
    expect(r.stdout).toMatch(/dummyflt: post RFS_REG_FOP_RELEASE \/tmp\/f = 0 /);
    expect(r.stdout).toMatch(/^ID\s+PATH\s+TYPE\s+SCOPE$/m);
    expect(r.stdout).toMatch(/^\s*1\s+\/tmp\s+include\s+subtree$/m);
    expect(r.stdout).toContain('[{"id":1,"path":"/tmp","type":"include","scope":"subtree","flags":6}]');
  });

  it('roflt on /srv with /srv/rw excluded: /srv is read-only, /srv/rw is not', async () => {
    const r = await sh('mkdir -p /srv/rw && insmod redirfs && insmod roflt && ' +
      'redirctl setpath roflt /srv include subtree && redirctl setpath roflt /srv/rw exclude subtree && ' +
      'echo x > /srv/rw/f && cat /srv/rw/f && echo x > /srv/f');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('x\n');
    expect(errs(r)).toMatch(/\/srv\/f: Read-only file system/);
  });

  it('echo 0 > /sys/fs/redirfs/filters/dummyflt/active makes redirctl list show it inactive', async () => {
    const r = await sh(`${LOAD} && echo 0 > /sys/fs/redirfs/filters/dummyflt/active && redirctl list && ` +
      'cat /sys/fs/redirfs/filters/dummyflt/priority /sys/fs/redirfs/filters/dummyflt/active && ' +
      'echo a:i:/tmp > /sys/fs/redirfs/filters/dummyflt/paths && cat /sys/fs/redirfs/filters/dummyflt/paths && ' +
      'redirctl paths dummyflt');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dummyflt\s+999\s+inactive$/m);
    expect(r.stdout).toContain('999\n0\ni:1:/tmp\n');
    expect(r.stdout).toMatch(/^\s*1\s+\/tmp\s+include\s+subtree$/m);
  });

  it('refuses a user who is not root with a clear message', async () => {
    const r = await sh(`${LOAD} && su user -c 'redirctl list'`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(errs(r)).toBe('redirctl: permission denied (only root may use /dev/redirctl)\n');
    const a = await sh(`${LOAD} && su user -c 'redirctl deactivate dummyflt'; redirctl list`);
    expect(errs(a)).toBe('redirctl: dummyflt: permission denied (only root may use /dev/redirctl)\n');
    expect(a.stdout).toMatch(/^dummyflt\s+999\s+active$/m);
  });

  it('names the filter and the reason when the kernel refuses, with exit status 1', async () => {
    const nofilter = await sh('insmod redirfs && redirctl paths dummyflt');
    expect(nofilter).toMatchObject({ code: 1, stdout: '' });
    expect(errs(nofilter)).toBe('redirctl: dummyflt: no such filter\n');
    const notsup = await sh('insmod redirfs && insmod dummyflt modcb=n && redirctl activate dummyflt');
    expect(notsup.code).toBe(1);
    expect(errs(notsup)).toBe('redirctl: dummyflt: operation not supported (the filter has no modifier callback)\n');
    const notdir = await sh(`${LOAD} && redirctl setpath dummyflt /etc/passwd include subtree`);
    expect(notdir.code).toBe(1);
    expect(errs(notdir)).toBe('redirctl: dummyflt: /etc/passwd: not a directory (a subtree needs a directory)\n');
    const noredirfs = await sh('redirctl list');
    expect(noredirfs.code).toBe(1);
    expect(errs(noredirfs)).toContain('redirctl: /dev/redirctl: No such file or directory (is RedirFS loaded?');
  });

  it('has --help on every command and answers bad arguments with usage errors (status 2)', async () => {
    const cmds = ['', 'list', 'paths', 'setpath', 'activate', 'deactivate'];
    const help = await sh(cmds.map((c) => `redirctl ${c} --help > /tmp/h && echo ok-${c || 'top'} && head -1 /tmp/h`).join(' && '));
    expect(help.code).toBe(0);
    for (const c of cmds) expect(help.stdout).toContain(`ok-${c || 'top'}\nUsage: redirctl ${c}${c ? ' ' : ''}[options]`);
    const bad = await sh(`${LOAD}; redirctl setpath dummyflt /tmp sideways subtree; echo rc=$?; redirctl bogus; echo rc=$?; ` +
      'redirctl paths; echo rc=$?; redirctl list extra; echo rc=$?; redirctl; echo rc=$?; redirctl list');
    expect(bad.stdout.match(/rc=\d+/g)).toEqual(['rc=2', 'rc=2', 'rc=2', 'rc=2', 'rc=2']);
    const e = errs(bad);
    expect(e).toContain("redirctl: command-argument value 'sideways' is invalid for argument 'include|exclude'");
    expect(e).toContain("redirctl: unknown command 'bogus'");
    expect(e).toContain("redirctl: missing required argument 'filter'");
    expect(e).toContain("redirctl: too many arguments for 'list'");
    expect(bad.stdout).toMatch(/^dummyflt\s+999\s+active$/m);
  });

  it('bad ioctl input (wild pointers, short and lying lengths, unknown commands) is refused and changes nothing', async () => {
    const r = await sh(`${LOAD} && redirctl setpath dummyflt /tmp include subtree && /usr/libexec/redirctl-test/badioctl dummyflt`);
    expect(r.code).toBe(0);
    const rep = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('=')));
    for (const k of ['unknown_7', 'unknown_tcgets', 'unknown_high', 'unknown_negative']) expect(rep[k], k).toBe('ENOTTY');
    for (const k of ['activate_null', 'activate_page0', 'activate_huge', 'activate_negative', 'deactivate_past_end',
      'setpath_null', 'paths_prepare_huge', 'deactivate_lying_len', 'setpath_lying_path_len', 'setpath_no_flags',
      'list_data_past_end', 'list_data_null', 'paths_data_past_end']) expect(rep[k], k).toBe('EFAULT');
    expect(rep).toMatchObject({
      deactivate_huge_len: 'ENAMETOOLONG', setpath_path_too_long: 'ENAMETOOLONG', deactivate_negative_len: 'EINVAL',
      deactivate_short_len: 'ENODEV', deactivate_unknown: 'ENODEV', setpath_flags_0: 'EINVAL', setpath_flags_both: 'EINVAL',
      setpath_flags_unknown: 'EINVAL', setpath_missing_path: 'ENOENT', list_data_unprepared: 'EINVAL',
      paths_data_unprepared: 'EINVAL', list_data_after_fault: 'ok', unchanged: '1', survived: '1',
    });
    const user = await sh(`${LOAD} && su user -c /usr/libexec/redirctl-test/badioctl`);
    expect(user.stdout).toBe('open=EACCES\n');
  });

  it('the host wrapper runs redirctl on a machine started with emu serve', async () => {
    const sock = path.join(os.tmpdir(), `urfs-redirctl-test-${process.pid}.sock`);
    const server = await serve(sock);
    try {
      expect((await node([cli, 'attach', '-s', sock, '-c', LOAD])).code).toBe(0);
      const list = await node([wrapper, '-s', sock, 'list']);
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(list.stdout).toMatch(/^dummyflt\s+999\s+active$/m);
      expect(await node([wrapper, '--socket', sock, 'setpath', 'dummyflt', '/tmp', 'include', 'subtree'])).toMatchObject({ code: 0 });
      const paths = await node([wrapper, `--socket=${sock}`, 'paths', 'dummyflt', '--json']);
      expect(JSON.parse(paths.stdout)).toEqual([{ id: 1, path: '/tmp', type: 'include', scope: 'subtree', flags: 6 }]);
      const user = await node([wrapper, '-s', sock, '-u', 'user', 'deactivate', 'dummyflt']);
      expect(user.code).toBe(1);
      expect(user.stderr).toBe('redirctl: dummyflt: permission denied (only root may use /dev/redirctl)\n');
    } finally {
      await server.stop();
    }
    const none = await node([wrapper, '-s', sock, 'list']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no machine is running on');
  });
});
