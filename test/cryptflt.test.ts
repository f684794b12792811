// cryptflt (demos/src/bin/cryptflt.ts), transparent encryption, as an admin runs it: what is stored is
// ChaCha20 ciphertext (checked here against the cipher computed outside the machine), what is read through
// the filter is the plaintext at any offset and size, with O_APPEND, truncation both ways, holes, private
// mappings and renames; a bad key file is refused with a clear error; a filter killed or too slow ends the
// operation by its policy (EIO), never with plaintext stored or ciphertext read in silence.
import { describe, it, expect } from 'vitest';
import { sh, until } from './lib/cli.js';
import { crypt_at } from '@urfs/demos/crypt_stream';

const HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const LOAD = 'insmod redirfs && insmod urfs';
const SETUP = `printf '${HEX}\\n' > /etc/cryptflt.key && chmod 600 /etc/cryptflt.key && mkdir -p /tmp/c`;
const STATS = 'cat /sys/kernel/debug/urfs/stats';
const enc = (s: string) => new TextEncoder().encode(s);

/** hexdump -C's lines of `b`. */
function hexdump(b: Uint8Array): string {
  let out = '';
  let prev = '';
  let starred = false;
  for (let off = 0; off < b.length; off += 16) {
    const row = b.subarray(off, off + 16);
    const key = Buffer.from(row).toString('hex');
    if (key === prev && row.length === 16 && off + 16 < b.length) {
      if (!starred) out += '*\n';
      starred = true;
      continue;
    }
    prev = key;
    starred = false;
    const h = [...row].map((x) => x.toString(16).padStart(2, '0'));
    const left = h.slice(0, 8).join(' '), right = h.slice(8).join(' ');
    const ascii = [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    out += `${off.toString(16).padStart(8, '0')}  ${`${left}  ${right}`.padEnd(49)} |${ascii}|\n`;
  }
  return out + `${b.length.toString(16).padStart(8, '0')}\n`;
}

describe('cryptflt', () => {
  it('stores the ChaCha20 ciphertext of the file\'s inode, of the same size, and reads back the plaintext', async () => {
    const r = await sh(`${LOAD} && ${SETUP} && cryptflt -b /tmp/c && echo hello world > /tmp/c/a && cat /tmp/c/a && ` +
      'stat -c %i,%s /tmp/c/a && redirctl deactivate cryptflt && hexdump -C /tmp/c/a');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cryptflt: active on \/tmp\/c \(pid \d+\)\nhello world\n\d+,12\n/);
    const ino = Number(/^(\d+),12$/m.exec(r.stdout)![1]);
    const stored = enc('hello world\n');
    crypt_at(KEY, ino, 0, stored);
    expect(r.stdout.endsWith(hexdump(stored))).toBe(true);
    expect(r.stdout).not.toContain('|hello');
  });

  it('reads and writes at any offset and size: O_APPEND, truncation down and up, holes, mmap, rename', async () => {
    const r = await sh(`${LOAD} && ${SETUP} && cryptflt -b /tmp/c > /dev/null && seq 1 2000 > /tmp/c/f && ` +
      'dd if=/tmp/c/f bs=7 skip=100 count=3 status=none; echo; echo tail >> /tmp/c/f && tail -c 10 /tmp/c/f && ' +
      'dd of=/tmp/c/f bs=1 seek=100 count=0 status=none </dev/null && stat -c %s /tmp/c/f && tail -c 8 /tmp/c/f && echo && ' +
      'dd of=/tmp/c/f bs=1 seek=164 count=0 status=none </dev/null && printf Z | dd of=/tmp/c/f bs=1 seek=200 conv=notrunc status=none && ' +
      'echo ---plain && hexdump -C /tmp/c/f && echo ---mmap && mmapcat /tmp/c/f | hexdump -C && ' +
      'mv /tmp/c/f /tmp/c/g && ln /tmp/c/g /tmp/c/h && echo ---renamed && head -c 6 /tmp/c/h && ' +
      'stat -c %i /tmp/c/g && dd of=/tmp/c/g bs=1G seek=1000 count=0 status=none </dev/null; ' +
      'redirctl deactivate cryptflt && echo ---raw && hexdump -C /tmp/c/g');
    // A size the file system refuses changes nothing: the filter grows a file only by a size it got.
    expect(r.stderr).toBe("dd: failed to truncate to 1073741824000 bytes in output file '/tmp/c/g': File too large\n");
    expect(r.code).toBe(0);
    const seq = Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join('');
    const [head, plain, mapped, renamed, raw] = r.stdout.split(/^---\w+\n/m);
    expect(head).toBe(`${seq.slice(700, 721)}\n${(seq + 'tail\n').slice(-10)}100\n${seq.slice(92, 100)}\n`);
    // 100 bytes kept, zeros to 164 (the grown region), zeros to 200 (the hole), then the Z.
    const want = new Uint8Array(201);
    want.set(enc(seq.slice(0, 100)));
    want[200] = 0x5a;
    expect(plain).toBe(hexdump(want));
    expect(mapped).toBe(plain);
    expect(renamed).toMatch(/^1\n2\n3\n\d+\n$/);
    const stored = want.slice();
    crypt_at(KEY, Number(renamed.split('\n')[3]), 0, stored);
    expect(raw).toBe(hexdump(stored));
  });

  it('keeps appends by two writers at once whole: each is encrypted for where it lands', async () => {
    const r = await sh(`${LOAD} && ${SETUP} && cryptflt -b /tmp/c > /dev/null || exit 1; ` +
      '(for i in $(seq 1 40); do echo aaaa >> /tmp/c/log; done) & (for i in $(seq 1 40); do echo bbbb >> /tmp/c/log; done) & ' +
      'wait; grep -c "^aaaa$" /tmp/c/log; grep -c "^bbbb$" /tmp/c/log; wc -l < /tmp/c/log');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('40\n40\n80\n');
  });

  it('serves with two processes alike: every callback stands alone, so either process may take any event', async () => {
    const r = await sh(`${LOAD} && ${SETUP} && cryptflt -b --workers 2 /tmp/c > /dev/null && ` +
      `${until('[ $(ps | grep -c "[c]ryptflt") -eq 2 ]', 'the second process')} && for i in 1 2 3 4; do ` +
      'seq 1 3 > /tmp/c/w$i && dd of=/tmp/c/w$i bs=1 seek=10 count=0 status=none </dev/null && ' +
      'printf X | dd of=/tmp/c/w$i bs=1 seek=20 conv=notrunc status=none && echo more >> /tmp/c/w$i; done && ' +
      'cat /tmp/c/w1 /tmp/c/w2 /tmp/c/w3 /tmp/c/w4 | hexdump -C');
    expect(r.stderr).toBe('');
    const one = new Uint8Array(26);
    one.set(enc('1\n2\n3\n'));
    one[20] = 0x58;
    one.set(enc('more\n'), 21);
    const all = new Uint8Array(4 * 26);
    for (let i = 0; i < 4; i++) all.set(one, 26 * i);
    expect(r.stdout).toBe(hexdump(all));
  });

  it('refuses a key file others may read, one of the wrong size and one that is missing, saying so', async () => {
    const r = await sh(`${LOAD} && ${SETUP} && chmod 644 /etc/cryptflt.key && cryptflt /tmp/c; echo rc=$?; ` +
      'echo short > /tmp/k && chmod 600 /tmp/k && cryptflt --key /tmp/k /tmp/c; echo rc=$?; ' +
      'cryptflt --key /nokey /tmp/c; echo rc=$?; chown 1000 /tmp/k; cryptflt --key /tmp/k /tmp/c; echo rc=$?; redirctl list');
    expect(r.stdout).toBe('rc=1\nrc=1\nrc=1\nrc=1\nNAME  PRIORITY  STATE\n');
    expect(r.stderr).toBe('cryptflt: /etc/cryptflt.key: mode 0644 lets others read or change the key (chmod 600 it)\n' +
      'cryptflt: /tmp/k: a key is 64 hex digits or 32 bytes (found 6 bytes)\n' +
      'cryptflt: /nokey: cannot open the key: No such file or directory\n' +
      'cryptflt: /tmp/k: owned by uid 1000, not root\n');
  });

  // A growing truncate is the filter's longest callback: it stores the keystream over the region grown.
  const GROW = 'dd of=/tmp/c/a bs=1048576 seek=64 count=0 status=none </dev/null';

  it('killed during a callback: the operation fails (EIO), the filter is gone, and the raw ciphertext shows', async () => {
    const r = await sh(`${LOAD} && ${SETUP} && cryptflt -b /tmp/c > /dev/null && echo hi > /tmp/c/a || exit 1; (${GROW}; echo rc=$? > /tmp/rc) & ` +
      `${until('grep -q "^requests 1$" /sys/kernel/debug/urfs/stats', 'the grow to be in the callback')}; ` +
      `kill -9 $(ps | grep '[c]ryptflt' | cut -c1-5); wait; cat /tmp/rc; redirctl list; ${STATS} | grep completed; ` +
      'head -c 2 /tmp/c/a | hexdump -C');
    expect(r.stdout).toMatch(/^rc=1\nNAME {2}PRIORITY {2}STATE\ncompleted_pass 0\ncompleted_error 1\n/);
    expect(r.stderr).toContain('Input/output error');
    expect(r.stdout).not.toContain('|hi|');
  });

  it('too slow: the operation fails by the timeout (EIO), the filter stays and serves the next ones', async () => {
    const r = await sh(`${LOAD} timeout=50 && ${SETUP} && cryptflt -b /tmp/c > /dev/null && echo hi > /tmp/c/a && ${GROW}; echo rc=$?; ` +
      `${until('grep -q "^late_answers 1$" /sys/kernel/debug/urfs/stats', 'the late answer')}; ` +
      `${STATS} | grep timeouts; echo back > /tmp/c/b && cat /tmp/c/b && redirctl list`);
    expect(r.stdout).toMatch(/^rc=1\ntimeouts 1\nback\n/);
    expect(r.stdout).toMatch(/^cryptflt\s+450\s+active$/m);
    expect(r.stderr).toContain('Input/output error');
  });
});
