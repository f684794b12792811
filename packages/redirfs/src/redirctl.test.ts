import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from './machine.fixture.js';
import { Machine, statusToCode } from '@urfs/emu-kernel/host/machine';
import { kernel_ctx } from '@urfs/emu-kernel/init/main';
import { do_filp_open } from '@urfs/emu-kernel/fs/open';
import { filp_close } from '@urfs/emu-kernel/fs/file';
import type { File } from '@urfs/emu-kernel/fs/fs';
import { kernel_ptr } from '@urfs/emu-kernel/mm/uaccess';
import { O_RDWR } from '@urfs/emu-kernel/uapi/fcntl';
import {
  EACCES, EBUSY, EFAULT, EINVAL, ENAMETOOLONG, ENODEV, ENOENT, ENOTTY, EOPNOTSUPP, EPERM,
} from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_ERR_OK, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_SINGLE, RFS_PATH_EXCLUDE, type rfs_mod,
} from './rfs.js';
import {
  rfs_register_filter, rfs_set_mod_cb, rfs_activate_filter, rfs_deactivate_filter, flt_is_active, type rfs_filter,
} from './filter.js';
import { rfs_set_path, path_get_infos } from './path.js';
import { redirctl_init, redirctl_exit } from './redirctl.js';
import {
  REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTERS_INFO_DATA, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE,
  REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, REDIRCTL_CMD_SET_FILTER_PATH, REDIRCTL_CMD_ACTIVATE_FILTER,
  REDIRCTL_CMD_DEACTIVATE_FILTER, redirctl_pack, redirctl_unpack_filters, redirctl_unpack_paths,
} from './redirctl_abi.js';

let m: Machine;
let err = '';
let file: File;

function ioctl(cmd: number, arg: Uint8Array = new Uint8Array(0), f: File = file): Promise<number> {
  return Promise.resolve(f.f_op.unlocked_ioctl!(f, cmd, kernel_ptr(arg)));
}

/** A filter whose modifier callback does what redirctl asks, as dummyflt's does. */
function obliging(name: string, priority: number, mods: rfs_mod[]): rfs_filter {
  const f = rfs_register_filter({ name, priority, active: 0 }).filter!;
  rfs_set_mod_cb(f, (mod) => {
    mods.push(mod);
    if (mod.type === 'activate') return rfs_activate_filter(f);
    if (mod.type === 'deactivate') return rfs_deactivate_filter(f);
    return rfs_set_path(f, mod.path_info);
  });
  return f;
}

describe('/dev/redirctl', () => {
  use_redirfs_machine({
    booted: (b) => (m = b),
    stderr: (s) => void (err += s),
    async before_each() {
      expect(redirctl_init()).toBe(0);
      const f = await do_filp_open(kernel_ctx(), '/dev/redirctl', O_RDWR, 0);
      if (typeof f === 'number') throw new Error(`open /dev/redirctl: ${f}`);
      file = f;
    },
    async after_each() {
      await filp_close(file, { pid: 0, cred: kernel_ctx().cred });
      redirctl_exit();
    },
  });

  it('lists filters: PREPARE gives the size, DATA the packed records', async () => {
    expect(redirctl_init()).toBe(-EBUSY);
    const empty = await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE);
    expect(empty).toBe(4);
    const buf0 = new Uint8Array(empty);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_DATA, buf0)).toBe(4);
    expect(redirctl_unpack_filters(buf0)).toEqual([]);

    obliging('dummyflt', 100, []);
    rfs_register_filter({ name: 'roflt', priority: 50, active: 1 });
    const n = await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE);
    expect(n).toBe(4 + (4 + 5 + 8) + (4 + 8 + 8));
    const buf = new Uint8Array(n);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_DATA, buf)).toBe(n);
    expect(redirctl_unpack_filters(buf)).toEqual([
      { name: 'roflt', priority: 50, active: 1 }, { name: 'dummyflt', priority: 100, active: 0 },
    ]);
    // DATA hands over what PREPARE made, once.
    expect(await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_DATA, buf)).toBe(-EINVAL);
  });

  it('lists a filter\'s paths', async () => {
    const f = obliging('dummyflt', 1, []);
    expect(await rfs_set_path(f, { path: '/tmp', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE })).toBe(RFS_ERR_OK);
    expect(await rfs_set_path(f, { path: '/etc/passwd', flags: RFS_PATH_SINGLE | RFS_PATH_EXCLUDE })).toBe(RFS_ERR_OK);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE, redirctl_pack('nope'))).toBe(-ENODEV);
    const n = await ioctl(REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE, redirctl_pack('dummyflt'));
    const buf = new Uint8Array(n);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, buf)).toBe(n);
    const ids = path_get_infos(f).paths.map((p) => p.id);
    expect(redirctl_unpack_paths(buf)).toEqual([
      { id: ids[0], path: '/tmp', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE },
      { id: ids[1], path: '/etc/passwd', flags: RFS_PATH_SINGLE | RFS_PATH_EXCLUDE },
    ]);
  });

  it('sets paths and (de)activates through the modifier callback', async () => {
    const mods: rfs_mod[] = [];
    const f = obliging('dummyflt', 1, mods);
    expect(await ioctl(REDIRCTL_CMD_SET_FILTER_PATH, redirctl_pack('dummyflt', '/tmp', RFS_PATH_SUBTREE | RFS_PATH_INCLUDE)))
      .toBe(0);
    expect(path_get_infos(f).paths.map((p) => p.path)).toEqual(['/tmp']);
    expect(await ioctl(REDIRCTL_CMD_SET_FILTER_PATH, redirctl_pack('dummyflt', '/nowhere', RFS_PATH_SUBTREE | RFS_PATH_INCLUDE)))
      .toBe(-ENOENT);
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack('dummyflt'))).toBe(0);
    expect(flt_is_active(f)).toBe(true);
    expect(await ioctl(REDIRCTL_CMD_DEACTIVATE_FILTER, redirctl_pack('dummyflt'))).toBe(0);
    expect(flt_is_active(f)).toBe(false);
    expect(mods.map((x) => x.type)).toEqual(['set_path', 'set_path', 'activate', 'deactivate']);
  });

  it('refuses what it cannot do', async () => {
    const plain = rfs_register_filter({ name: 'plain', priority: 1, active: 0 }).filter!;
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack('plain'))).toBe(-EOPNOTSUPP);
    expect(flt_is_active(plain)).toBe(false);
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack('ghost'))).toBe(-ENODEV);
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack(-1))).toBe(-EINVAL);
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack(1000))).toBe(-ENAMETOOLONG);
    // A length that promises more than the buffer holds, and a buffer too small for the list.
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack(10))).toBe(-EFAULT);
    expect(await ioctl(REDIRCTL_CMD_SET_FILTER_PATH, redirctl_pack('plain', '/tmp'))).toBe(-EFAULT);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE)).toBeGreaterThan(4);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_DATA, new Uint8Array(2))).toBe(-EFAULT);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, new Uint8Array(64))).toBe(-EINVAL);
    expect(await ioctl(7)).toBe(-ENOTTY);
    expect(await ioctl(0x5401)).toBe(-ENOTTY);
  });

  it('is root only', async () => {
    const user = { uid: 1000, gid: 1000, euid: 1000, egid: 1000, groups: [1000] };
    expect(await do_filp_open({ ...kernel_ctx(), cred: user }, '/dev/redirctl', O_RDWR, 0)).toBe(-EACCES);
    err = '';
    const { exited } = await m.spawn({ argv: ['/bin/cat', '/dev/redirctl'], cred: user });
    expect(statusToCode(await exited)).toBe(1);
    expect(err).toContain('Permission denied');
    // Even through a descriptor root handed over, a user cannot change filters.
    obliging('dummyflt', 1, []);
    const fake = Object.create(file, { f_cred: { value: user } }) as File;
    expect(await ioctl(REDIRCTL_CMD_ACTIVATE_FILTER, redirctl_pack('dummyflt'), fake)).toBe(-EPERM);
    expect(await ioctl(REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, undefined, fake)).toBeGreaterThan(4);
  });
});
