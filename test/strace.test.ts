// End-to-end: strace in the machine, as a person runs it. `strace cat FILE` prints strace's lines and then
// the file; `strace -f` of the README's main demo runs to its end with the filter's urfs messages and
// redirctl's ioctls decoded; -e, -o, -T, -c and -p do what strace's do. And the same small programs
// (`cat FILE`, `echo x > FILE`, `ls DIR`) traced by the host's real strace and by ours give the same lines
// for the calls both make, up to what differs by nature (buffer sizes, addresses, descriptor numbers, where
// a shell's descriptor juggling puts the write).
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sh, until } from './lib/cli.js';

const HOST_STRACE = '/usr/bin/strace';

describe('strace in the machine', () => {
  it('strace cat /etc/hostname: strace-shaped lines on stderr, then the file on stdout', async () => {
    const r = await sh('strace cat /etc/hostname');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('urfs\n');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^execve\("\/bin\/cat", \["cat", "\/etc\/hostname"\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = 0$/);
    expect(lines).toContain('openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3');
    expect(lines).toContainEqual(expect.stringMatching(/^read\(3, "urfs\\n", \d+\) +?= 5$/));
    expect(lines).toContain('write(1, "urfs\\n", 5)                   = 5');
    expect(lines).toContain('close(3)                                = 0');
    expect(lines.slice(-2)).toEqual(['exit_group(0)                           = ?', '+++ exited with 0 +++']);
  });

  it('errors as strace writes them, strings cut at 32 bytes, -e trace=SET, -o FILE and -T', async () => {
    const r = await sh('printf "0123456789abcdefghijklmnopqrstuvwxyz\\n" > /tmp/long; ' +
      'strace -e trace=openat,read -o /tmp/tr -T cat /nonexistent /tmp/long; cat /tmp/tr');
    expect(r.stdout).toContain('openat(AT_FDCWD, "/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory) <0.');
    expect(r.stdout).toMatch(/read\(3, "0123456789abcdefghijklmnopqrstuv"\.\.\., \d+\) = 37 <\d+\.\d{6}>/);
    expect(r.stdout).not.toMatch(/^write\(/m);
    expect(r.stdout).toContain('+++ exited with 1 +++');
  });

  it('-c prints the summary table instead of the calls; the exit status is the command\'s', async () => {
    const r = await sh('strace -c cat /nonexistent');
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    const head = lines.indexOf('% time     seconds  usecs/call     calls    errors syscall');
    expect(head).toBeGreaterThanOrEqual(0);
    expect(lines).toContainEqual(expect.stringMatching(/^ *\d+\.\d\d +\d+\.\d{6} +\d+ +1 +1 openat$/));
    expect(lines).toContainEqual(expect.stringMatching(/^100\.00 +\d+\.\d{6} +\d+ +\d+ +1 total$/));
    expect(r.stderr).not.toMatch(/^openat\(/m);
  });

  it('a signal as strace shows it, and a process killed by it', async () => {
    const r = await sh('strace sh -c \'kill -TERM $$\'');
    expect(r.stderr).toMatch(/^kill\(\d+, SIGTERM\) += 0$/m);
    expect(r.stderr).toMatch(/^--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=\d+, si_uid=0\} ---$/m);
    expect(r.stderr).toMatch(/^\+\+\+ killed by SIGTERM \+\+\+\n/m);
    // strace then ends by the same signal, so the shell reports the command's death.
    expect(r.code).toBe(128 + 15);
  });

  it('-p PID attaches to a running process and detaches when interrupted', async () => {
    const a = await sh(`sleep 30 & p=$!; strace -e trace=kill -p $p 2>/tmp/err & s=$!; ${until('grep -q attached /tmp/err', 'strace to attach')}; ` +
      'kill -INT $s; wait $s; cat /tmp/err; kill $p');
    expect(a.stdout).toMatch(/^strace: Process \d+ attached$/m);
    expect(a.stdout).toMatch(/^strace: Process \d+ detached$/m);
  });

  it('-p PID: a signal for the attached process shows, and its death by it', async () => {
    const r = await sh(`sleep 30 & p=$!; strace -p $p 2>/tmp/err & s=$!; ${until('grep -q attached /tmp/err', 'strace to attach')}; ` +
      'kill -TERM $p; wait $s; echo "strace=$?"; cat /tmp/err');
    expect(r.stdout).toMatch(/^--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=\d+, si_uid=0\} ---$/m);
    expect(r.stdout).toMatch(/^\+\+\+ killed by SIGTERM \+\+\+$/m);
    expect(r.stdout).toContain('strace=0');
  });

  it('a call that blocks shows at once; killed in it, it is unfinished', async () => {
    const r = await sh(`strace -o /tmp/t sleep 30 & s=$!; ${until('grep -q nanosleep /tmp/t', 'the sleep to show')}; ` +
      'kill -9 $(ps | awk "/ sleep\\$/ {print \\$1}"); wait $s; echo "strace=$?"; cat /tmp/t');
    expect(r.stdout).toContain('nanosleep({tv_sec=30, tv_nsec=0},  <unfinished ...>) = ?\n+++ killed by SIGKILL +++\n');
    expect(r.stdout).toContain('strace=137');
  });

  it('netlink as strace decodes it: nlmsghdr, the generic netlink header and attributes, families by name', async () => {
    const r = await sh('insmod genl_ex && strace -e trace=socket,sendmsg,recvmsg genl_user hello');
    expect(r.stderr).toContain('socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC) = 3');
    expect(r.stderr).toContain('[{nlmsg_len=40, nlmsg_type=nlctrl, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=1, nlmsg_pid=0}, ' +
      '{cmd=CTRL_CMD_GETFAMILY, version=1}, [[{nla_len=18, nla_type=CTRL_ATTR_FAMILY_NAME}, "CONTROL_EXMPL"]]]');
    expect(r.stderr).toMatch(/\{cmd=CTRL_CMD_NEWFAMILY, version=2\}, \[\[\{nla_len=6, nla_type=CTRL_ATTR_FAMILY_ID\}, \d+\]/);
    // Once the controller named the family, its messages carry the name.
    expect(r.stderr).toMatch(/^sendmsg\(3, \{msg_name=.*nlmsg_type=CONTROL_EXMPL, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=2/m);
    expect(r.stderr).toMatch(/"kernel echoes: hello\\0"/);
  });

  it('strace -f of the README demo runs to its end, with the filter\'s urfs messages and redirctl\'s ioctls decoded', async () => {
    const demo = 'insmod redirfs && insmod urfs && mkdir -p /tmp/scramble && scrambleflt -b /tmp/scramble && ' +
      'echo hello > /tmp/scramble/a && cat /tmp/scramble/a && redirctl list && redirctl deactivate scrambleflt && ' +
      'hexdump -C /tmp/scramble/a';
    // The filter runs on in the background (-b), and strace -f follows it to its end: the line stops it last.
    const stop = 'kill $(ps | awk "/scrambleflt/ {print \\$1}")';
    const r = await sh(`strace -f -o /tmp/trace sh -c '${demo} && ${stop}'; echo "strace=$?"; cat /tmp/trace`);
    expect(r.stdout).toContain('hello\n');
    expect(r.stdout).toContain('00000000  86 56 c6 c6 f6 a0');
    expect(r.stdout).toContain('strace=0');
    const t = r.stdout;
    expect(t).toMatch(/^\d+ +write\(\d+, \{cmd=URFS_CMD_FILTER_REGISTER, name="scrambleflt", priority=500, .*\}, 32\) += 32$/m);
    expect(t).toMatch(/^\d+ +write\(\d+, \{cmd=URFS_CMD_FILTER_SET_PATH, ufilter_id=\d+, path="\/tmp\/scramble", flags=6\}, 24\) += 24$/m);
    expect(t).toMatch(/^\d+ +read\(\d+, \{cmd=URFS_CMD_FILTER_ACTIVATE, kind=reply, err=0, .*\}, \d+\) += 40$/m);
    expect(t).toMatch(/ioctl\(\d+, URFS_IOC_SETUP, \{version=2, /);
    expect(t).toMatch(/=> \{answer_err=0, event=\{cmd=URFS_CMD_OP_EVENT, .*op_id=RFS_REG_FOP_(READ|WRITE), call=URFS_CALL_(PRE|POST), .*path="\/tmp\/scramble\/a"/);
    expect(t).toMatch(/ioctl\(\d+, REDIRCTL_CMD_GET_FILTERS_INFO_DATA, 0x[0-9a-f]+ => \[\{name="scrambleflt", priority=500, active=1\}\]\) += \d+/);
    expect(t).toMatch(/ioctl\(\d+, REDIRCTL_CMD_DEACTIVATE_FILTER, \{filter="scrambleflt"\}/);
    // With -o FILE every line starts with its pid, as strace -f writes a file.
    const lines = t.slice(t.indexOf('strace=0\n') + 'strace=0\n'.length).trimEnd().split('\n');
    expect(lines.every((l) => /^\d+ +\S/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^\d+ +\+\+\+ exited with 0 \+\+\+$/);
  }, 90000);
});

/** A trace's lines without pid prefixes, with one space before the result. */
function lines_of(trace: string): string[] {
  return trace.split('\n').filter(Boolean).map((l) => l.replace(/^(\[pid +\d+\] |\d+ +)/, '').replace(/\) +=/, ') ='));
}

interface CallLine { name: string; text: string }

/**
 * What a program does with the file under test: its open and the calls on the descriptor that open
 * returned, up to its close, in order; and, apart, the writes of data to stdout or to that descriptor (a
 * shell may move the descriptor to stdout first, so their place among the others differs by nature). The
 * descriptor numbers and buffer sizes are written as placeholders, and addresses as ADDR.
 */
function calls_on(trace: string, file: string): { calls: CallLine[]; writes: string[] } {
  const lines = lines_of(trace);
  const i = lines.findIndex((l) => l.startsWith(`openat(AT_FDCWD, "${file}"`));
  if (i < 0) return { calls: [], writes: [] };
  const fd = /= (\d+)$/.exec(lines[i])?.[1] ?? '';
  const norm = (l: string) => l.replace(/0x[0-9a-f]+/g, 'ADDR')
    .replace(/^(read|getdents64)\((\d+), (.*), \d+\) = /, '$1($2, $3, SIZE) = ')
    .replace(new RegExp(`^(\\w+)\\(${fd}([,)])`), '$1(FD$2')
    .replace(new RegExp(` = ${fd}$`), ' = FD');
  const calls: CallLine[] = [{ name: 'openat', text: norm(lines[i]) }];
  const writes: string[] = [];
  let open = true;
  for (const l of lines.slice(i + 1)) {
    const m = /^(\w+)\((\d+)[,)]/.exec(l);
    if (!m) continue;
    if (m[1] === 'write' && (m[2] === '1' || (open && m[2] === fd))) writes.push(norm(l.replace(/^write\(\d+, /, 'write(OUT, ')));
    else if (open && m[2] === fd) calls.push({ name: m[1], text: norm(l) });
    if (m[1] === 'close' && m[2] === fd) open = false;
  }
  return { calls, writes };
}

/** Both lists of calls reduced to the calls both make. */
function common(a: CallLine[], b: CallLine[]): [string[], string[]] {
  const names = new Set(a.map((c) => c.name).filter((n) => b.some((c) => c.name === n)));
  return [a.filter((c) => names.has(c.name)).map((c) => c.text), b.filter((c) => names.has(c.name)).map((c) => c.text)];
}

function host_trace(argv: string[], cwd: string): string {
  const out = path.join(cwd, 'trace');
  execFileSync(HOST_STRACE, ['-o', out, ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return fs.readFileSync(out, 'utf8');
}

describe('checked against the host\'s strace', () => {
  it('the host has strace (Debian\'s package; .ci/run installs it)', () => {
    if (!fs.existsSync(HOST_STRACE)) {
      throw new Error(`${HOST_STRACE} is missing: install it (apt-get install -y strace) to compare our strace with the real one`);
    }
  });

  // The same path on the host and in the machine; one per test process, so that parallel runs do not meet.
  const dir = `/tmp/urfs-strace-cmp-${process.pid}`;
  const cases: { what: string; host: string[]; ours: string; file: string; normalize?: (s: string) => string }[] = [
    { what: 'cat FILE', host: ['cat', `${dir}/a`], ours: `cat ${dir}/a`, file: `${dir}/a` },
    { what: 'echo x > FILE', host: ['sh', '-c', `echo x > ${dir}/b`], ours: `sh -c 'echo x > ${dir}/b'`, file: `${dir}/b` },
    // glibc's opendir adds O_NONBLOCK|O_CLOEXEC to the open; the rest of the open is compared.
    { what: 'ls DIR', host: ['ls', '-1', `${dir}/d`], ours: `ls -1 ${dir}/d`, file: `${dir}/d`,
      normalize: (s) => s.replace(/O_NONBLOCK\||O_CLOEXEC\|/g, '') },
  ];
  for (const c of cases) {
    it(`${c.what}: the same lines for the calls both make`, async () => {
      if (!fs.existsSync(HOST_STRACE)) throw new Error(`${HOST_STRACE} is missing (apt-get install -y strace)`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(`${dir}/d`, { recursive: true });
      fs.writeFileSync(`${dir}/a`, 'hello\n');
      fs.writeFileSync(`${dir}/d/x`, '');
      fs.writeFileSync(`${dir}/d/y`, '');
      const host = host_trace(c.host, os.tmpdir());
      const r = await sh(`mkdir -p ${dir}/d && echo hello > ${dir}/a && touch ${dir}/d/x ${dir}/d/y && ` +
        `strace -o /tmp/tr ${c.ours}; cat /tmp/tr`);
      fs.rmSync(dir, { recursive: true, force: true });
      const norm = c.normalize ?? ((s: string) => s);
      const hc = calls_on(norm(host), c.file), oc = calls_on(norm(r.stdout), c.file);
      const [h, o] = common(hc.calls, oc.calls);
      expect(h.length, `host trace:\n${host}`).toBeGreaterThanOrEqual(2);
      expect(o, `our trace:\n${r.stdout}`).toEqual(h);
      expect(hc.writes.length).toBeGreaterThanOrEqual(1);
      expect(oc.writes).toEqual(hc.writes);
    });
  }
});
