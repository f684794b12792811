// sysfs control: /sys/fs/redirfs/filters/<name>/{priority,active,paths,unregister} follow registration,
// read what the framework knows, and turn writes into modifier-callback requests; bad input is EINVAL
// and changes nothing.
import { describe, it, expect } from 'vitest';
import { kread, kwrite } from '@urfs/emu-kernel/testbin/lib/kfile';
import { use_redirfs_machine } from './machine.fixture.js';
import { Machine } from '@urfs/emu-kernel/host/machine';
import { kernel_ctx } from '@urfs/emu-kernel/init/main';
import { do_filp_open } from '@urfs/emu-kernel/fs/open';
import { fput } from '@urfs/emu-kernel/fs/file';
import { kernel_read } from '@urfs/emu-kernel/fs/read_write';
import { kern_path } from '@urfs/emu-kernel/fs/namei';
import { root_cred, type Cred } from '@urfs/emu-kernel/kernel/cred';
import { O_RDONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { EACCES, EINVAL, ENODEV, ENOENT, ENOTDIR, EOPNOTSUPP } from '@urfs/emu-kernel/uapi/errno';
import { RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_SINGLE, RFS_PATH_EXCLUDE, type rfs_mod } from './rfs.js';
import {
  rfs_register_filter, rfs_unregister_filter, rfs_set_mod_cb, rfs_activate_filter, rfs_deactivate_filter,
  flt_is_active, flt_get_by_name, type rfs_filter,
} from './filter.js';
import { rfs_set_path, path_get_infos } from './path.js';
import { rfs_sysfs_init, rfs_sysfs_exit } from './sysfs.js';
import { permissive_mod_cb } from './filters/mod_cb.js';

const USER: Cred = { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] };
const DIR = '/sys/fs/redirfs/filters';
let m: Machine;

async function mode(path: string): Promise<number> {
  const p = await kern_path(kernel_ctx(), path, 0);
  return typeof p === 'number' ? p : p.dentry.d_inode!.i_mode & 0o7777;
}
const exists = async (path: string) => typeof (await kern_path(kernel_ctx(), path, 0)) !== 'number';

/** A filter whose modifier callback records each request and does it (as the demo filters do). */
function obliging(name: string, priority: number, mods: rfs_mod[] = []): rfs_filter {
  const f = rfs_register_filter({ name, priority, active: 0 }).filter!;
  const cb = permissive_mod_cb(f);
  rfs_set_mod_cb(f, (mod) => {
    mods.push(mod);
    return cb(mod);
  });
  return f;
}

describe('/sys/fs/redirfs', () => {
  use_redirfs_machine({ booted: (b) => (m = b), after_each: rfs_sysfs_exit });

  it('has a directory per filter, made and removed with registration', async () => {
    const early = obliging('early', 5);
    expect(rfs_sysfs_init()).toBe(0);
    expect(rfs_sysfs_init()).toBe(-EINVAL);
    expect(await exists(`${DIR}/early`)).toBe(true);
    const late = obliging('late', 6);
    expect(await exists(`${DIR}/late`)).toBe(true);
    expect(await mode(`${DIR}/late/priority`)).toBe(0o444);
    expect(await mode(`${DIR}/late/active`)).toBe(0o644);
    expect(await mode(`${DIR}/late/paths`)).toBe(0o644);
    expect(await mode(`${DIR}/late/unregister`)).toBe(0o200);
    rfs_unregister_filter(late);
    expect(await exists(`${DIR}/late`)).toBe(false);
    expect(await exists(`${DIR}/early`)).toBe(true);
    rfs_sysfs_exit();
    expect(await exists('/sys/fs/redirfs')).toBe(false);
    // Without sysfs control, registration goes on; with it back, the directory is back.
    expect(rfs_sysfs_init()).toBe(0);
    expect(await exists(`${DIR}/early`)).toBe(true);
    expect(rfs_unregister_filter(early)).toBe(0);
  });

  it('reads priority and active; writing active asks the filter', async () => {
    expect(rfs_sysfs_init()).toBe(0);
    const mods: rfs_mod[] = [];
    const f = obliging('dummyflt', 999, mods);
    expect(await kread(`${DIR}/dummyflt/priority`)).toBe('999\n');
    expect(await kread(`${DIR}/dummyflt/active`)).toBe('0\n');
    expect(await kwrite(`${DIR}/dummyflt/active`, '1\n')).toBe(2);
    expect(flt_is_active(f)).toBe(true);
    expect(await kread(`${DIR}/dummyflt/active`)).toBe('1\n');
    expect(await kwrite(`${DIR}/dummyflt/active`, '0')).toBe(1);
    expect(flt_is_active(f)).toBe(false);
    rfs_activate_filter(f);
    expect(await kread(`${DIR}/dummyflt/active`)).toBe('1\n');
    expect(mods.map((x) => x.type)).toEqual(['activate', 'deactivate']);
    for (const bad of ['2', 'x', '', '\n', '01', '1\n\n', ' 1', 'true', '-1']) {
      expect(await kwrite(`${DIR}/dummyflt/active`, bad), JSON.stringify(bad)).toBe(bad === '' ? 0 : -EINVAL);
    }
    expect(flt_is_active(f)).toBe(true);
    expect(mods).toHaveLength(2);
    expect(await kwrite(`${DIR}/dummyflt/priority`, '1')).toBe(-EACCES);
    expect(await kwrite(`${DIR}/dummyflt/active`, '0', USER)).toBe(-EACCES);
    expect(flt_is_active(f)).toBe(true);
  });

  it('refuses changes to a filter without a modifier callback', async () => {
    expect(rfs_sysfs_init()).toBe(0);
    const plain = rfs_register_filter({ name: 'plain', priority: 1, active: 1 }).filter!;
    expect(await kwrite(`${DIR}/plain/active`, '0\n')).toBe(-EOPNOTSUPP);
    expect(await kwrite(`${DIR}/plain/paths`, 'a:i:/tmp\n')).toBe(-EOPNOTSUPP);
    expect(await kwrite(`${DIR}/plain/paths`, 'c\n')).toBe(-EOPNOTSUPP);
    expect(flt_is_active(plain)).toBe(true);
    expect(path_get_infos(plain).paths).toEqual([]);
  });

  it('lists, adds and removes paths through the paths file', async () => {
    expect(rfs_sysfs_init()).toBe(0);
    const mods: rfs_mod[] = [];
    const f = obliging('dummyflt', 999, mods);
    const paths = `${DIR}/dummyflt/paths`;
    expect(await kread(paths)).toBe('');
    expect(await kwrite(paths, 'a:i:/tmp\n')).toBe(9);
    expect(await kwrite(paths, 'a:e:/etc/passwd')).toBe(15);
    expect(await kwrite(paths, 'a:i:/etc\n')).toBe(9);
    const infos = path_get_infos(f).paths;
    expect(infos.map((p) => [p.path, p.flags])).toEqual([
      ['/tmp', RFS_PATH_SUBTREE | RFS_PATH_INCLUDE],
      ['/etc/passwd', RFS_PATH_SINGLE | RFS_PATH_EXCLUDE],
      ['/etc', RFS_PATH_SUBTREE | RFS_PATH_INCLUDE],
    ]);
    const [tmp, passwd, etc] = infos.map((p) => p.id);
    expect(await kread(paths)).toBe(`i:${tmp}:/tmp\ne:${passwd}:/etc/passwd\ni:${etc}:/etc\n`);
    expect(await kwrite(paths, `r:${passwd}\n`)).toBe(String(passwd).length + 3);
    expect(await kwrite(paths, 'R:/etc\n')).toBe(7);
    expect(await kread(paths)).toBe(`i:${tmp}:/tmp\n`);
    expect(await kwrite(paths, 'c\n')).toBe(2);
    expect(await kread(paths)).toBe('');
    expect(mods.map((x) => x.type)).toEqual(['set_path', 'set_path', 'set_path', 'rem_path', 'rem_path', 'rem_paths']);
  });

  it('answers bad paths input with an error and changes nothing', async () => {
    expect(rfs_sysfs_init()).toBe(0);
    const mods: rfs_mod[] = [];
    const f = obliging('dummyflt', 999, mods);
    expect(await rfs_set_path(f, { path: '/tmp', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE })).toBe(0);
    const before = path_get_infos(f).paths;
    const paths = `${DIR}/dummyflt/paths`;
    const invalid = ['a:x:/tmp', 'a:i:', 'a:/tmp', 'a:i', 'r:', 'r:abc', 'r:-1', 'r:1x', 'R:', 'x', 'cc', 'c:',
      'a:i:/tmp\n/etc', 'A:i:/etc', '\n'];
    for (const bad of invalid) expect(await kwrite(paths, bad), JSON.stringify(bad)).toBe(-EINVAL);
    expect(await kwrite(paths, 'a:i:/nonexistent')).toBe(-ENOENT);
    expect(await kwrite(paths, 'r:999')).toBe(-ENOENT);
    expect(await kwrite(paths, 'R:/etc')).toBe(-ENOENT);
    expect(await kwrite(paths, 'R:/nonexistent')).toBe(-ENOENT);
    expect(await kwrite(paths, 'a:i:/tmp', USER)).toBe(-EACCES);
    expect(path_get_infos(f).paths).toEqual(before);
    // Only the requests that passed parsing reached the filter (and it refused them).
    expect(mods.map((x) => x.type)).toEqual(['rem_path']);
  });

  it('unregisters a filter on "1"; its open files then answer ENODEV', async () => {
    expect(rfs_sysfs_init()).toBe(0);
    obliging('gone', 7);
    const f = await do_filp_open(kernel_ctx(), `${DIR}/gone/priority`, O_RDONLY, 0);
    if (typeof f === 'number') throw new Error(String(f));
    expect(await kwrite(`${DIR}/gone/unregister`, '0\n')).toBe(-EINVAL);
    expect(await kwrite(`${DIR}/gone/unregister`, 'yes')).toBe(-EINVAL);
    expect(flt_get_by_name('gone')).not.toBeNull();
    expect(await kwrite(`${DIR}/gone/unregister`, '1\n', USER)).toBe(-EACCES);
    expect(await kwrite(`${DIR}/gone/unregister`, '1\n')).toBe(2);
    expect(flt_get_by_name('gone')).toBeNull();
    expect(await exists(`${DIR}/gone`)).toBe(false);
    const caller = { pid: 0, cred: root_cred() };
    expect(await kernel_read(f, new Uint8Array(16), { pos: 0 }, caller)).toBe(-ENODEV);
    await fput(f, caller);
  });

  it('keeps framework errors: SUBTREE needs a directory only when asked for one', async () => {
    expect(rfs_sysfs_init()).toBe(0);
    const f = obliging('dummyflt', 999);
    // a:i on a file is a SINGLE include, never ENOTDIR; the framework's own check still holds.
    expect(await kwrite(`${DIR}/dummyflt/paths`, 'a:i:/etc/passwd')).toBe(15);
    expect(await rfs_set_path(f, { path: '/etc/passwd', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE })).toBe(-ENOTDIR);
    rfs_deactivate_filter(f);
  });
});
