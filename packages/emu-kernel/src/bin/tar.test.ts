// tar: a ustar archive of a tree (files, a directory, a symlink, a file past one block) that tar -t lists
// back, byte for byte the layout POSIX gives (checked field by field here), and its refusals.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Machine } from '../host/machine.js';

const dec = new TextDecoder();
let m: Machine;
let out = '';
let err = '';
let bytes: Uint8Array[] = [];

async function sh(cmd: string): Promise<{ code: number; out: string; err: string }> {
  out = '';
  err = '';
  bytes = [];
  const code = await m.sh(cmd);
  return { code, out, err };
}

beforeAll(async () => {
  m = await Machine.boot({
    stdout: (d) => {
      out += dec.decode(d);
      bytes.push(d.slice());
    },
    stderr: (d) => void (err += dec.decode(d)),
  });
});
afterAll(async () => m.shutdown());

const field = (h: Uint8Array, off: number, len: number) => dec.decode(h.subarray(off, off + len)).replace(/\0[\s\S]*$/, '');

describe('tar', () => {
  it('-c then -t: every entry of the tree, directories first, names sorted', async () => {
    const r = await sh('mkdir -p /tmp/t/d && echo hello > /tmp/t/a && ln -s a /tmp/t/l && seq 1 300 > /tmp/t/d/n'
      + ' && tar -cf /root/t.tar -C / tmp/t && tar -tf /root/t.tar');
    expect(r).toEqual({ code: 0, out: 'tmp/t/\ntmp/t/a\ntmp/t/d/\ntmp/t/d/n\ntmp/t/l\n', err: '' });
  });

  it('writes ustar headers: name, octal mode and size, type, link target, magic, checksum; data padded to blocks', async () => {
    await sh('mkdir -p /tmp/u && printf abc > /tmp/u/f && chmod 640 /tmp/u/f && ln -s f /tmp/u/s && tar -c -C /tmp/u f s');
    const a = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
    let off = 0;
    for (const b of bytes) a.set(b, (off += b.length) - b.length);
    expect(a.length % 512).toBe(0);
    const h = a.subarray(0, 512);
    expect(field(h, 0, 100)).toBe('f');
    expect(field(h, 100, 8)).toBe('0000640');
    expect(parseInt(field(h, 124, 12), 8)).toBe(3);
    expect(String.fromCharCode(h[156])).toBe('0');
    expect(field(h, 257, 6)).toBe('ustar');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    expect(parseInt(field(h, 148, 8), 8)).toBe(sum);
    expect(dec.decode(a.subarray(512, 515))).toBe('abc');
    const s = a.subarray(1024, 1536);
    expect([field(s, 0, 100), String.fromCharCode(s[156]), field(s, 157, 100)]).toEqual(['s', '2', 'f']);
    expect(a.subarray(1536).every((b) => b === 0)).toBe(true);
    expect(a.length).toBe(1536 + 1024);
  });

  it('refuses no mode, two modes, an empty archive and a missing path (status 1, the rest archived)', async () => {
    expect((await sh('tar; echo rc=$?')).out).toBe('rc=1\n');
    expect((await sh('tar -c -t x; echo rc=$?')).err).toMatch(/exactly one of -c and -t/);
    expect((await sh('tar -c; echo rc=$?')).err).toMatch(/refusing to create an empty archive/);
    const r = await sh('echo x > /tmp/v && tar -cf /root/v.tar /nonexistent /tmp/v; echo rc=$?; tar -tf /root/v.tar');
    expect(r.out).toBe('rc=1\ntmp/v\n');
    expect(r.err).toMatch(/tar: \/nonexistent: No such file or directory/);
  });
});
