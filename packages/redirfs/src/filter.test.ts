import { describe, it, expect, beforeEach } from 'vitest';
import {
  RFS_ERR_OK, RFS_ERR_EXIST, RFS_ERR_INVAL, RFS_ERR_NAMETOOLONG, RFS_ERR_OPNOTSUPP, RFS_ERR_NODATA, RFS_CONTINUE,
  type rfs_mod,
} from './rfs.js';
import { RFS_REG_FOP_READ, RFS_OP_END } from './ops.js';
import {
  rfs_register_filter, rfs_unregister_filter, rfs_set_operations, rfs_activate_filter, rfs_deactivate_filter,
  rfs_set_mod_cb, rfs_set_private_data, rfs_get_private_data, flt_get_by_name, flt_get_all_infos, flt_is_active,
  flt_execute_mod_cb, flt_op_users, filters_reset, rfs_register_notifier, type rfs_filter,
} from './filter.js';
import {
  rfs_attach_data_inode, rfs_get_data_inode, rfs_detach_data_inode, rfs_attach_data_file, rfs_get_data_file,
} from './data.js';
import { paths_reset } from './path.js';

function reg(name: string, priority: number, active = 1): rfs_filter {
  const r = rfs_register_filter({ name, priority, active });
  expect(r.err).toBe(RFS_ERR_OK);
  return r.filter!;
}

describe('filter registry', () => {
  beforeEach(() => {
    filters_reset();
    paths_reset();
  });

  it('keeps names and priorities unique and lists filters lowest priority first', () => {
    reg('b', 20);
    reg('a', 10, 0);
    reg('c', 30);
    expect(rfs_register_filter({ name: 'b', priority: 99, active: 1 })).toEqual({ err: RFS_ERR_EXIST, filter: null });
    expect(rfs_register_filter({ name: 'z', priority: 10, active: 1 })).toEqual({ err: RFS_ERR_EXIST, filter: null });
    expect(flt_get_all_infos()).toEqual([
      { name: 'a', priority: 10, active: 0 }, { name: 'b', priority: 20, active: 1 }, { name: 'c', priority: 30, active: 1 },
    ]);
    expect(flt_get_by_name('c')?.priority).toBe(30);
    expect(flt_get_by_name('nope')).toBeNull();
  });

  it('rejects bad registrations', () => {
    expect(rfs_register_filter({ name: '', priority: 1, active: 0 }).err).toBe(RFS_ERR_INVAL);
    expect(rfs_register_filter({ name: 'a/b', priority: 1, active: 0 }).err).toBe(RFS_ERR_INVAL);
    expect(rfs_register_filter({ name: 'x', priority: 1.5, active: 0 }).err).toBe(RFS_ERR_INVAL);
    expect(rfs_register_filter({ name: 'x'.repeat(256), priority: 1, active: 0 }).err).toBe(RFS_ERR_NAMETOOLONG);
    expect(rfs_register_filter(null as never).err).toBe(RFS_ERR_INVAL);
    expect(flt_get_all_infos()).toEqual([]);
  });

  it('unregisters once; a stale handle is RFS_ERR_INVAL everywhere', () => {
    const f = reg('f', 1);
    expect(rfs_unregister_filter(f)).toBe(RFS_ERR_OK);
    expect(rfs_unregister_filter(f)).toBe(RFS_ERR_INVAL);
    expect(rfs_activate_filter(f)).toBe(RFS_ERR_INVAL);
    expect(rfs_set_operations(f, [])).toBe(RFS_ERR_INVAL);
    expect(rfs_set_private_data(f, 1)).toBe(RFS_ERR_INVAL);
    expect(rfs_set_mod_cb(f, null)).toBe(RFS_ERR_INVAL);
    // Its name and priority are free again.
    reg('f', 1);
  });

  it('counts the active filters per operation id', () => {
    const f = reg('f', 1, 0);
    const g = reg('g', 2);
    const cb = () => RFS_CONTINUE;
    expect(rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, pre_cb: cb }])).toBe(RFS_ERR_OK);
    expect(rfs_set_operations(g, [{ op_id: RFS_REG_FOP_READ, post_cb: cb }])).toBe(RFS_ERR_OK);
    expect(flt_op_users(RFS_REG_FOP_READ)).toBe(1);
    expect(rfs_activate_filter(f)).toBe(RFS_ERR_OK);
    expect(flt_is_active(f)).toBe(true);
    expect(flt_op_users(RFS_REG_FOP_READ)).toBe(2);
    expect(rfs_deactivate_filter(g)).toBe(RFS_ERR_OK);
    expect(flt_op_users(RFS_REG_FOP_READ)).toBe(1);
    expect(rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, pre_cb: null }])).toBe(RFS_ERR_OK);
    expect(flt_op_users(RFS_REG_FOP_READ)).toBe(0);
  });

  it('checks the whole operation array before changing anything', () => {
    const f = reg('f', 1);
    const cb = () => RFS_CONTINUE;
    expect(rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, pre_cb: cb }, { op_id: RFS_OP_END, pre_cb: cb }]))
      .toBe(RFS_ERR_INVAL);
    expect(rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, pre_cb: 'x' as never }])).toBe(RFS_ERR_INVAL);
    expect(rfs_set_operations(f, 'x' as never)).toBe(RFS_ERR_INVAL);
    expect(flt_op_users(RFS_REG_FOP_READ)).toBe(0);
  });

  it('runs the modifier callback, or answers RFS_ERR_OPNOTSUPP without one', async () => {
    const f = reg('f', 1);
    const mods: rfs_mod[] = [];
    expect(await flt_execute_mod_cb(f, { type: 'activate' })).toBe(RFS_ERR_OPNOTSUPP);
    expect(rfs_set_mod_cb(f, async (mod) => {
      mods.push(mod);
      return mod.type === 'deactivate' ? rfs_deactivate_filter(f) : RFS_ERR_EXIST;
    })).toBe(RFS_ERR_OK);
    expect(await flt_execute_mod_cb(f, { type: 'deactivate' })).toBe(RFS_ERR_OK);
    expect(flt_is_active(f)).toBe(false);
    expect(await flt_execute_mod_cb(f, { type: 'set_path', path_info: { path: '/tmp', flags: 6 } })).toBe(RFS_ERR_EXIST);
    expect(mods.map((m) => m.type)).toEqual(['deactivate', 'set_path']);
    rfs_set_mod_cb(f, () => {
      throw new Error('modifier bug');
    });
    expect(await flt_execute_mod_cb(f, { type: 'activate' })).toBe(RFS_ERR_INVAL);
  });

  it('keeps private data per filter and data per object per filter', () => {
    const f = reg('f', 1);
    const g = reg('g', 2);
    expect(rfs_set_private_data(f, { who: 'f' })).toBe(RFS_ERR_OK);
    expect(rfs_get_private_data(f)).toEqual({ err: RFS_ERR_OK, data: { who: 'f' } });
    const inode = {} as never;
    expect(rfs_get_data_inode(f, inode).err).toBe(RFS_ERR_NODATA);
    expect(rfs_attach_data_inode(f, inode, 'f-data').err).toBe(RFS_ERR_OK);
    expect(rfs_attach_data_inode(f, inode, 'again')).toEqual({ err: RFS_ERR_EXIST, exist: 'f-data' });
    expect(rfs_get_data_inode(g, inode).err).toBe(RFS_ERR_NODATA);
    expect(rfs_get_data_inode(f, inode)).toEqual({ err: RFS_ERR_OK, data: 'f-data' });
    expect(rfs_detach_data_inode(f, inode)).toEqual({ err: RFS_ERR_OK, data: 'f-data' });
    expect(rfs_detach_data_inode(f, inode).err).toBe(RFS_ERR_NODATA);
    const file = {} as never;
    expect(rfs_attach_data_file(g, file, 7).err).toBe(RFS_ERR_OK);
    rfs_unregister_filter(g);
    expect(rfs_get_data_file(g, file).err).toBe(RFS_ERR_INVAL);
  });

  it('tells notifiers about registrations and state changes', () => {
    const events: string[] = [];
    const off = rfs_register_notifier((e, f) => events.push(`${e}:${f.name}`));
    const f = reg('f', 1, 0);
    rfs_activate_filter(f);
    rfs_activate_filter(f);
    rfs_deactivate_filter(f);
    rfs_unregister_filter(f);
    off();
    reg('g', 2);
    expect(events).toEqual(['register:f', 'activate:f', 'deactivate:f', 'unregister:f']);
  });
});
