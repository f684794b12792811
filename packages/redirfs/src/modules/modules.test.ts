// The redirfs, dummyflt and roflt kernel modules through insmod / rmmod: what each load sets up
// (/dev/redirctl, /sys/fs/redirfs, the filters and their initial paths) and each unload takes down.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '@urfs/emu-kernel/testbin/lib/harness';
import { kernel_ctx } from '@urfs/emu-kernel/init/main';
import { kern_path } from '@urfs/emu-kernel/fs/namei';
import { printk_state } from '@urfs/emu-kernel/kernel/printk';
import { RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_SINGLE, RFS_PATH_EXCLUDE } from '../rfs.js';
import { flt_get_by_name, flt_is_active } from '../filter.js';
import { path_get_infos } from '../path.js';
import { redirfs_running } from '../chain.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

const exists = async (path: string) => typeof (await kern_path(kernel_ctx(), path, 0)) !== 'number';
async function sh(line: string) {
  const r = await tm.run(['/bin/sh', '-c', line]);
  // Drop the kernel's console echo of error messages.
  const err = r.stderr.split(/(?<=\n)/).filter((l) => !/^\[ *\d+\.\d+\] /.test(l)).join('');
  return { code: r.code, out: r.stdout, err };
}

describe('insmod redirfs, dummyflt, roflt', () => {
  it('loads the framework with its control device and sysfs directory, and unloads it', async () => {
    expect(await sh('insmod redirfs')).toMatchObject({ code: 0, err: '' });
    expect(redirfs_running()).toBe(true);
    expect(await exists('/dev/redirctl')).toBe(true);
    expect(await exists('/sys/fs/redirfs/filters')).toBe(true);
    expect((await sh('insmod redirfs')).code).not.toBe(0);
    expect(await sh('rmmod redirfs')).toMatchObject({ code: 0, err: '' });
    expect(redirfs_running()).toBe(false);
    expect(await exists('/dev/redirctl')).toBe(false);
    expect(await exists('/sys/fs/redirfs')).toBe(false);
  });

  it('filter modules need redirfs, hold it while loaded and appear in sysfs', async () => {
    const r = await sh('insmod dummyflt');
    expect(r.code).not.toBe(0);
    expect(flt_get_by_name('dummyflt')).toBeNull();
    expect(await sh('insmod redirfs && insmod dummyflt && insmod roflt')).toMatchObject({ code: 0, err: '' });
    expect(flt_is_active(flt_get_by_name('dummyflt')!)).toBe(true);
    expect(await exists('/sys/fs/redirfs/filters/dummyflt/active')).toBe(true);
    expect(await exists('/sys/fs/redirfs/filters/roflt/paths')).toBe(true);
    const busy = await sh('rmmod redirfs');
    expect(busy.code).not.toBe(0);
    expect(busy.err).toContain('in use');
    expect(await sh('lsmod')).toMatchObject({ out: expect.stringMatching(/^redirfs\s+\d+\s+2 (dummyflt,roflt|roflt,dummyflt)$/m) });
    expect(await sh('rmmod dummyflt && rmmod roflt')).toMatchObject({ code: 0, err: '' });
    expect(flt_get_by_name('dummyflt')).toBeNull();
    expect(await exists('/sys/fs/redirfs/filters/dummyflt')).toBe(false);
    expect(await sh('rmmod redirfs')).toMatchObject({ code: 0 });
  });

  it('takes initial paths as parameters and refuses ones that do not resolve', async () => {
    expect((await sh('mkdir -p /srv/rw && insmod redirfs && insmod roflt path=/srv exclude=/srv/rw,/etc/passwd')).code).toBe(0);
    expect(path_get_infos(flt_get_by_name('roflt')!).paths.map((p) => [p.path, p.flags])).toEqual([
      ['/srv', RFS_PATH_SUBTREE | RFS_PATH_INCLUDE],
      ['/srv/rw', RFS_PATH_SUBTREE | RFS_PATH_EXCLUDE],
      ['/etc/passwd', RFS_PATH_SINGLE | RFS_PATH_EXCLUDE],
    ]);
    const w = await sh('echo x > /srv/f');
    expect(w.code).not.toBe(0);
    expect(w.err).toContain('Read-only file system');
    expect((await sh('echo x > /srv/rw/f && cat /srv/rw/f')).out).toBe('x\n');
    const seq = printk_state().seq;
    expect((await sh('insmod dummyflt path=/nonexistent')).code).not.toBe(0);
    expect(printk_state().records.filter((r) => r.seq >= seq).map((r) => r.text).join('\n'))
      .toContain('dummyflt: cannot use path /nonexistent: no such file or directory');
    expect(flt_get_by_name('dummyflt')).toBeNull();
    expect(await sh('lsmod')).toMatchObject({ out: expect.not.stringContaining('dummyflt') });
    expect((await sh('rmmod roflt && rmmod redirfs')).code).toBe(0);
  });
});
