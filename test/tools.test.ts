// End-to-end: a shell script written the way Linux users write them (find | xargs grep | sed, an awk
// report, ${v%/*} in double quotes) run in the machine through `emu -c`, and `emu attach -- PROGRAM`
// finding the program by PATH, as the README shows it.
import { describe, it, expect } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { cli, node, serve, sh } from './lib/cli.js';

const SCRIPT = String.raw`
set -e
mkdir -p /etc/app/conf.d /etc/other
printf 'listen 80\nuser www\n' > /etc/app/main.conf
printf 'x-forwarded on\n' > /etc/app/conf.d/proxy.conf
printf 'nothing here\n' > /etc/other/empty.conf
printf 'x marks\n' > /etc/other/notes.txt
echo '== configs mentioning x'
find /etc -type f -name '*.conf' | sort | xargs grep -l x | sed 's/^/found: /'
echo '== users'
awk -F: 'BEGIN { printf "%-6s %6s %s\n", "NAME", "UID", "HOME" }
         $3 >= 0 { n++; printf "%-6s %6d %s\n", $1, $3, $6 }
         END { printf "%d accounts\n", n }' /etc/passwd
echo '== paths'
v=/a/b/c
echo "@{v%/*}" "@{v##*/}" "@{v#/*/}"
for f in $(find /etc/app -name '*.conf' | sort); do
  dir="@{f%/*}"; base="@{f##*/}"
  echo "$base in $dir" | sed -e 's/\.conf / /'
done
echo '== sizes'
find /etc/app -type f -exec wc -c {} + | awk '$2 != "total" { s += $1 } END { print "bytes:", s }'
seq 1 10 | xargs -n 5 echo | awk '{ print NR ": " $1 "-" $NF }'
`.replace(/@\{/g, '${'); // (@{ stands for ${, which the template literal would expand)

describe('the tools in a script', () => {
  it('runs a script using find, xargs, grep, sed, awk and ${v%/*} as on Linux', async () => {
    const r = await sh(SCRIPT);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      '== configs mentioning x',
      'found: /etc/app/conf.d/proxy.conf',
      '== users',
      'NAME      UID HOME',
      'root        0 /root',
      'user     1000 /home/user',
      'nobody  65534 /nonexistent',
      '3 accounts',
      '== paths',
      '/a/b c b/c',
      'proxy in /etc/app/conf.d',
      'main in /etc/app',
      '== sizes',
      'bytes: 34',
      '1: 1-5',
      '2: 6-10',
      '',
    ].join('\n'));
  });

  it('programs answer --help on stdout with status 0', async () => {
    for (const p of ['ls', 'sed', 'awk', 'find', 'xargs', 'dd', 'du', 'cut', 'grep', 'cat']) {
      const r = await sh(`${p} --help`);
      expect(r, p).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout, p).toMatch(new RegExp(`^Usage: ${p} `));
    }
  });
});

describe('emu attach', () => {
  it('finds a program by PATH: emu attach -- cat FILE', async () => {
    const sock = path.join(os.tmpdir(), `urfs-tools-attach-${process.pid}.sock`);
    const server = await serve(sock);
    try {
      expect(await node([cli, 'attach', '-s', sock, '--', 'cat', '/etc/hostname'])).toMatchObject({ code: 0, stdout: 'urfs\n', stderr: '' });
      expect(await node([cli, 'attach', '-s', sock, '--', 'sed', '-n', '1p', '/etc/passwd'])).toMatchObject({ code: 0, stdout: 'root:x:0:0:root:/root:/bin/sh\n' });
      expect(await node([cli, 'attach', '-s', sock, '--', 'insmod'])).toMatchObject({ code: expect.any(Number) });
      expect(await node([cli, 'attach', '-s', sock, '--', 'nope'])).toMatchObject({ code: 127, stderr: 'emu: nope: command not found\n' });
      expect(await node([cli, 'attach', '-s', sock, '--', '/bin/nope'])).toMatchObject({ code: 127, stderr: 'emu: /bin/nope: No such file or directory\n' });
    } finally {
      await server.stop();
    }
  });
});
