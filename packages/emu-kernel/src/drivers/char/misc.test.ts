// misc_register: one node per device, minors of major 10, dynamic or fixed, and what the node opens.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TestMachine } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open } from '../../fs/open.js';
import { kernel_read } from '../../fs/read_write.js';
import { kern_path } from '../../fs/namei.js';
import { vfs_getattr } from '../../fs/stat.js';
import { fput } from '../../fs/file.js';
import { root_cred } from '../../kernel/cred.js';
import { O_RDONLY } from '../../uapi/fcntl.js';
import { EBUSY, EFAULT, EINVAL, ENOENT } from '../../uapi/errno.js';
import { copy_to_user } from '../../mm/uaccess.js';
import { MAJOR, MINOR } from '../../kernel/kdev_t.js';
import { chrdev_show } from './chrdev.js';
import { misc_register, misc_deregister, MISC_DYNAMIC_MINOR, MISC_MAJOR, type MiscDevice } from './misc.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});

const says = (text: string): MiscDevice['fops'] => ({
  read: (_f, buf, count, ppos) => {
    const b = new TextEncoder().encode(text).subarray(ppos.pos, ppos.pos + count);
    if (copy_to_user(buf, b)) return -EFAULT;
    ppos.pos += b.length;
    return b.length;
  },
});

async function stat_dev(path: string): Promise<{ rdev: number; mode: number } | number> {
  const p = await kern_path(kernel_ctx(), path);
  return typeof p === 'number' ? p : vfs_getattr(p.dentry);
}

describe('misc devices', () => {
  it('registers minors of major 10 with their nodes, and each node opens its own driver', async () => {
    const a: MiscDevice = { minor: MISC_DYNAMIC_MINOR, name: 'misc_a', fops: says('a'), mode: 0o640 };
    const b: MiscDevice = { minor: MISC_DYNAMIC_MINOR, name: 'misc_b', fops: says('b') };
    expect(misc_register(a)).toBe(0);
    expect(misc_register(b)).toBe(0);
    expect(a.minor).not.toBe(b.minor);
    const sa = await stat_dev('/dev/misc_a');
    if (typeof sa === 'number') throw new Error(String(sa));
    expect([MAJOR(sa.rdev), MINOR(sa.rdev), sa.mode & 0o777]).toEqual([MISC_MAJOR, a.minor, 0o640]);
    expect(chrdev_show()).toContain(' 10 misc\n');
    for (const [dev, want] of [['/dev/misc_a', 'a'], ['/dev/misc_b', 'b']]) {
      const f = await do_filp_open(kernel_ctx(), dev, O_RDONLY, 0);
      if (typeof f === 'number') throw new Error(String(f));
      const got = new Uint8Array(4);
      const n = await kernel_read(f, got, { pos: 0 }, { pid: 0, cred: root_cred() });
      expect(new TextDecoder().decode(got.subarray(0, n))).toBe(want);
      await fput(f, { pid: 0, cred: root_cred() });
    }
    misc_deregister(a);
    expect(a.minor).toBe(MISC_DYNAMIC_MINOR);
    expect(await stat_dev('/dev/misc_a')).toBe(-ENOENT);
    const sb = await stat_dev('/dev/misc_b');
    expect(typeof sb).toBe('object');
    misc_deregister(b);
  });

  it('a fixed minor in use is EBUSY, one out of range EINVAL, and neither leaves a node', async () => {
    const c: MiscDevice = { minor: 200, name: 'misc_c', fops: says('c') };
    expect(misc_register(c)).toBe(0);
    expect(misc_register({ minor: 200, name: 'misc_d', fops: says('d') })).toBe(-EBUSY);
    expect(misc_register({ minor: 300, name: 'misc_e', fops: says('e') })).toBe(-EINVAL);
    expect(await stat_dev('/dev/misc_d')).toBe(-ENOENT);
    expect(await stat_dev('/dev/misc_e')).toBe(-ENOENT);
    misc_deregister(c);
    expect(c.minor).toBe(200);
    expect(misc_register(c)).toBe(0);
    misc_deregister(c);
  });
});
