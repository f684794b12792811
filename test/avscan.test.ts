// avscan (demos/src/bin/avscan.ts), the anti-virus filter on the declarative API, as an admin runs it: a
// signature file, infected opens refused and logged, clean verdicts cached, a file scanned again after a
// write, a trusted uid, the limits of a scan (size, time) and their policy, the running scanner's figures
// (--stats, with workers), the scanner killed, a malformed signature file named with its line.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';

// The EICAR test file (one backslash in it); the database gives it in hex, printf writes it with \134.
const EICAR = String.raw`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`;
const HEX = Buffer.from(EICAR).toString('hex');
const WRITE_EICAR = `printf '${EICAR.replace('%', '%%').replace('\\', '\\134')}'`;
const DB = `printf '%s\\n' '# test signatures' 'EICAR hex:${HEX}' 'Evil.MZ "MZ\\x90\\x00"' > /etc/avscan.db`;

describe('avscan', () => {
  it('refuses infected files, caches clean verdicts, scans again after a write, lets a trusted uid pass', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && ${DB} && mkdir -p /tmp/av && chmod 777 /tmp/av && ` +
      `echo clean > /tmp/av/ok && printf '%s' '${EICAR.replace(/\\\\\\\\/g, '\\\\')}' > /tmp/av/eicar && ` +
      `printf 'MZ\\220\\000rest' > /tmp/av/exe && avscan -b --trust-uid 1000 /tmp/av && ` +
      'for i in 1 2 3; do cat /tmp/av/ok; done; cat /tmp/av/eicar; cat /tmp/av/exe; ' +
      `su user -c 'cat /tmp/av/exe > /dev/null && echo trusted ok'; ` +
      'avscan --trust-uid me /tmp/x; echo rc=$?; ' +
      `echo '${EICAR.replace(/\\\\\\\\/g, '\\\\')}' >> /tmp/av/ok; cat /tmp/av/ok; ` +
      'grep cache_hits /sys/kernel/debug/urfs/stats');
    expect(r.stdout).toMatch(/^avscan: active on \/tmp\/av \(pid \d+\)\nclean\nclean\nclean\n/);
    expect(r.stdout).toMatch(/^avscan: \/tmp\/av\/eicar: EICAR: open by pid \d+ \(cat, uid 0\) refused$/m);
    expect(r.stdout).toMatch(/^avscan: \/tmp\/av\/exe: Evil\.MZ: open by pid \d+ \(cat, uid 0\) refused$/m);
    expect(r.stdout).toContain('trusted ok\nrc=1\n');
    expect(r.stderr).toContain('avscan: --trust-uid needs a number, not me\n');
    expect(r.stdout).toMatch(/^avscan: \/tmp\/av\/ok: EICAR: found after a write$/m);
    expect(r.stderr).toContain('cat: /tmp/av/eicar: Permission denied');
    expect(r.stderr).toContain('cat: /tmp/av/ok: Permission denied');
    expect(Number(/^cache_hits (\d+)$/m.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('lets a trusted program open an infected file, and no one else', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && ${DB} && mkdir -p /tmp/av && ${WRITE_EICAR} > /tmp/av/eicar && ` +
      'avscan -b --trust-prog hexdump /tmp/av > /dev/null && hexdump -C /tmp/av/eicar | head -1; cat /tmp/av/eicar; echo rc=$?');
    expect(r.stdout).toMatch(/^00000000  58 35 4f 21/m);
    expect(r.stdout).toMatch(/rc=1\n$/);
    expect(r.stderr).toContain('cat: /tmp/av/eicar: Permission denied');
  });

  it('lets a file over --max-size through unscanned by default and refuses it with --on-limit deny, logging each, never caching', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && ${DB} && mkdir -p /tmp/av && head -c 3000 /dev/zero > /tmp/av/big && ` +
      'avscan -b --max-size 2000 /tmp/av > /tmp/av.log && cat /tmp/av/big | wc -c && cat /tmp/av/big | wc -c && ' +
      'avscan --stats && kill $(ls /run/avscan) && ' + until('[ -z "$(ls /run/avscan)" ]', 'avscan to stop') +
      ' && avscan -b --max-size 2000 --on-limit deny /tmp/av >> /tmp/av.log && cat /tmp/av/big; echo rc=$?; ' +
      'avscan --stats | grep -E "too_large|scanned"; avscan --max-size 2k /tmp/av; echo rc=$?; ' +
      'avscan --on-limit maybe /tmp/av; echo rc=$?; cat /tmp/av.log');
    expect(r.stdout).toMatch(/^3000\n3000\nprocesses 1\nscanned 2\nclean 0\ninfected 0\ntrusted 0\ntimeouts 0\ntoo_large 2\n/);
    expect(r.stdout).toContain('rc=1\nscanned 1\ntoo_large 1\nrc=1\nrc=1\n');
    expect(r.stderr).toContain('cat: /tmp/av/big: Permission denied');
    expect(r.stderr).toContain('avscan: --max-size needs a whole number, not 2k\n');
    expect(r.stderr).toContain('avscan: --on-limit is allow or deny, not maybe\n');
    const log = r.stdout.slice(r.stdout.indexOf('avscan: active'));
    expect(log.match(/^avscan: \/tmp\/av\/big: 3000 bytes, over the 2000-byte limit: open by pid \d+ \(cat, uid 0\) let through unscanned$/gm))
      .toHaveLength(2);
    expect(log).toMatch(/^avscan: \/tmp\/av\/big: 3000 bytes, over the 2000-byte limit: open by pid \d+ \(cat, uid 0\) refused$/m);
  });

  it('gives a scan that outlasts --scan-timeout the --on-limit verdict, not the file\'s', async () => {
    // 12 MB read in 64 KiB chunks takes far longer than 1 ms; the signature is at its very end.
    const r = await sh(`insmod redirfs && insmod urfs && ${DB} && mkdir -p /tmp/av && head -c 12000000 /dev/zero > /tmp/av/slow && ` +
      `printf 'MZ\\220\\000' >> /tmp/av/slow && avscan -b --scan-timeout 1 --on-limit deny /tmp/av > /tmp/av.log && ` +
      'cat /tmp/av/slow > /dev/null; echo rc=$?; avscan --stats | grep -E "timeouts|infected"; kill $(ls /run/avscan) && ' +
      until('[ -z "$(ls /run/avscan)" ]', 'avscan to stop') + ' && ' +
      'avscan -b --scan-timeout 0 /tmp/av >> /tmp/av.log && cat /tmp/av/slow > /dev/null; echo rc=$?; cat /tmp/av.log');
    expect(r.stdout).toMatch(/^rc=1\ninfected 0\ntimeouts 1\nrc=1\n/);
    expect(r.stdout).toMatch(/^avscan: \/tmp\/av\/slow: not done after 1 ms: open by pid \d+ \(cat, uid 0\) refused$/m);
    expect(r.stdout).toMatch(/^avscan: \/tmp\/av\/slow: Evil\.MZ: open by pid \d+ \(cat, uid 0\) refused$/m);
  });

  it('--stats adds up every worker\'s figures and the kernel\'s cache counters; says so when none runs', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && ${DB} && mkdir -p /tmp/av && echo a > /tmp/av/a && echo b > /tmp/av/b && ` +
      `${WRITE_EICAR} > /tmp/av/eicar && avscan --stats; echo rc=$?; ` +
      'avscan -b --workers 2 --trust-uid 1000 /tmp/av > /dev/null && ' + until('[ $(ls /run/avscan | wc -l) -eq 2 ]', 'both workers') +
      ' && for i in 1 2 3; do cat /tmp/av/a /tmp/av/b > /dev/null; done; cat /tmp/av/eicar 2> /dev/null; ' +
      `su user -c 'cat /tmp/av/eicar' > /dev/null; avscan --stats`);
    expect(r.stderr).toContain('avscan: no avscan is running\n');
    expect(r.stdout).toMatch(/^rc=1\n/);
    // Opens and read-only closes of a and b: each scanned once, then cached (4 + 4 hits; the very first
    // lookup, before any verdict was kept, is not counted: 3 misses). eicar: refused and not cached, so
    // both its opens miss; the trusted one's close misses too.
    expect(r.stdout).toMatch(/processes 2\nscanned 3\nclean 2\ninfected 1\ntrusted 1\ntimeouts 0\ntoo_large 0\nerrors 0\ncache_hits 8\ncache_misses 6\n$/);
  });

  it('killed, lets opens through again and leaves no filter behind; --stats says none runs', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && ${DB} && mkdir -p /tmp/av && ${WRITE_EICAR} > /tmp/av/eicar && ` +
      'avscan -b /tmp/av > /dev/null && cat /tmp/av/eicar; kill -9 $(ls /run/avscan) && ' +
      until('! ls /sys/fs/redirfs/filters/avscan > /dev/null 2>&1', 'the filter to go') +
      ' && cat /tmp/av/eicar | wc -c && avscan --stats; echo rc=$?');
    expect(r.stderr).toContain('cat: /tmp/av/eicar: Permission denied');
    expect(r.stdout).toMatch(/^68\nrc=1\n$/);
    expect(r.stderr).toContain('avscan: no avscan is running\n');
  });

  it('names the file and the line of a malformed signature, and does not start', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && printf 'Good "abc"\\nbad\\n' > /tmp/bad.db && ` +
      'avscan --db /tmp/bad.db /tmp; echo rc=$?; avscan --db /nonexistent /tmp; echo rc=$?; redirctl list');
    expect(r.stderr).toContain('avscan: /tmp/bad.db:2: a signature is NAME "bytes" or NAME hex:BYTES\n');
    expect(r.stderr).toContain('avscan: /nonexistent: cannot be read\n');
    expect(r.stdout).toMatch(/rc=1\nrc=1\n/);
    expect(r.stdout).not.toContain('avscan ');
  });
});
