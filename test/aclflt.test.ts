// aclflt (demos/src/bin/aclflt.ts), extended access control on the declarative API, as an admin runs it:
// rules from a file, every modifying operation covered, denials and log rules logged, SIGHUP reloading,
// --check answering from the same rules, the filter killed or too slow (the policy refuses), a malformed rules
// file named with its line.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

const RULES = `printf '%s\\n' '# rules' 'deny write,create,unlink,rename,mkdir,setattr /srv/priv/** uid=1000' ` +
  `'log write /srv/pub/**' 'allow all /**' > /etc/aclflt.rules`;
const SETUP = 'insmod redirfs && insmod urfs && mkdir -p /srv/pub /srv/priv && chmod 777 /srv/pub /srv/priv && ' +
  `echo x > /srv/priv/f && chmod 666 /srv/priv/f && chown 1000 /srv/priv/f && ${RULES}`;
const PID = "$(ps | grep '[a]clflt' | cut -c1-5)";

describe('aclflt', () => {
  it('denies by rule what uid 1000 would change, logs what a log rule names, lets root and reads pass', async () => {
    const r = await sh(`${SETUP} && aclflt -b /srv && ` +
      `su user -c 'echo y > /srv/priv/f'; su user -c 'touch /srv/priv/new'; su user -c 'mkdir /srv/priv/d'; ` +
      `su user -c 'chmod 600 /srv/priv/f'; su user -c 'echo z > /srv/pub/a'; su user -c 'mv /srv/pub/a /srv/priv/b'; ` +
      `su user -c 'cat /srv/priv/f'; echo root > /srv/priv/f && cat /srv/priv/f`);
    expect(r.stdout).toMatch(/^aclflt: active on \/srv \(pid \d+\)$/m);
    for (const [op, path, prog] of [['write', '/srv/priv/f', 'sh'], ['create', '/srv/priv/new', 'touch'],
      ['mkdir', '/srv/priv/d', 'mkdir'], ['setattr', '/srv/priv/f', 'chmod'], ['rename', '/srv/priv/b', 'mv']]) {
      expect(r.stdout).toContain(`aclflt: deny ${op} ${path} by uid 1000 (${prog}): rule 2\n`);
    }
    expect(r.stdout).toContain('aclflt: log write /srv/pub/a by uid 1000 (sh): rule 3\n');
    expect(r.stdout).toMatch(/\nx\nroot\n$/);
    expect(r.stderr).toContain('touch: /srv/priv/new: Permission denied');
  });

  it('answers --check from the same rules, and reloads them on SIGHUP (keeping them when the file is bad)', async () => {
    const r = await sh(`${SETUP} && aclflt --check write /srv/priv/f --uid 1000 --prog sh; echo rc=$?; ` +
      'aclflt --check write /srv/priv/f; echo rc=$?; aclflt -b /srv > /tmp/acl.out && ' +
      `printf 'bogus\\n' > /etc/aclflt.rules && kill -HUP ${PID} && ` +
      `su user -c 'touch /srv/priv/n1'; printf 'allow all /**\\n' > /etc/aclflt.rules && ` +
      `kill -HUP ${PID} && ` +
      `${until("su user -c 'touch /srv/priv/n2' 2>/dev/null", 'the new rules to apply')} && ls /srv/priv`);
    expect(r.stdout).toMatch(/^deny: rule 2: deny write,create,unlink,rename,mkdir,setattr \/srv\/priv\/\*\* uid=1000\nrc=1\n/);
    expect(r.stdout).toMatch(/allow: rule 4: allow all \/\*\*\nrc=0\n/);
    expect(r.stderr).toContain('aclflt: reload failed, going on as before: /etc/aclflt.rules:1: a rule starts with allow, deny or log');
    expect(r.stderr).toContain('touch: /srv/priv/n1: Permission denied');
    expect(r.stdout).toMatch(/\nf\s+n2\n$/);
  });

  it('covers mknod, unlink, rmdir, symlink, truncation and both ends of link and rename', async () => {
    const r = await sh('insmod redirfs && insmod urfs && mkdir -p /srv/d/sub /srv/o && chmod -R 777 /srv && echo x > /srv/d/f && ' +
      `echo y > /srv/o/g && chmod 666 /srv/d/f /srv/o/g && printf '%s\\n' 'deny all /srv/d/** uid=1000' 'allow all /**' > /etc/aclflt.rules && ` +
      'aclflt -b /srv > /dev/null && ' +
      `for c in 'mknod /srv/d/p p' 'rm /srv/d/f' 'rmdir /srv/d/sub' 'ln -s /x /srv/d/s' 'ln /srv/d/f /srv/o/l' 'ln /srv/o/g /srv/d/l' ` +
      `'mv /srv/d/f /srv/o/m' 'mv /srv/o/g /srv/d/m' ': > /srv/d/f'; do su user -c "$c" 2> /dev/null || echo "denied: $c"; done; ` +
      'su user -c "mv /srv/o/g /srv/o/h" && cat /srv/d/f && ls /srv/d && ls /srv/o');
    expect(r.stdout).toBe(['mknod /srv/d/p p', 'rm /srv/d/f', 'rmdir /srv/d/sub', 'ln -s /x /srv/d/s', 'ln /srv/d/f /srv/o/l',
      'ln /srv/o/g /srv/d/l', 'mv /srv/d/f /srv/o/m', 'mv /srv/o/g /srv/d/m', ': > /srv/d/f'].map((c) => `denied: ${c}\n`).join('') +
      'x\nf  sub\nh\n');
  });

  it('killed, lets every operation through again and leaves no filter behind', async () => {
    const r = await sh(`${SETUP} && aclflt -b /srv > /dev/null && su user -c 'touch /srv/priv/a'; kill -9 ${PID} && ` +
      until('! ls /sys/fs/redirfs/filters/aclflt > /dev/null 2>&1', 'the filter to go') +
      ` && su user -c 'touch /srv/priv/a' && ls /srv/priv && redirctl list`);
    expect(r.stderr).toContain('touch: /srv/priv/a: Permission denied');
    expect(r.stdout).toMatch(/^a\s+f\n/);
    expect(r.stdout).not.toContain('aclflt');
  });

  it('too slow (20,000 rules against a 20 ms timeout): operations fail with EIO, the filter stays and, with fewer rules, serves', async () => {
    const r = await sh('insmod redirfs && insmod urfs timeout=20 && mkdir -p /srv/pub && chmod 777 /srv/pub && ' +
      `seq 20000 | awk '{print "deny write /nomatch/" $1 "/**"}' > /etc/aclflt.rules && echo 'allow all /**' >> /etc/aclflt.rules && ` +
      `aclflt -b /srv > /dev/null && su user -c 'echo a > /srv/pub/a'; echo rc=$?; grep timeouts /sys/kernel/debug/urfs/stats; ` +
      `redirctl list | grep aclflt; echo 'allow all /**' > /etc/aclflt.rules && kill -HUP ${PID} && ` +
      `${until("su user -c 'echo b > /srv/pub/b' 2>/dev/null", 'the short rules to apply')} && cat /srv/pub/b`);
    expect(r.stdout).toMatch(/^rc=1\ntimeouts [1-9]\d*\naclflt\s+200\s+active\nb\n$/);
    expect(r.stderr).toContain('Input/output error');
  });

  it('names the file and line of a malformed rule, and does not start', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && printf 'allow read /x\\ndeny frob /y\\n' > /tmp/bad.rules && ` +
      'aclflt --rules /tmp/bad.rules /tmp; echo rc=$?');
    expect(r.stderr).toContain('aclflt: /tmp/bad.rules:2: no operation named frob');
    expect(r.stdout).toMatch(/rc=1\n$/);
  });
});
