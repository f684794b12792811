// sed, awk, find, xargs, dd, du, df, cut -b, grep's POSIX expressions and several -e, /dev/std*, mknod's
// device numbers and every program's --help, run on a
// booted machine (programs run from dist/: build with `tsc -b`).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from '../host/machine.js';

const dec = new TextDecoder();
let m: Machine;
let out = '';
let err = '';

async function sh(cmd: string): Promise<{ code: number; out: string; err: string }> {
  out = '';
  err = '';
  const code = await m.sh(cmd);
  return { code, out, err };
}

beforeAll(async () => {
  m = await Machine.boot({ stdout: (d) => void (out += dec.decode(d)), stderr: (d) => void (err += dec.decode(d)) });
  await sh("printf 'root:x:0:0:root:/root:/bin/sh\\nuser:x:1000:1000:A User:/home/user:/bin/sh\\nnobody:x:65534:65534::/:/bin/false\\n' > /tmp/pw");
});
afterAll(async () => m.shutdown());

describe('sed', () => {
  it('substitutes with flags, -n and p, line and regex addresses, d', async () => {
    expect(await sh("seq 5 | sed -n '2,4p'")).toEqual({ code: 0, out: '2\n3\n4\n', err: '' });
    expect((await sh("echo aaa | sed 's/a/b/2'")).out).toBe('aba\n');
    expect((await sh("echo aaa | sed 's/a/b/g'")).out).toBe('bbb\n');
    expect((await sh("echo Hello | sed 's/hello/bye/I'")).out).toBe('bye\n');
    expect((await sh("seq 6 | sed '/3/,/5/d'")).out).toBe('1\n2\n6\n');
    expect((await sh("seq 3 | sed -n '$p'")).out).toBe('3\n');
    expect((await sh("seq 4 | sed '1~2d'")).out).toBe('2\n4\n');
    expect((await sh("seq 3 | sed -e 1d -e 's/$/!/'")).out).toBe('2!\n3!\n');
    expect((await sh("sed -n '/^user/s/:.*//p' /tmp/pw")).out).toBe('user\n');
    expect((await sh("echo 'a.b.c' | sed 's/\\./\\//g'")).out).toBe('a/b/c\n');
  });
  it('groups, back-references, & and -E', async () => {
    expect((await sh("echo 'john smith' | sed 's/\\([a-z]*\\) \\([a-z]*\\)/\\2, \\1/'")).out).toBe('smith, john\n');
    expect((await sh("echo 'john smith' | sed -E 's/(\\w+) (\\w+)/\\2 \\1/'")).out).toBe('smith john\n');
    expect((await sh("echo abc | sed 's/b/[&]/'")).out).toBe('a[b]c\n');
    expect((await sh("echo abc | sed 's/.*/\\U&/'")).out).toBe('ABC\n');
    expect((await sh("echo 'x  y' | sed 's/[[:space:]]\\{1,\\}/_/'")).out).toBe('x_y\n');
  });
  it('a i c, y, =, q, hold space and N', async () => {
    expect((await sh("seq 2 | sed '1a after\n2i before'")).out).toBe('1\nafter\nbefore\n2\n');
    expect((await sh("seq 3 | sed '2c\\\nchanged'")).out).toBe('1\nchanged\n3\n');
    expect((await sh("echo hello | sed 'y/lo/LO/'")).out).toBe('heLLO\n');
    expect((await sh("printf 'a\\nb\\n' | sed -n '$='")).out).toBe('2\n');
    expect((await sh("yes | sed 3q")).out).toBe('y\ny\ny\n');
    expect((await sh("seq 3 | sed -n '1!G;h;$p'")).out).toBe('3\n2\n1\n');
    expect((await sh("seq 4 | sed 'N;s/\\n/+/'")).out).toBe('1+2\n3+4\n');
    expect((await sh("seq 3 | sed ':a;N;$!ba;s/\\n/,/g'")).out).toBe('1,2,3\n');
    expect((await sh("seq 5 | sed '2q5'; echo $?")).out).toBe('1\n2\n5\n');
  });
  it('edits in place, keeps a missing last newline, and reports errors', async () => {
    expect((await sh("printf 'a\\nb\\n' > /tmp/ip; sed -i 's/b/B/' /tmp/ip; cat /tmp/ip")).out).toBe('a\nB\n');
    expect((await sh("printf 'x\\ny' | sed 's/y/z/'")).out).toBe('x\nz');
    expect(await sh("echo | sed 's/a/b'")).toEqual({ code: 1, out: '', err: "sed: -e expression #1, char 5: unterminated `s' command\n" });
    expect(await sh('sed -n p /nope')).toMatchObject({ code: 2, err: 'sed: /nope: No such file or directory\n' });
    expect(await sh('sed')).toMatchObject({ code: 2, err: expect.stringContaining('Usage: sed') });
    expect(await sh('sed -Z p')).toMatchObject({ code: 2, err: expect.stringContaining("invalid option -- 'Z'") });
  });
});

describe('awk', () => {
  it('fields, -F, patterns, BEGIN/END, printf and variables', async () => {
    const r = await sh(`awk -F: 'BEGIN { printf "%-8s %5s\\n", "USER", "UID" } $3 >= 1000 { n++; printf "%-8s %5d\\n", $1, $3 } END { print n " users" }' /tmp/pw`);
    expect(r).toEqual({ code: 0, out: 'USER       UID\nuser      1000\nnobody   65534\n2 users\n', err: '' });
    expect((await sh("echo 'a b c' | awk '{ print $2, NF, $NF }'")).out).toBe('b 3 c\n');
    expect((await sh("seq 10 | awk 'NR % 3 == 0'")).out).toBe('3\n6\n9\n');
    expect((await sh("seq 5 | awk '/2/,/4/ { s = s $0 } END { print s }'")).out).toBe('234\n');
    expect((await sh("awk -v x=5 'BEGIN { print x * 2 }'")).out).toBe('10\n');
    expect((await sh("echo '1,2' | awk -F, -v OFS=- '{ $1 = $1; print }'")).out).toBe('1-2\n');
    expect((await sh("printf 'b 2\\na 1\\nb 3\\n' | awk '{ t[$1] += $2 } END { for (k in t) print k, t[k] | \"sort\" }'")).out).toBe('a 1\nb 5\n');
  });
  it('string functions, arithmetic, comparisons, user functions and getline', async () => {
    expect((await sh(`awk 'BEGIN { s = "hello world"; n = split(s, w, " "); print n, w[2], length(s), substr(s, 1, 5), index(s, "o"), toupper(s) }'`)).out)
      .toBe('2 world 11 hello 5 HELLO WORLD\n');
    expect((await sh(`awk 'BEGIN { s = "aaa"; print gsub(/a/, "b", s), s; t = "x.y"; sub(/\\./, "-", t); print t; print match("foobar", /ob/), RSTART, RLENGTH }'`)).out)
      .toBe('3 bbb\nx-y\n3 3 2\n');
    expect((await sh(`awk 'BEGIN { print 7 / 2, 2 ^ 10, -7 % 3, int(-3.7), 1e3, 0.1 + 0.2 }'`)).out).toBe('3.5 1024 -1 -3 1000 0.3\n');
    expect((await sh(`echo '10 9' | awk '{ print ($1 > $2), ("10" > "9"), ($1 "" > $2 "") }'`)).out).toBe('1 0 0\n');
    expect((await sh(`awk 'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } BEGIN { print fact(10) }'`)).out).toBe('3628800\n');
    expect((await sh(`awk 'BEGIN { while ((getline l < "/tmp/pw") > 0) n++; print n; "echo hi" | getline x; print x }'`)).out).toBe('3\nhi\n');
    expect((await sh(`awk 'BEGIN { printf "%5.2f|%x|%c|%s\\n", 3.14159, 255, 65, "z" }'`)).out).toBe(' 3.14|ff|A|z\n');
    expect((await sh(`seq 3 | awk '{ print > "/tmp/awk.out" } END { close("/tmp/awk.out"); while ((getline l < "/tmp/awk.out") > 0) print "got " l }'`)).out)
      .toBe('got 1\ngot 2\ngot 3\n');
    expect((await sh(`awk 'BEGIN { exit 3 } END { print "end" }'; echo $?`)).out).toBe('end\n3\n');
  });
  it('reports syntax and run-time errors with status 2', async () => {
    expect(await sh("awk '{ print ( }'")).toMatchObject({ code: 2, err: expect.stringMatching(/^awk: syntax error at source line 1/) });
    expect(await sh("awk 'BEGIN { print 1 / 0 }'")).toMatchObject({ code: 2, err: 'awk: fatal: division by zero\n' });
    expect(await sh('awk')).toMatchObject({ code: 2, err: expect.stringContaining('Usage: awk') });
    expect(await sh("awk 1 /nope")).toMatchObject({ code: 2, err: 'awk: /nope: No such file or directory\n' });
  });
});

describe('find and xargs', () => {
  beforeAll(async () => {
    await sh('mkdir -p /srv/t/a/b /srv/t/c && echo x > /srv/t/a/one.conf && echo y > /srv/t/a/b/two.conf && echo zz > /srv/t/c/three.txt && ln -s a /srv/t/link');
  });
  it('walks trees with -name, -type, -maxdepth, operators and -print', async () => {
    expect((await sh("find /srv/t -name '*.conf' | sort")).out).toBe('/srv/t/a/b/two.conf\n/srv/t/a/one.conf\n');
    expect((await sh('find /srv/t -type d | sort')).out).toBe('/srv/t\n/srv/t/a\n/srv/t/a/b\n/srv/t/c\n');
    expect((await sh('find /srv/t -type l')).out).toBe('/srv/t/link\n');
    expect((await sh('find /srv/t -maxdepth 1 -type d | sort')).out).toBe('/srv/t\n/srv/t/a\n/srv/t/c\n');
    expect((await sh("find /srv/t -type f ! -name '*.conf'")).out).toBe('/srv/t/c/three.txt\n');
    expect((await sh("find /srv/t \\( -name one.conf -o -name three.txt \\) -print | sort")).out).toBe('/srv/t/a/one.conf\n/srv/t/c/three.txt\n');
    expect((await sh("find /srv/t -name a -prune -o -type f -print")).out).toBe('/srv/t/c/three.txt\n');
    expect((await sh("cd /srv/t/c && find . -type f -printf '%f %s %d\\n'")).out).toBe('three.txt 3 1\n');
  });
  it('-exec with ; and +, and errors', async () => {
    expect((await sh("find /srv/t/c -type f -exec cat {} \\;")).out).toBe('zz\n');
    expect((await sh("find /srv/t -name '*.conf' -exec echo files: {} + | tr ' ' '\\n' | sort")).out)
      .toBe('/srv/t/a/b/two.conf\n/srv/t/a/one.conf\nfiles:\n');
    expect(await sh('find /nope')).toMatchObject({ code: 1, err: "find: '/nope': No such file or directory\n" });
    expect(await sh('find /srv -bogus')).toMatchObject({ code: 1, err: "find: unknown predicate `-bogus'\n" });
    expect(await sh('find /srv -exec echo')).toMatchObject({ code: 1, err: "find: missing argument to `-exec'\n" });
  });
  it('xargs builds command lines: default echo, -n, -I, -0, -r, exit statuses', async () => {
    expect((await sh("printf 'a b\\nc\\n' | xargs")).out).toBe('a b c\n');
    expect((await sh("printf '1 2 3 4 5' | xargs -n 2 echo n:")).out).toBe('n: 1 2\nn: 3 4\nn: 5\n');
    expect((await sh("printf 'x\\ny z\\n' | xargs -I{} echo '<{}>'")).out).toBe('<x>\n<y z>\n');
    expect((await sh("printf 'a b\\0c\\0' | xargs -0 -n1 echo")).out).toBe('a b\nc\n');
    expect((await sh("printf '\"a b\" c' | xargs -n1")).out).toBe('a b\nc\n');
    expect((await sh(': | xargs echo ran; : | xargs -r echo ran')).out).toBe('ran\n');
    expect((await sh("find /srv/t -name '*.conf' | xargs grep -l x")).out).toBe('/srv/t/a/one.conf\n');
    expect((await sh('echo a | xargs false; echo $?')).out).toBe('123\n');
    expect(await sh('echo a | xargs nope')).toMatchObject({ code: 127, err: 'xargs: nope: No such file or directory\n' });
    expect(await sh("echo \"it's\" | xargs")).toMatchObject({ code: 1, err: expect.stringContaining('unmatched single quote') });
  });
});

describe('dd, du, cut -b, grep', () => {
  it('dd copies blocks with bs, count, skip, seek, conv and prints its statistics', async () => {
    const r = await sh('dd if=/dev/zero of=/tmp/z bs=1K count=3 && stat -c %s /tmp/z');
    expect(r.code).toBe(0);
    expect(r.out).toBe('3072\n');
    expect(r.err).toMatch(/^3\+0 records in\n3\+0 records out\n3072 bytes \(3\.1 kB, 3\.0 KiB\) copied, [\d.]+ s, .*\/s\n$/);
    expect((await sh('echo abcdefgh | dd bs=2 skip=1 count=2 status=none')).out).toBe('cdef');
    expect((await sh('printf 12345678 > /tmp/s; echo XY | dd of=/tmp/s bs=1 seek=2 count=2 conv=notrunc status=none; cat /tmp/s')).out).toBe('12XY5678');
    expect((await sh('echo abc | dd conv=ucase status=noxfer')).out).toBe('ABC\n');
    expect((await sh('echo abc | dd conv=ucase status=noxfer')).err).toBe('0+1 records in\n0+1 records out\n');
    expect(await sh('dd bs=0')).toMatchObject({ code: 1, err: "dd: invalid number: '0'\n" });
    expect(await sh('dd if=/nope')).toMatchObject({ code: 1, err: "dd: failed to open '/nope': No such file or directory\n" });
    expect(await sh('dd foo')).toMatchObject({ code: 1, err: expect.stringContaining("unrecognized operand 'foo'") });
    expect(await sh('dd of=/tmp/b bs=1G seek=1000 count=0 </dev/null')).toMatchObject({ code: 1,
      err: "dd: failed to truncate to 1073741824000 bytes in output file '/tmp/b': File too large\n" });
    expect(await sh('echo x | dd of=/dev/null bs=1 seek=3 status=none')).toMatchObject({ code: 0 });
  });
  it('du sums blocks of trees (-s, -a, -b, -h, -c, -d)', async () => {
    await sh('mkdir -p /srv/du/d && seq 1 3000 > /srv/du/big && echo x > /srv/du/d/s');
    expect((await sh('du /srv/du')).out).toBe('1\t/srv/du/d\n15\t/srv/du\n');
    expect((await sh('du -s /srv/du')).out).toBe('15\t/srv/du\n');
    expect((await sh('du -sb /srv/du')).out).toBe('13895\t/srv/du\n');
    expect((await sh('du -ah /srv/du')).out).toBe('14K\t/srv/du/big\n512\t/srv/du/d/s\n512\t/srv/du/d\n15K\t/srv/du\n');
    // A directory already counted under an earlier operand is not counted (or listed) again.
    expect((await sh('du -c -d 0 /srv/du /srv/du/d')).out).toBe('15\t/srv/du\n15\ttotal\n');
    expect((await sh('du -c /srv/du/d /srv/du/big')).out).toBe('1\t/srv/du/d\n14\t/srv/du/big\n15\ttotal\n');
    expect(await sh('du /nope')).toMatchObject({ code: 1, err: "du: cannot access '/nope': No such file or directory\n" });
  });
  it('cut -b selects bytes, -c characters', async () => {
    expect((await sh("echo abcdef | cut -b 2-4,6")).out).toBe('bcdf\n');
    expect((await sh("printf 'h\\303\\251llo\\n' | cut -b 1-3 | od -c 2>/dev/null || printf 'h\\303\\251llo\\n' | cut -b 2,3 | hexdump -C")).out)
      .toContain('c3 a9 0a');
    expect((await sh("printf 'h\\303\\251llo\\n' | cut -c 1-3")).out).toBe('hél\n');
    expect(await sh('echo x | cut -b 1 -c 1')).toMatchObject({ code: 1, err: expect.stringContaining('only one type of list') });
  });
  it('grep takes POSIX basic and extended expressions', async () => {
    expect((await sh("printf 'ab\\na+b\\n(x)\\n' | grep 'a+b'")).out).toBe('a+b\n');
    expect((await sh("printf 'ab\\naab\\n' | grep -E '^a+b$'")).out).toBe('ab\naab\n');
    expect((await sh("printf 'x1\\ny\\n' | grep '[[:digit:]]'")).out).toBe('x1\n');
    expect((await sh("printf '(x)\\n' | grep '(x)'")).out).toBe('(x)\n');
    expect(await sh("echo a | grep 'a\\('")).toMatchObject({ code: 2, err: expect.stringContaining('unmatched') });
  });
});

describe('df, /dev/std*, device numbers, grep -e', () => {
  it('df shows rootfs\'s size and use, -h, -T, -a, a FILE\'s file system and a missing one', async () => {
    const before = await sh('df /');
    expect(before.code).toBe(0);
    expect(before.out).toMatch(/^Filesystem +1K-blocks +Used +Available +Use% Mounted on\nrootfs +262144 +\d+ +\d+ +\d+% \/\n$/);
    const used = (o: string) => Number(o.split('\n')[1].trim().split(/ +/)[2]);
    await sh('dd if=/dev/zero of=/tmp/df-big bs=1024 count=1024 status=none');
    expect(used((await sh('df /tmp/df-big')).out) - used(before.out)).toBe(1024);
    expect((await sh('df -h /')).out).toMatch(/^Filesystem +Size +Used +Avail +Use% Mounted on\nrootfs +256M /);
    expect((await sh('df -aT')).out).toMatch(/\nproc +proc +0 +0 +0 +- \/proc\n/);
    expect((await sh('df')).out).not.toContain('/proc');
    expect(await sh('df /nope')).toMatchObject({ code: 1, err: "df: /nope: No such file or directory\n" });
    await sh('rm /tmp/df-big');
  });
  it('/dev/stdin, /dev/stdout, /dev/stderr and /dev/fd are the caller\'s own descriptors, pipes included', async () => {
    expect((await sh('readlink /dev/stdin /dev/stdout /dev/stderr /dev/fd')).out)
      .toBe('/proc/self/fd/0\n/proc/self/fd/1\n/proc/self/fd/2\n/proc/self/fd\n');
    expect((await sh('echo piped | cat /dev/stdin')).out).toBe('piped\n');
    expect((await sh('echo redirected > /tmp/sin; cat /dev/stdin < /tmp/sin')).out).toBe('redirected\n');
    expect(await sh('echo out > /dev/stdout; echo err > /dev/stderr')).toEqual({ code: 0, out: 'out\n', err: 'err\n' });
    expect((await sh('echo to-a-pipe > /dev/stdout | cat')).out).toBe('to-a-pipe\n');
    expect((await sh('ls -l /tmp/sin | cut -c1')).out).toBe('-\n');
    expect((await sh('echo x | cat /dev/fd/0')).out).toBe('x\n');
  });
  it('mknod\'s MAJOR MINOR read back as given, beyond 8 bits of minor too', async () => {
    expect((await sh('mknod /tmp/c1 c 1 2 && stat -c "%t %T" /tmp/c1 && ls -l /tmp/c1 | cut -d" " -f5,6')).out).toBe('1 2\n1, 2\n');
    expect((await sh('mknod /tmp/c2 c 300 70000 && stat -c "%t %T" /tmp/c2')).out).toBe('12c 11170\n');
    await sh('rm /tmp/c1 /tmp/c2');
  });
  it('grep takes several -e patterns, and a pattern of several lines', async () => {
    expect((await sh("printf 'a\\nb\\nc\\n' | grep -e a -e c")).out).toBe('a\nc\n');
    expect((await sh("printf 'a\\nb\\nc\\n' | grep -v -e a -e c")).out).toBe('b\n');
    expect((await sh("printf 'a\\nb\\nc\\n' | grep -c \"$(printf 'a\\nb')\"")).out).toBe('2\n');
  });
});

describe('--help', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const progs = fs.readdirSync(here).filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f)).map((f) => f.slice(0, -3));
  it('every program in /bin answers --help with its usage on stdout and status 0 (false: 1, as GNU)', async () => {
    expect(progs.length).toBeGreaterThan(50);
    // test(1) is the exception POSIX makes: "test --help" tests the string --help ([ --help prints the usage).
    expect(await sh('test --help')).toEqual({ code: 0, out: '', err: '' });
    for (const p of progs.filter((x) => x !== 'test')) {
      const r = await sh(`/bin/${p === '[' ? '\\[' : p} --help`);
      expect(r.out, p).toMatch(/^Usage: /);
      expect(r.err, p).toBe('');
      expect(r.code, p).toBe(p === 'false' ? 1 : 0);
    }
  });
  it('echo and printf print --help among other arguments, as GNU does', async () => {
    expect((await sh('/bin/echo a --help')).out).toBe('a --help\n');
    expect((await sh('ls --help')).out).toMatch(/^Usage: ls /);
  });
});
