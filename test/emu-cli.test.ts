// End-to-end: the `emu` CLI run the way a person runs it (`emu -c 'COMMAND LINE'` from the repository
// root), checking what they would see: standard output, standard error and the exit status.
// `pnpm test` builds first (tsc -b), so the CLI runs the compiled machine.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, emu, env, root, serve, sh, RUN_TIMEOUT_MS } from './lib/cli.js';

/** Runs a bash script (with its own environment); resolves with its status and output. */
function bash(script: string, scriptEnv: NodeJS.ProcessEnv = env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: root, env: scriptEnv, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls until process `pid` is gone; false after `ms`. */
async function gone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** A file name of its own under the test run's TMPDIR. */
const scratch = (name: string): string => path.join(os.tmpdir(), `emu-cli-${process.pid}-${name}`);

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
    const r = await bash(`"${process.execPath}" "${cli}" -c 'seq 1 20000' | head -1; echo "emu=\${PIPESTATUS[0]}"`);
    expect(r.stdout).toBe('1\nemu=0\n');
    expect(r.stderr).not.toMatch(/EPIPE/);
  });
});

describe('a kernel fault fails the run', () => {
  const CRASH = 'insmod lkdtm && echo BUG > /sys/kernel/debug/provoke-crash/DIRECT; echo went on';

  it('the harness rejects a run whose machine faulted, with the report, though the command succeeded', async () => {
    await expect(sh(CRASH)).rejects.toThrow(
      /^kernel fault while running .*\nemu: 1 kernel fault, failing the run \(--fail-on-oops\):\nBUG: kernel fault in write: Error: kernel BUG at drivers\/misc\/lkdtm\n/);
    await expect(sh('insmod lkdtm && echo EXCEPTION > /sys/kernel/debug/provoke-crash/DIRECT'))
      .rejects.toThrow(/BUG: kernel fault in write: TypeError: Cannot read properties of null/);
  });

  const plain = { ...process.env, EMU_FAIL_ON_OOPS: undefined };
  const quoted = `"${process.execPath}" "${cli}"`;

  it('emu exits 70 with the reports under --fail-on-oops or EMU_FAIL_ON_OOPS=1', async () => {
    const flag = await bash(`${quoted} --fail-on-oops -c '${CRASH}'`, plain);
    expect(flag).toMatchObject({ code: 70, stdout: 'went on\n' });
    expect(flag.stderr).toMatch(/^emu: 1 kernel fault, failing the run \(--fail-on-oops\):\nBUG: kernel fault in write/m);
    expect((await bash(`${quoted} -c '${CRASH}'`)).code).toBe(70);
  });

  it('without them, emu exits with the command\'s status and the fault is only logged', async () => {
    const off = await bash(`${quoted} -c '${CRASH}'`, plain);
    expect(off).toMatchObject({ code: 0, stdout: 'went on\n' });
    expect(off.stderr).toContain('BUG: kernel fault in write');
    expect(off.stderr).not.toContain('failing the run');
  });

  it('/proc/sys/kernel/tainted starts at 0; a write can only add bits, and only root may write', async () => {
    const r = await sh('cat /proc/sys/kernel/tainted; echo 4 > /proc/sys/kernel/tainted; echo 0 > /proc/sys/kernel/tainted; ' +
      'cat /proc/sys/kernel/tainted; su user -c "echo 1 > /proc/sys/kernel/tainted"');
    expect(r).toMatchObject({ code: 1, stdout: '0\n4\n' });
    expect(r.stderr).toContain('Permission denied');
  });
});

describe('an emu whose parent is gone', () => {
  /** Starts `emu ARGS` from a bash that exits once `ready` (a shell test) holds; returns emu's pid. */
  async function orphan(args: string, ready: string): Promise<number> {
    const r = await bash(`"${process.execPath}" "${cli}" ${args} & echo $!; ` +
      `for i in $(seq 400); do ${ready} && exit 0; sleep 0.05; done; exit 1`);
    expect(r.code).toBe(0);
    return Number(r.stdout.trim());
  }

  it('emu -c shuts its machine down and exits when the process that started it dies', async () => {
    const out = scratch('orphan.out'), err = scratch('orphan.err');
    const pid = await orphan(`-c 'echo ready; sleep 30' > ${out} 2> ${err}`, `grep -q ready ${out}`);
    try {
      expect(await gone(pid, 15000)).toBe(true);
      expect(fs.readFileSync(err, 'utf8')).toContain('emu: the process that started emu is gone; shutting the machine down');
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      fs.rmSync(out, { force: true });
      fs.rmSync(err, { force: true });
    }
  });

  it('so does emu serve', async () => {
    const sock = scratch('orphan.sock');
    const pid = await orphan(`serve -s ${sock} 2> /dev/null`, `test -S ${sock}`);
    try {
      expect(await gone(pid, 15000)).toBe(true);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      fs.rmSync(sock, { force: true });
    }
  });

  it('and an emu attach client', async () => {
    const sock = scratch('attach.sock'), out = scratch('attach.out');
    const server = await serve(sock);
    try {
      const pid = await orphan(`attach -s ${sock} -c 'echo ready; sleep 30' > ${out} 2>&1`, `grep -q ready ${out}`);
      try {
        expect(await gone(pid, 15000)).toBe(true);
      } finally {
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
    } finally {
      await server.stop();
      fs.rmSync(out, { force: true });
    }
  });
});
