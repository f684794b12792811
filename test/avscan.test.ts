// avscan (demos/src/bin/avscan.ts), the anti-virus filter on the declarative API, as an admin runs it: a
// signature file, infected opens refused and logged, clean verdicts cached, a file scanned again after a
// write, a trusted uid, a malformed signature file named with its line.
import { describe, it, expect } from 'vitest';
import { sh } from './lib/cli.js';

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

  it('names the file and the line of a malformed signature, and does not start', async () => {
    const r = await sh(`insmod redirfs && insmod urfs && printf 'Good "abc"\\nbad\\n' > /tmp/bad.db && ` +
      'avscan --db /tmp/bad.db /tmp; echo rc=$?; avscan --db /nonexistent /tmp; echo rc=$?; redirctl list');
    expect(r.stderr).toContain('avscan: /tmp/bad.db:2: a signature is NAME "bytes" or NAME hex:BYTES\n');
    expect(r.stderr).toContain('avscan: /nonexistent: cannot be read\n');
    expect(r.stdout).toMatch(/rc=1\nrc=1\n/);
    expect(r.stdout).not.toContain('avscan ');
  });
});
