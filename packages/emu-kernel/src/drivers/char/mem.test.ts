// /dev/null and /dev/zero (major 1, minors 3 and 5): through the kernel API and from processes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine, USER } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open } from '../../fs/open.js';
import { kernel_read, kernel_write, vfs_read, vfs_llseek } from '../../fs/read_write.js';
import { kern_path } from '../../fs/namei.js';
import { vfs_getattr } from '../../fs/stat.js';
import { fput } from '../../fs/file.js';
import type { File } from '../../fs/fs.js';
import { UserPtr } from '../../mm/uaccess.js';
import { MmStruct } from '../../mm/mm.js';
import { chrdev_show } from './chrdev.js';
import { root_cred } from '../../kernel/cred.js';
import { O_RDWR } from '../../uapi/fcntl.js';
import { EFAULT } from '../../uapi/errno.js';
import { S_ISCHR } from '../../uapi/stat.js';
import { MAJOR, MINOR } from '../../kernel/kdev_t.js';

let tm: TestMachine;
const caller = { pid: 0, cred: root_cred() };

async function openDev(path: string): Promise<File> {
  const f = await do_filp_open(kernel_ctx(), path, O_RDWR, 0);
  if (typeof f === 'number') throw new Error(`${path}: ${f}`);
  return f;
}

beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

describe('the nodes', () => {
  it('are character devices 1,3 and 1,5, world read-writable, and "mem" is in /proc/devices', async () => {
    for (const [path, minor] of [['/dev/null', 3], ['/dev/zero', 5]] as const) {
      const p = await kern_path(kernel_ctx(), path);
      if (typeof p === 'number') throw new Error(path);
      const st = vfs_getattr(p.dentry);
      expect(S_ISCHR(st.mode)).toBe(true);
      expect(st.mode & 0o777).toBe(0o666);
      expect([MAJOR(st.rdev), MINOR(st.rdev)]).toEqual([1, minor]);
    }
    expect(chrdev_show()).toContain('  1 mem\n');
  });
});

describe('/dev/null', () => {
  it('reads end of file at once and swallows every write', async () => {
    const f = await openDev('/dev/null');
    expect(await kernel_read(f, new Uint8Array(100), { pos: 0 }, caller)).toBe(0);
    expect(await kernel_write(f, new Uint8Array(12345), { pos: 0 }, caller)).toBe(12345);
    expect(await vfs_llseek(f, 100, 0, caller)).toBe(0);
    await fput(f, caller);
  });

  it('from a process, as an unprivileged user', async () => {
    const r = await tm.run(['sysprobe', 'write:/dev/null:abc', 'read:/dev/null'], { cred: USER });
    expect(r.report).toMatchObject({ 'write:/dev/null:abc': '3', 'read:/dev/null': '""' });
    const cat = await tm.run(['/bin/cat', '/dev/null']);
    expect(cat.code).toBe(0);
    expect(cat.stdout).toBe('');
  });
});

describe('/dev/zero', () => {
  it('fills any size with zeros, beyond its internal page too', async () => {
    const f = await openDev('/dev/zero');
    for (const n of [1, 4096, 65536, 65537, 300000]) {
      const buf = new Uint8Array(n).fill(0xee);
      expect(await kernel_read(f, buf, { pos: 0 }, caller)).toBe(n);
      expect(buf.every((b) => b === 0)).toBe(true);
    }
    expect(await kernel_write(f, new Uint8Array(10), { pos: 0 }, caller)).toBe(10);
    await fput(f, caller);
  });

  it('a read past the end of the address space is EFAULT and writes nothing', async () => {
    const f = await openDev('/dev/zero');
    const mm = new MmStruct(64 * 1024);
    mm.bytes.fill(0xee);
    expect(await vfs_read(f, new UserPtr(mm, mm.size - 10), 100, { pos: 0 }, caller)).toBe(-EFAULT);
    expect(mm.bytes.every((b) => b === 0xee)).toBe(true);
    expect(await vfs_read(f, new UserPtr(mm, 4096), 100, { pos: 0 }, caller)).toBe(100);
    expect(mm.bytes.subarray(4096, 4196).every((b) => b === 0)).toBe(true);
    await fput(f, caller);
  });

  it('from a process: 4 KiB and 1 MiB reads return full buffers of zeros', async () => {
    for (const size of ['4096', '1048576']) {
      const r = await tm.run(['zeroread', size, '3', '1']);
      expect(r.code).toBe(0);
      expect(r.report).toMatchObject({ zeros: '1', bufsize: size });
      expect(Number(r.report.mb_per_s)).toBeGreaterThan(0);
    }
  });
});

describe('/dev/urandom and /dev/random', () => {
  it('fill any size with bytes that differ from read to read, and take writes', async () => {
    for (const dev of ['/dev/urandom', '/dev/random']) {
      const f = await openDev(dev);
      const a = new Uint8Array(70000), b = new Uint8Array(70000);
      expect(await kernel_read(f, a, { pos: 0 }, caller)).toBe(a.length);
      expect(await kernel_read(f, b, { pos: 0 }, caller)).toBe(b.length);
      // 70,000 random bytes: every value appears, and two reads are not the same bytes.
      expect(new Set(a).size).toBe(256);
      expect(a.some((x, i) => x !== b[i])).toBe(true);
      expect(await kernel_write(f, new Uint8Array(10), { pos: 0 }, caller)).toBe(10);
      await fput(f, caller);
    }
  });

  it('a read past the end of the address space is EFAULT', async () => {
    const f = await openDev('/dev/urandom');
    const mm = new MmStruct(64 * 1024);
    expect(await vfs_read(f, new UserPtr(mm, mm.size - 10), 100, { pos: 0 }, caller)).toBe(-EFAULT);
    await fput(f, caller);
  });

  it('from a process: head -c reads them', async () => {
    const r = await tm.run(['/bin/sh', '-c', 'head -c 32 /dev/urandom | wc -c; ls -l /dev/random /dev/urandom']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^32\n/);
    expect(r.stdout).toMatch(/^crw-rw-rw- .* 1, +8 .*\/dev\/random$/m);
    expect(r.stdout).toMatch(/^crw-rw-rw- .* 1, +9 .*\/dev\/urandom$/m);
  });
});
