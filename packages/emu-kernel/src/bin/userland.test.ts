// The shell and the utilities, run on a booted machine (programs run from dist/: build with `tsc -b`).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Machine } from '../host/machine.js';

const USER = { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] };
const dec = new TextDecoder();
let m: Machine;
let out = '';
let err = '';

async function boot(): Promise<void> {
  m = await Machine.boot({ stdout: (d) => void (out += dec.decode(d)), stderr: (d) => void (err += dec.decode(d)) });
}
async function sh(cmd: string, user = false): Promise<{ code: number; out: string; err: string }> {
  out = '';
  err = '';
  const code = await m.sh(cmd, user ? { cred: USER, cwd: '/home/user' } : {});
  return { code, out, err };
}

describe('sh', () => {
  beforeAll(boot);
  afterAll(async () => m.shutdown());

  it('redirects output and chains with && (echo hello > /tmp/a && cat /tmp/a)', async () => {
    expect(await sh('echo hello > /tmp/a && cat /tmp/a')).toEqual({ code: 0, out: 'hello\n', err: '' });
  });

  it('reports unknown commands and failed redirections like bash', async () => {
    expect(await sh('nope')).toEqual({ code: 127, out: '', err: 'sh: nope: command not found\n' });
    expect(await sh('echo x > /nope/f')).toMatchObject({ code: 1, err: 'sh: /nope/f: No such file or directory\n' });
    expect(await sh('cat /nope')).toMatchObject({ code: 1, err: 'cat: /nope: No such file or directory\n' });
    expect(await sh('/tmp')).toMatchObject({ code: 126, err: 'sh: /tmp: Is a directory\n' });
    expect(await sh('echo x > /proc/version')).toMatchObject({ code: 1, err: 'sh: echo: write error: Input/output error\n' });
  });

  it('appends from 16 background jobs at once: every O_CREAT open of the one name succeeds', async () => {
    const r = await sh('rm -f /tmp/many; for i in $(seq 16); do (echo $i >> /tmp/many) & done; wait; wc -l < /tmp/many');
    expect(r).toEqual({ code: 0, out: '16\n', err: '' });
  });

  it('runs pipelines and and-or lists', async () => {
    expect(await sh('echo a | cat | cat; false || echo ok; true && echo yes')).toMatchObject({ code: 0, out: 'a\nok\nyes\n' });
    expect((await sh('echo a | false')).code).toBe(1);
    expect((await sh('false | true')).code).toBe(0);
    expect(await sh('! true; echo $?')).toMatchObject({ out: '1\n' });
    expect(await sh('yes | head -n 2')).toMatchObject({ code: 0, out: 'y\ny\n' });
  });

  it('expands variables and quotes', async () => {
    expect((await sh(`x=5; echo $x \${x}y "$x" '$x'`)).out).toBe('5 5y 5 $x\n');
    expect((await sh('a="1  2"; echo $a; echo "$a"; echo ${nope:-dflt} ${#a}')).out).toBe('1 2\n1  2\ndflt 4\n');
    expect((await sh('echo $(echo sub) `echo back` $((6 * 7))')).out).toBe('sub back 42\n');
    expect((await sh('set -- a "b c"; for i in "$@"; do echo "[$i]"; done; echo $#')).out).toBe('[a]\n[b c]\n2\n');
    expect((await sh('echo "a\\"b" \\$x \'q"\'')).out).toBe('a"b $x q"\n');
  });

  it('passes exported variables to commands, prefix assignments to one command only', async () => {
    expect((await sh('export A=1; B=2 env | grep "^[AB]="; echo "B=$B"')).out).toBe('A=1\nB=2\nB=\n');
  });

  it('runs subshells as child shells that see the variables', async () => {
    expect(await sh('(echo sub; echo shell) > /tmp/s; cat /tmp/s')).toMatchObject({ code: 0, out: 'sub\nshell\n' });
    expect((await sh('x=in; (echo $x; x=changed); echo $x')).out).toBe('in\nin\n');
    expect((await sh('(exit 7); echo $?')).out).toBe('7\n');
  });

  it('shows the parent shell\'s pid as $$ in subshells, pipelines and background jobs, not in sh -c', async () => {
    const r = await sh('echo $$; (echo $$); echo $$ | cat; f() { echo $$; }; f & wait; sh -c \'echo $$\'; env | grep -c SUBSHELL');
    const [top, sub, pipe, bg, own, leaked] = r.out.trim().split('\n');
    expect([sub, pipe, bg]).toEqual([top, top, top]);
    expect(own).not.toBe(top);
    expect(leaked).toBe('0');
  });

  it('handles descriptor redirections', async () => {
    expect(await sh('echo to-err >&2')).toMatchObject({ out: '', err: 'to-err\n' });
    expect(await sh('cat /nope 2>/tmp/e; cat /tmp/e')).toMatchObject({ out: 'cat: /nope: No such file or directory\n', err: '' });
    expect(await sh('cat /nope > /tmp/o 2>&1; cat /tmp/o')).toMatchObject({ out: 'cat: /nope: No such file or directory\n' });
    expect((await sh('echo 1 > /tmp/ap; echo 2 >> /tmp/ap; cat < /tmp/ap')).out).toBe('1\n2\n');
    expect((await sh('exec 3>/tmp/fd3; echo three >&3; cat /tmp/fd3')).out).toBe('three\n');
    expect((await sh('cat <<EOF\nhere $((1+1))\nEOF')).out).toBe('here 2\n');
  });

  it('supports compound commands and functions', async () => {
    const r = await sh([
      'i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i',
      'for f in a b; do echo $f; done',
      'if [ -d /tmp ]; then echo dir; elif true; then echo no; else echo no; fi',
      'case x.txt in *.c) echo c;; *.txt) echo txt;; esac',
      'add() { echo $(($1 + $2)); return 4; }; add 2 3; echo $?',
      'for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done',
      '{ echo g1; echo g2; } | wc -l',
    ].join('\n'));
    expect(r.out).toBe('3\na\nb\ndir\ntxt\n5\n4\n1\n3\n2\n');
  });

  it('reports syntax errors with status 2', async () => {
    expect(await sh('echo a; )')).toMatchObject({ code: 2, out: '', err: "sh: syntax error near unexpected token `)'\n" });
    expect(await sh('if true; then')).toMatchObject({ code: 2, err: 'sh: syntax error: unexpected end of file\n' });
  });

  it('exits with the status of the last command or of exit', async () => {
    expect((await sh('false')).code).toBe(1);
    expect((await sh('exit 3; echo no')).code).toBe(3);
    expect((await sh('set -e; false; echo no')).code).toBe(1);
  });

  it('runs background jobs without waiting for them, and wait collects them', async () => {
    const t0 = Date.now();
    expect(await sh('sleep 30 & echo started')).toMatchObject({ code: 0, out: 'started\n' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await sh('sleep 0.1 & p=$!; wait $p; echo "waited $?"; (exit 4) & wait $!; echo $?')).out).toBe('waited 0\n4\n');
  });

  it('reports a foreground child killed by a signal with 128+N and its description', async () => {
    expect(await sh('sh -c "kill -9 \\$\\$"; echo $?')).toMatchObject({ out: '137\n', err: 'Killed\n' });
    expect(await sh('sh -c "kill -INT \\$\\$"; echo $?')).toMatchObject({ out: '130\n', err: '' });
  });

  it('enforces permissions through su', async () => {
    expect(await sh("su user -c 'echo x > /root/f'")).toMatchObject({ code: 1, err: 'sh: /root/f: Permission denied\n' });
    expect(await sh("su user -c 'id -u; whoami'")).toMatchObject({ code: 0, out: '1000\nuser\n' });
    expect(await sh('su', true)).toMatchObject({ code: 1, err: 'su: Authentication failure\n' });
    expect(await sh('su nope')).toMatchObject({ code: 1, err: 'su: user nope does not exist\n' });
  });

  it('runs scripts, and commands from standard input', async () => {
    await sh('printf "echo script \\$1 \\$#\\nexit 6\\n" > /tmp/s.sh');
    expect(await sh('sh /tmp/s.sh arg; echo $?')).toMatchObject({ out: 'script arg 1\n6\n' });
    expect(await sh('echo "echo from-stdin; echo \\$((2+3))" | sh')).toMatchObject({ out: 'from-stdin\n5\n' });
    expect(await sh('sh /nope.sh')).toMatchObject({ code: 127, err: 'sh: /nope.sh: No such file or directory\n' });
  });

  it('builtins: cd, pwd, export, unset, read, eval, command -v', async () => {
    expect((await sh('cd /tmp && pwd && cd - >/dev/null && pwd')).out).toBe('/tmp\n/\n');
    expect(await sh('cd /nope')).toMatchObject({ code: 1, err: 'sh: cd: /nope: No such file or directory\n' });
    expect((await sh('x=1; unset x; echo "[$x]"')).out).toBe('[]\n');
    expect((await sh('echo "a b c" | { read x y; echo "$y-$x"; }')).out).toBe('b c-a\n');
    expect((await sh('eval "echo \\$((1+2))"; command -v ls cd')).out).toBe('3\n/bin/ls\ncd\n');
  });
});

describe('utilities', () => {
  beforeAll(boot);
  afterAll(async () => m.shutdown());

  it('mknod makes device nodes that ls -l and stat describe', async () => {
    const r = await sh('mknod /tmp/n c 1 3 && echo x > /tmp/n && ls -l /tmp/n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^crw-r--r-- 1 root root 1, 3 \w{3} [ \d]\d \d\d:\d\d \/tmp\/n\n$/);
    expect((await sh('stat /tmp/n')).out).toMatch(/character special file\n.*Device type: 1,3\n/);
    expect((await sh('stat -c "%n %s %a %A %u %g %U %G %F %h %t %T" /tmp/n')).out)
      .toBe('/tmp/n 0 644 crw-r--r-- 0 0 root root character special file 1 1 3\n');
    expect((await sh('mknod -m 600 /tmp/p p && stat -c "%A %F" /tmp/p')).out).toBe('prw------- fifo\n');
    expect(await sh('mknod /tmp/bad c 1')).toMatchObject({ code: 1 });
  });

  it('ls lists directories, files, symlinks and inodes', async () => {
    await sh('mkdir -p /tmp/ls/d && touch /tmp/ls/b /tmp/ls/.h && ln -s b /tmp/ls/l');
    expect((await sh('ls /tmp/ls | cat')).out).toBe('b\nd\nl\n');
    expect((await sh('ls -a /tmp/ls | cat')).out).toBe('.\n..\n.h\nb\nd\nl\n');
    expect((await sh('ls -l /tmp/ls/l')).out).toMatch(/^lrwxrwxrwx 1 root root \d+ .* \/tmp\/ls\/l -> b\n$/);
    expect((await sh('ls -ld /tmp/ls')).out).toMatch(/^drwxr-xr-x \d+ root root \d+ .* \/tmp\/ls\n$/);
    expect((await sh('ls -ln /home/user')).out).toBe('total 0\n');
    expect((await sh('ls -i1 /tmp/ls/b')).out).toMatch(/^\d+ \/tmp\/ls\/b\n$/);
    expect(await sh('ls /nope')).toMatchObject({ code: 1, err: 'ls: /nope: No such file or directory\n' });
    // The directory stays open while ls looks at its entries, so its own descriptor lists without error.
    const fds = await sh('ls -l /proc/self/fd');
    expect(fds).toMatchObject({ code: 0, err: '' });
    expect(fds.out).toMatch(/ 3 -> \/proc\/\d+\/fd\n$/);
  });

  it('mkdir, rmdir, rm, mv, cp, ln, touch', async () => {
    expect((await sh('mkdir -m 700 /tmp/m && stat -c %a /tmp/m && mkdir -p /tmp/m/a/b && rmdir /tmp/m/a/b')).out).toBe('700\n');
    expect(await sh('mkdir /tmp/m')).toMatchObject({ code: 1, err: 'mkdir: /tmp/m: File exists\n' });
    expect(await sh('rm /tmp/m')).toMatchObject({ code: 1, err: 'rm: /tmp/m: Is a directory\n' });
    expect(await sh('rmdir /tmp/m')).toMatchObject({ code: 1, err: 'rmdir: /tmp/m: Directory not empty\n' });
    expect((await sh('rm -r /tmp/m && ls /tmp/m; rm -f /tmp/none; echo $?')).out).toBe('0\n');
    expect((await sh('echo data > /tmp/c1; cp /tmp/c1 /tmp/c2; mv /tmp/c2 /tmp/c3; cat /tmp/c3; ls /tmp/c2')).out).toBe('data\n');
    expect((await sh('mkdir /tmp/cd; cp /tmp/c1 /tmp/c3 /tmp/cd; ls /tmp/cd | cat; cp -r /tmp/cd /tmp/ce; ls /tmp/ce | cat')).out)
      .toBe('c1\nc3\nc1\nc3\n');
    expect((await sh('ln /tmp/c1 /tmp/hard; stat -c %h /tmp/c1; ln -s /tmp/c1 /tmp/sym; cat /tmp/sym; readlink /tmp/sym')).out)
      .toBe('2\ndata\n/tmp/c1\n');
    expect((await sh('touch /tmp/t1; stat -c %s /tmp/t1')).out).toBe('0\n');
  });

  it('touch sets the times of existing files (utimensat): both, -a, -m; needs write access or ownership', async () => {
    // Times are whole seconds in stat; sleep past a second boundary between steps.
    const r = await sh('echo x > /tmp/tt; stat -c "%Y %X" /tmp/tt; sleep 1.1; touch -a /tmp/tt; stat -c "%Y %X" /tmp/tt; ' +
      'sleep 1.1; touch -m /tmp/tt; stat -c "%Y %X" /tmp/tt; sleep 1.1; touch /tmp/tt; stat -c "%Y %X" /tmp/tt');
    const [t0, t1, t2, t3] = r.out.trim().split('\n').map((l) => l.split(' ').map(Number));
    expect(t1[0]).toBe(t0[0]);
    expect(t1[1]).toBeGreaterThan(t0[1]);
    expect(t2[0]).toBeGreaterThan(t1[0]);
    expect(t2[1]).toBe(t1[1]);
    expect(t3[0]).toBeGreaterThan(t2[0]);
    expect(t3[1]).toBeGreaterThan(t2[1]);
    expect(await sh('chmod 644 /tmp/tt; su user -c "touch /tmp/tt"')).toMatchObject({ code: 1, err: 'touch: /tmp/tt: Permission denied\n' });
    expect((await sh('chmod 666 /tmp/tt; su user -c "touch /tmp/tt"; echo $?; touch -c /tmp/none; ls /tmp/none 2>&1')).out)
      .toBe('0\nls: /tmp/none: No such file or directory\n');
  }, 20_000);

  it('chmod (octal, symbolic, -R) and chown (names and numbers)', async () => {
    await sh('touch /tmp/cm');
    expect((await sh('chmod 600 /tmp/cm; stat -c %a /tmp/cm; chmod u+x,go+r /tmp/cm; stat -c %a /tmp/cm; chmod a=r /tmp/cm; stat -c %A /tmp/cm')).out)
      .toBe('600\n744\n-r--r--r--\n');
    expect((await sh('mkdir -p /tmp/rr/x; chmod -R 700 /tmp/rr; stat -c %a /tmp/rr/x')).out).toBe('700\n');
    expect((await sh('chown user:user /tmp/cm; stat -c "%U %G" /tmp/cm; chown 0:1000 /tmp/cm; stat -c "%u %g" /tmp/cm')).out)
      .toBe('user user\n0 1000\n');
    expect(await sh('chown nosuchuser /tmp/cm')).toMatchObject({ code: 1, err: "chown: invalid user: 'nosuchuser'\n" });
    // nobody (65534) is a user, as on Linux.
    expect((await sh('chown nobody:nogroup /tmp/cm; stat -c "%U %G %u" /tmp/cm')).out).toBe('nobody nogroup 65534\n');
    expect(await sh('chmod 644 /root', true)).toMatchObject({ code: 1, err: 'chmod: /root: Operation not permitted\n' });
  });

  it('hexdump prints canonical and word formats', async () => {
    await sh("printf '\\206V\\306\\306\\366\\240' > /tmp/h");
    expect((await sh('hexdump -C /tmp/h')).out).toBe('00000000  86 56 c6 c6 f6 a0                                 |.V....|\n00000006\n');
    expect((await sh('hexdump /tmp/h')).out).toBe('0000000 5686 c6c6 a0f6\n0000006\n');
    expect((await sh('printf "0123456789abcdefXYZ" | hexdump -C')).out).toBe(
      '00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n' +
      '00000010  58 59 5a                                          |XYZ|\n00000013\n');
    expect((await sh('head -c 64 /dev/zero | hexdump -C')).out).toBe(
      '00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000040\n');
  });

  it('head, tail, wc, grep, seq', async () => {
    expect((await sh('seq 10 | head -n 3')).out).toBe('1\n2\n3\n');
    expect((await sh('seq 10 | tail -n 2; seq 5 | tail -n +4')).out).toBe('9\n10\n4\n5\n');
    expect((await sh('seq 3 | wc -l; printf "a b\\nc\\n" | wc')).out).toBe('3\n      2       3       6\n');
    expect((await sh('printf "apple\\nBanana\\ncherry\\n" > /tmp/g; grep an /tmp/g; grep -i b /tmp/g; grep -c a /tmp/g; grep -v a /tmp/g')).out)
      .toBe('Banana\nBanana\n2\ncherry\n');
    expect((await sh('grep -q zzz /tmp/g; echo $?; grep -n "^c" /tmp/g')).out).toBe('1\n3:cherry\n');
    expect((await sh('seq 2 2 6; seq -s , 3')).out).toBe('2\n4\n6\n1,2,3\n');
  });

  it('test and [', async () => {
    expect((await sh('[ -c /dev/null ] && [ -d /tmp ] && [ ! -e /nope ] && test -z "" && [ 3 -gt 2 ] && [ a != b ] && echo ok')).out).toBe('ok\n');
    expect((await sh('/bin/[ -f /etc/passwd ]; echo $?; /bin/test 1 -eq 2; echo $?')).out).toBe('0\n1\n');
    expect(await sh('[ a -eq 1 ]')).toMatchObject({ code: 2, err: 'sh: [: a: integer expression expected\n' });
  });

  it('id, whoami, uname, env, pwd, basename, dirname', async () => {
    expect((await sh('id; whoami')).out).toBe('uid=0(root) gid=0(root) groups=0(root)\nroot\n');
    expect((await sh('id', true)).out).toBe('uid=1000(user) gid=1000(user) groups=1000(user)\n');
    expect((await sh('uname; uname -r; uname -n; uname -m')).out).toBe('Linux\n6.1.0-urfs\nurfs\nx86_64\n');
    expect((await sh('uname -a')).out).toMatch(/^Linux urfs 6\.1\.0-urfs .* x86_64 GNU\/Linux\n$/);
    expect((await sh('env -i A=1 /bin/env')).out).toBe('A=1\n');
    expect((await sh('cd /etc; /bin/pwd; basename /a/b.txt .txt; dirname /a/b/c')).out).toBe('/etc\nb\n/a/b\n');
  });

  it('kill and sleep', async () => {
    expect(await sh('sleep 20 & kill $!; wait $!; echo $?')).toMatchObject({ out: '143\n' });
    expect(await sh('/bin/kill -l 15; /bin/kill -s KILL 99999')).toMatchObject({ out: 'TERM\n', err: 'kill: (99999) - No such process\n' });
    expect(await sh('sleep x')).toMatchObject({ code: 1, err: "sleep: invalid time interval 'x'\n" });
  });

  it('printf, tee', async () => {
    expect((await sh('printf "%s=%03d %x|%-4s|\\n" a 7 255 b')).out).toBe('a=007 ff|b   |\n');
    expect((await sh('echo t | tee /tmp/tee1 >/dev/null; cat /tmp/tee1')).out).toBe('t\n');
  });

  it('mount attaches and umount detaches a file system; only root may', async () => {
    expect((await sh('mkdir /tmp/mnt; mount -t devtmpfs none /tmp/mnt && ls /tmp/mnt | grep -c "^null$"; umount /tmp/mnt; ls /tmp/mnt | wc -l')).out)
      .toBe('1\n0\n');
    expect(await sh('mount -t nope none /tmp/mnt')).toMatchObject({ code: 1, err: 'mount: /tmp/mnt: No such device\n' });
    expect(await sh('mount -t devtmpfs none /tmp', true)).toMatchObject({ code: 1, err: 'mount: /tmp: Operation not permitted\n' });
    expect(await sh('umount /tmp')).toMatchObject({ code: 1, err: 'umount: /tmp: Invalid argument\n' });
  });

  it('runs no program from a noexec mount (tracefs, a rootfs mounted -o noexec), even one made executable', async () => {
    expect(await sh('mkdir /tmp/nx && mount -t rootfs -o noexec none /tmp/nx && cp /bin/true /tmp/nx/t && /tmp/nx/t'))
      .toMatchObject({ code: 126, err: 'sh: /tmp/nx/t: Permission denied\n' });
    expect(await sh('chmod +x /sys/kernel/tracing/trace_pipe && /sys/kernel/tracing/trace_pipe'))
      .toMatchObject({ code: 126, err: 'sh: /sys/kernel/tracing/trace_pipe: Permission denied\n' });
    expect((await sh('cp /bin/true /tmp/nx-t && /tmp/nx-t; echo $?')).out).toBe('0\n');
    await sh('chmod -x /sys/kernel/tracing/trace_pipe; umount /tmp/nx');
  });

  // These read /proc (procfs mounted at boot) and the kernel log (syslog(2)).
  it('mount without arguments prints /proc/mounts', async () => {
    expect((await sh('mount')).out).toMatch(/^proc \/proc proc /m);
  });

  it('ps lists processes from /proc', async () => {
    const r = await sh('sleep 30 & ps; ps -ef; kill $!');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^  PID TTY          TIME CMD\n/);
    expect(r.out).toMatch(/^ +\d+ \S+ +00:00:00 sleep$/m);
    expect(r.out).toMatch(/^ +\d+ \S+ +00:00:00 ps$/m);
    expect(r.out).toMatch(/^root +\d+ +\d+ .* sleep 30$/m);
    // Without -e, only the caller's own processes.
    const u = await sh("sleep 30 & su user -c 'ps'; kill $!");
    expect(u.out).toMatch(/^ +\d+ \S+ +00:00:00 ps$/m);
    expect(u.out).not.toMatch(/sleep$/m);
  });

  it('dmesg prints the kernel log; -c and -C clear it', async () => {
    expect((await sh('dmesg | head -n 1')).out).toMatch(/^\[ *\d+\.\d{6}\] Linux version /);
    expect((await sh('dmesg -c > /dev/null; dmesg -C; dmesg | wc -c')).out).toBe('0\n');
  });

  it('sort, uniq, cut, tr, mkfifo, which, date', async () => {
    expect((await sh('printf "b\\na\\nc\\na\\n" | sort | uniq -c; seq 10 | sort -rn | head -n 1')).out)
      .toBe('      2 a\n      1 b\n      1 c\n10\n');
    expect((await sh('echo x:y:z | cut -d: -f2-; echo hello | tr a-z A-Z; echo abc | cut -c2')).out).toBe('y:z\nHELLO\nb\n');
    expect((await sh('mkfifo /tmp/ff && stat -c %F /tmp/ff; which ls; date +%Y | wc -c')).out).toBe('fifo\n/bin/ls\n5\n');
  });

  it('sync succeeds', async () => {
    expect((await sh('sync')).code).toBe(0);
  });
});
