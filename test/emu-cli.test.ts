// End-to-end: the `emu` CLI run the way a person runs it (`emu -c 'COMMAND LINE'` from the repository
// root), checking what they would see: standard output, standard error and the exit status.
// `pnpm test` builds first (tsc -b), so the CLI runs the compiled machine.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { cli, emu, root, sh } from './lib/cli.js';

describe('emu -c', () => {
  it('writes a file and reads it back', async () => {
    const r = await sh('echo hello > /tmp/a && cat /tmp/a');
    expect(r).toMatchObject({ code: 0, stdout: 'hello\n' });
  });

  it('makes a character device by hand; writing to it (/dev/null\'s numbers) works; ls -l shows 1, 3', async () => {
    const r = await sh('mknod /tmp/n c 1 3 && echo x > /tmp/n && ls -l /tmp/n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^c[-rwx]{9}\S*\s.*\b1,\s*3\b.*\/tmp\/n$/m);
  });

  it('lists the mem driver in /proc/devices', async () => {
    const r = await sh('cat /proc/devices');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Character devices:');
    expect(r.stdout).toMatch(/^ {2}1 mem$/m);
  });

  it('refuses an unprivileged write to /root with "Permission denied" and a non-zero status', async () => {
    const r = await sh("su user -c 'echo x > /root/f'");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Permission denied');
  });

  it('insmod of a missing module fails and names it', async () => {
    const r = await sh('insmod nosuchmodule');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('nosuchmodule');
  });

  it('a background sleep shows in ps, and the machine shuts down without waiting for it', async () => {
    const r = await sh('sleep 30 & ps');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\bsleep\b/);
    expect(r.ms).toBeLessThan(10000);
  });

  it('an unknown command is "command not found", status 127', async () => {
    const r = await sh('nope');
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('sh: nope: command not found');
  });

  it('cat of a missing file says why, status 1', async () => {
    const r = await sh('cat /nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cat: /nope: No such file or directory');
  });

  it('exits with the status of the command line', async () => {
    expect((await sh('true')).code).toBe(0);
    expect((await sh('false')).code).toBe(1);
  });

  it('clamps a far-future and a far-past time to what rootfs holds; stat and ls report it', async () => {
    const r = await sh('touch /tmp/t && touch -d @10000000000000 /tmp/t && stat -c "%X %Y" /tmp/t && ls -l /tmp/t && ' +
      'touch -d @-4611686018427387904 /tmp/t && stat -c "%X %Y" /tmp/t && stat /tmp/t | grep Modify && ' +
      'touch -d @-4611686018427387904 /dev/null && stat -c %X /dev/null');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('8640000000000 8640000000000\n-rw-r--r-- 1 root root 0 Sep 13  275760 /tmp/t\n' +
      '-8640000000000 -8640000000000\nModify: -271821-04-20 00:00:00.000000000 +0000\n-4611686018427387904\n');
  });

  it('runs the kernel test programs: bad pointers are EFAULT and the process survives', async () => {
    const r = await sh('/usr/libexec/emu-test/badptr');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read_null=EFAULT\n');
    expect(r.stdout).toContain('sys_999=ENOSYS\n');
    expect(r.stdout).toContain('survived=1\n');
  });
});

describe('emu usage errors', () => {
  it('an unknown option is a usage error on stderr with a non-zero status', async () => {
    const r = await emu('--no-such-option');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown option/i);
  });

  it('keeps going when the reader of its output goes away (emu -c ... | head -1)', async () => {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', `"${process.execPath}" "${cli}" -c 'seq 1 20000' | head -1; echo "emu=\${PIPESTATUS[0]}"`],
        { cwd: root, encoding: 'utf8', timeout: 60000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }));
    });
    expect(r.stdout).toBe('1\nemu=0\n');
    expect(r.stderr).not.toMatch(/EPIPE/);
  });
});
