// sysfs on a booted machine: kobjects as directories, attributes with show/store, the PAGE_SIZE limits,
// modes (root included), groups, links, removal under open files, and sysfs_notify for pollers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { kread, kwrite } from '../../testbin/lib/kfile.js';
import { TestMachine, USER } from '../../testbin/lib/harness.js';
import { kernel_ctx } from '../../init/main.js';
import { do_filp_open } from '../open.js';
import { fput } from '../file.js';
import { kernel_read } from '../read_write.js';
import { kern_path } from '../namei.js';
import { vfs_getattr } from '../stat.js';
import { root_cred, type Cred } from '../../kernel/cred.js';
import { printk_state } from '../../kernel/printk.js';
import { EACCES, EINVAL, EIO, ENODEV } from '../../uapi/errno.js';
import { O_RDONLY, O_RDWR, O_WRONLY } from '../../uapi/fcntl.js';
import { S_IFDIR, S_IFLNK, S_IFREG } from '../../uapi/stat.js';
import { POLLPRI } from '../../uapi/poll.js';
import {
  Kobject, kobject_create_and_add, kobject_init_and_add, kobject_put, kset_create_and_add, kset_unregister, fs_kobj,
  kernel_kobj, __ATTR, type KobjAttribute, type KobjType, type Attribute,
} from '../../lib/kobject.js';
import { sysfs_create_file, sysfs_remove_file, sysfs_create_group, sysfs_remove_group, sysfs_create_link,
  sysfs_remove_link, sysfs_notify, sysfs_emit } from './sysfs.js';

let tm: TestMachine;
beforeAll(async () => {
  tm = await TestMachine.boot();
});
afterAll(async () => {
  await tm?.shutdown();
});



async function mode_of(path: string): Promise<number> {
  const p = await kern_path(kernel_ctx(), path, 0);
  if (typeof p === 'number') throw new Error(`${path}: ${p}`);
  return vfs_getattr(p.dentry).mode;
}

describe('the top of /sys', () => {
  it('has the usual directories, with debugfs and configfs mount points', async () => {
    const r = await tm.run(['/bin/ls', '/sys']);
    expect(r.stdout.split(/\s+/).filter(Boolean)).toEqual(
      expect.arrayContaining(['block', 'bus', 'class', 'dev', 'devices', 'fs', 'kernel', 'module']));
    expect(await mode_of('/sys/kernel')).toBe(S_IFDIR | 0o755);
    expect(await mode_of('/sys/kernel/debug')).toBe(S_IFDIR | 0o700);
  });
});

describe('kobjects and attributes (the sysfs_ex demo shape: /sys/fs/myfs/{first,second})', () => {
  let first = 1;
  let second = 'two';
  let myfs: Kobject;
  const firstAttr: KobjAttribute = __ATTR('first', 0o644,
    (_k, _a, buf) => sysfs_emit(buf, '%d\n', first),
    (_k, _a, buf, count) => {
      const v = Number(buf.trim());
      if (!Number.isInteger(v)) return -EINVAL;
      first = v;
      return count;
    });
  const secondAttr: KobjAttribute = __ATTR('second', 0o664, () => `${second}\n`,
    async (_k, _a, buf, count) => {
      await new Promise((r) => setTimeout(r, 5));
      second = buf.trim();
      return count;
    });

  beforeAll(() => {
    const k = kobject_create_and_add('myfs', fs_kobj);
    if (!k) throw new Error('kobject_create_and_add');
    myfs = k;
    expect(sysfs_create_file(myfs, firstAttr)).toBe(0);
    expect(sysfs_create_file(myfs, secondAttr)).toBe(0);
  });

  it('cat shows the values; root writes them (an async store too)', async () => {
    expect((await tm.run(['/bin/cat', '/sys/fs/myfs/first'], { cred: USER })).stdout).toBe('1\n');
    expect(await kwrite('/sys/fs/myfs/first', '42\n')).toBe(3);
    expect(await kread('/sys/fs/myfs/first', USER)).toBe('42\n');
    expect(await kwrite('/sys/fs/myfs/first', 'abc')).toBe(-EINVAL);
    expect(first).toBe(42);
    expect(await kwrite('/sys/fs/myfs/second', 'three\n')).toBe(6);
    expect(await kread('/sys/fs/myfs/second')).toBe('three\n');
    expect(await mode_of('/sys/fs/myfs/first')).toBe(S_IFREG | 0o644);
    expect(await mode_of('/sys/fs/myfs')).toBe(S_IFDIR | 0o755);
    const st = await kern_path(kernel_ctx(), '/sys/fs/myfs/first');
    if (typeof st === 'number') throw new Error(String(st));
    expect(vfs_getattr(st.dentry).size).toBe(4096);
  });

  it('enforces modes: users may not write 0644, nobody may write 0444 or read 0200', async () => {
    expect(await kwrite('/sys/fs/myfs/first', '1', USER)).toBe(-EACCES);
    const ro = __ATTR('ro', 0o444, () => 'ro\n', () => 0);
    const wo = __ATTR('wo', 0o200, () => 'secret\n', (_k, _a, _b, count) => count);
    expect(sysfs_create_file(myfs, ro)).toBe(0);
    expect(sysfs_create_file(myfs, wo)).toBe(0);
    expect(await kwrite('/sys/fs/myfs/ro', '1')).toBe(-EACCES);
    expect(await kread('/sys/fs/myfs/wo')).toBe(-EACCES);
    expect(await kwrite('/sys/fs/myfs/wo', 'x')).toBe(1);
    // Trunc on open (echo > file) is accepted and does not change the reported size.
    const f = await do_filp_open(kernel_ctx(), '/sys/fs/myfs/first', O_WRONLY | 0o1000, 0);
    expect(typeof f).not.toBe('number');
    if (typeof f !== 'number') await fput(f, { pid: 0, cred: root_cred() });
    expect(await mode_of('/sys/fs/myfs/first')).toBe(S_IFREG | 0o644);
    sysfs_remove_file(myfs, ro);
    sysfs_remove_file(myfs, wo);
  });

  it('a kobj_attribute without store answers writes with EIO', async () => {
    const nostore = __ATTR('nostore', 0o644, () => 'x\n');
    expect(sysfs_create_file(myfs, nostore)).toBe(0);
    expect(await kwrite('/sys/fs/myfs/nostore', '1')).toBe(-EIO);
    sysfs_remove_file(myfs, nostore);
  });

  it('caps show at PAGE_SIZE with a warning and hands store at most PAGE_SIZE bytes', async () => {
    let stored = -1;
    const big = __ATTR('big', 0o644, () => 'z'.repeat(5000), (_k, _a, _b, count) => ((stored = count), count));
    expect(sysfs_create_file(myfs, big)).toBe(0);
    const seq = printk_state().seq;
    const text = await kread('/sys/fs/myfs/big');
    expect(text).toBe('z'.repeat(4096));
    expect(printk_state().records.some((r) => r.seq >= seq && /fill_read_buffer/.test(r.text))).toBe(true);
    expect(await kwrite('/sys/fs/myfs/big', new Uint8Array(10000).fill(65))).toBe(4096);
    expect(stored).toBe(4096);
    sysfs_remove_file(myfs, big);
  });

  it('overlapping reads of one open file with a sleeping show each get their own value (reads are serialised)', async () => {
    let n = 0;
    // show writes into the open file's page, sleeps, and returns its length: a second read sharing the page
    // while the first sleeps would change what the first returns.
    const slow = __ATTR('slow', 0o444, async (_k, _a, buf) => {
      const mine = ++n;
      const len = sysfs_emit(buf, '%d\n', mine);
      await new Promise((r) => setTimeout(r, 20));
      return len;
    });
    expect(sysfs_create_file(myfs, slow)).toBe(0);
    const f = await do_filp_open(kernel_ctx(), '/sys/fs/myfs/slow', O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    const caller = { pid: 0, cred: root_cred() };
    const read = async () => {
      const b = new Uint8Array(16);
      const got = await kernel_read(f, b, { pos: 0 }, caller);
      return new TextDecoder().decode(b.subarray(0, Math.max(0, got)));
    };
    expect((await Promise.all([read(), read()])).sort()).toEqual(['1\n', '2\n']);
    await fput(f, caller);
    sysfs_remove_file(myfs, slow);
  });

  it('named groups with is_visible, and links written as relative paths', async () => {
    const a: Attribute[] = [__ATTR('a', 0o444, () => 'A\n'), __ATTR('hidden', 0o444, () => 'H\n')];
    const grp = { name: 'grp', attrs: a, is_visible: (_k: Kobject, attr: Attribute) => (attr.name === 'hidden' ? 0 : 0o440) };
    expect(sysfs_create_group(myfs, grp)).toBe(0);
    expect(await kread('/sys/fs/myfs/grp/a')).toBe('A\n');
    expect(await mode_of('/sys/fs/myfs/grp/a')).toBe(S_IFREG | 0o440);
    expect(await kern_path(kernel_ctx(), '/sys/fs/myfs/grp/hidden')).toBe(-2);
    expect(sysfs_create_link(kernel_kobj, myfs, 'myfs_link')).toBe(0);
    const l = await kern_path(kernel_ctx(), '/sys/kernel/myfs_link', 0);
    if (typeof l === 'number') throw new Error(String(l));
    expect(vfs_getattr(l.dentry).mode & 0o170000).toBe(S_IFLNK);
    expect(l.dentry.d_inode!.i_op.get_link!(l.dentry)).toBe('../fs/myfs');
    expect(await kread('/sys/kernel/myfs_link/first')).toBe('42\n');
    expect(sysfs_create_link(kernel_kobj, myfs, 'myfs_link')).toBe(-17);
    sysfs_remove_link(kernel_kobj, 'myfs_link');
    sysfs_remove_group(myfs, grp);
    expect(await kern_path(kernel_ctx(), '/sys/fs/myfs/grp')).toBe(-2);
  });

  it('sysfs_notify makes poll report POLLPRI until the file is read again', async () => {
    const f = await do_filp_open(kernel_ctx(), '/sys/fs/myfs/first', O_RDWR, 0);
    if (typeof f === 'number') throw new Error(String(f));
    const caller = { pid: 0, cred: root_cred() };
    expect(f.f_op.poll!(f, { _qproc: null }) & POLLPRI).toBe(0);
    sysfs_notify(myfs, null, 'first');
    expect(f.f_op.poll!(f, { _qproc: null }) & POLLPRI).toBe(POLLPRI);
    await kernel_read(f, new Uint8Array(16), { pos: 0 }, caller);
    expect(f.f_op.poll!(f, { _qproc: null }) & POLLPRI).toBe(0);
    await fput(f, caller);
  });

  it('a removed kobject takes its directory; open files then read ENODEV', async () => {
    const f = await do_filp_open(kernel_ctx(), '/sys/fs/myfs/first', O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    kobject_put(myfs);
    expect(await kern_path(kernel_ctx(), '/sys/fs/myfs')).toBe(-2);
    const caller = { pid: 0, cred: root_cred() };
    expect(await kernel_read(f, new Uint8Array(16), { pos: 0 }, caller)).toBe(-ENODEV);
    await fput(f, caller);
  });
});

describe('ktypes and ksets', () => {
  class Counter extends Kobject {
    value = 7;
  }
  const valueAttr: Attribute = { name: 'value', mode: 0o644 };
  const released: string[] = [];
  const counter_ktype: KobjType<Counter> = {
    sysfs_ops: {
      show: (k) => `${k.value}\n`,
      store: (k, _a, buf, count) => ((k.value = Number(buf)), count),
    },
    default_groups: [{ attrs: [valueAttr] }],
    release: (k) => void released.push(k.name),
  };
  const readonly_ktype: KobjType = { sysfs_ops: { show: () => 'r\n' }, default_attrs: [{ name: 'r', mode: 0o644 }] };

  it('kset members sit under the kset, with the type default attributes and sysfs_ops', async () => {
    const ks = kset_create_and_add('counters', null, kernel_kobj);
    if (!ks) throw new Error('kset');
    const c = new Counter();
    c.kset = ks;
    expect(kobject_init_and_add(c, counter_ktype as KobjType, null, 'c0')).toBe(0);
    expect(await kread('/sys/kernel/counters/c0/value')).toBe('7\n');
    expect(await kwrite('/sys/kernel/counters/c0/value', '9')).toBe(1);
    expect(c.value).toBe(9);
    // A second object of the same name in the same place is refused.
    const dup = new Counter();
    dup.kset = ks;
    expect(kobject_init_and_add(dup, counter_ktype as KobjType, null, 'c0')).toBe(-17);
    kobject_put(dup);
    expect(released).toEqual(['c0']);
    // A type without store cannot be opened for writing.
    const r = new Kobject();
    expect(kobject_init_and_add(r, readonly_ktype, ks, 'ro')).toBe(0);
    expect(await kwrite('/sys/kernel/counters/ro/r', 'x')).toBe(-EACCES);
    expect(await kread('/sys/kernel/counters/ro/r')).toBe('r\n');
    kobject_put(r);
    kobject_put(c);
    expect(released).toEqual(['c0', 'c0']);
    kset_unregister(ks);
    expect(await kern_path(kernel_ctx(), '/sys/kernel/counters')).toBe(-2);
  });
});
