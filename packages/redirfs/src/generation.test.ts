// The filter generation: every change of what a filter sees (its paths, its activation, its operations,
// its unregistration, the framework's stop) moves rfs_filter_generation; calls that change nothing or
// fail leave it, and another filter's changes leave it too.
import { describe, it, expect } from 'vitest';
import { use_redirfs_machine } from './machine.fixture.js';
import { kernel_write_file } from '@urfs/emu-kernel/init/main';
import {
  RFS_CONTINUE, RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOENT, RFS_PATH_SUBTREE, RFS_PATH_SINGLE, RFS_PATH_INCLUDE,
  RFS_PATH_EXCLUDE,
} from './rfs.js';
import { RFS_REG_FOP_OPEN } from './ops.js';
import {
  rfs_register_filter, rfs_unregister_filter, rfs_set_operations, rfs_activate_filter, rfs_deactivate_filter,
  rfs_set_private_data, rfs_set_mod_cb, rfs_filter_generation, type rfs_filter,
} from './filter.js';
import { rfs_set_path, rfs_rem_path, rfs_rem_paths, path_rem_by_name, path_get_infos } from './path.js';
import { redirfs_exit, redirfs_init } from './chain.js';

function reg(name: string, priority: number, active = 0): rfs_filter {
  const r = rfs_register_filter({ name, priority, active });
  expect(r.err).toBe(RFS_ERR_OK);
  return r.filter!;
}

/** How much `fn` moved the generation of `f`. */
async function moved(f: rfs_filter, fn: () => unknown): Promise<number> {
  const g = rfs_filter_generation(f);
  await fn();
  return rfs_filter_generation(f) - g;
}

describe('rfs_filter_generation', () => {
  use_redirfs_machine({ booted: () => {} });

  it('moves on paths set and removed, activation, deactivation and operations; not on no-ops or failures', async () => {
    expect(await kernel_write_file({ path: '/tmp/gen/a/f', mode: 0o644, content: '' })).toBe(0);
    const f = reg('gen', 10);
    const other = reg('other', 20);
    expect(rfs_filter_generation(f)).toBeGreaterThanOrEqual(1);
    const inc = { path: '/tmp/gen', flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE };
    expect(await moved(f, async () => expect(await rfs_set_path(f, inc)).toBe(RFS_ERR_OK))).toBe(1);
    expect(await moved(f, async () => expect(await rfs_set_path(f, { path: '/tmp/gen/a', flags: RFS_PATH_SUBTREE | RFS_PATH_EXCLUDE }))
      .toBe(RFS_ERR_OK))).toBe(1);
    expect(await moved(f, async () => expect(await rfs_set_path(f, { path: '/tmp/gen/nope', flags: RFS_PATH_SINGLE | RFS_PATH_INCLUDE }))
      .toBe(RFS_ERR_NOENT))).toBe(0);
    expect(await moved(f, () => expect(rfs_activate_filter(f)).toBe(RFS_ERR_OK))).toBe(1);
    expect(await moved(f, () => expect(rfs_activate_filter(f)).toBe(RFS_ERR_OK))).toBe(0);
    const ops = [{ op_id: RFS_REG_FOP_OPEN, pre_cb: () => RFS_CONTINUE }];
    expect(await moved(f, () => expect(rfs_set_operations(f, ops)).toBe(RFS_ERR_OK))).toBe(1);
    expect(await moved(f, () => expect(rfs_set_operations(f, [{ op_id: -1 }])).toBe(RFS_ERR_INVAL))).toBe(0);
    expect(await moved(f, () => expect(rfs_deactivate_filter(f)).toBe(RFS_ERR_OK))).toBe(1);
    expect(await moved(f, () => expect(rfs_deactivate_filter(f)).toBe(RFS_ERR_OK))).toBe(0);
    // Private data and the modifier callback do not change what the filter sees.
    expect(await moved(f, () => {
      rfs_set_private_data(f, { x: 1 });
      rfs_set_mod_cb(f, () => 0);
    })).toBe(0);
    // Another filter's changes are its own.
    expect(await moved(f, async () => {
      await rfs_set_path(other, inc);
      rfs_activate_filter(other);
      rfs_set_operations(other, ops);
    })).toBe(0);
    const ids = path_get_infos(f).paths.map((p) => p.id);
    expect(ids).toHaveLength(2);
    expect(await moved(f, () => expect(rfs_rem_path(f, ids[1])).toBe(RFS_ERR_OK))).toBe(1);
    expect(await moved(f, () => expect(rfs_rem_path(f, ids[1])).toBe(RFS_ERR_NOENT))).toBe(0);
    expect(await moved(f, async () => expect(await path_rem_by_name(f, '/tmp/gen')).toBe(RFS_ERR_OK))).toBe(1);
    await rfs_set_path(f, inc);
    expect(await moved(f, () => expect(rfs_rem_paths(f)).toBe(RFS_ERR_OK))).toBeGreaterThanOrEqual(1);
  });

  it('moves on unregistration and on the framework stop, and stays readable on the dead handle', () => {
    const f = reg('gone', 10, 1);
    const g = rfs_filter_generation(f);
    expect(rfs_unregister_filter(f)).toBe(RFS_ERR_OK);
    expect(rfs_filter_generation(f)).toBeGreaterThan(g);
    const h = reg('stopped', 11, 1);
    const hg = rfs_filter_generation(h);
    redirfs_exit();
    expect(rfs_filter_generation(h)).toBeGreaterThan(hg);
    expect(redirfs_init()).toBe(0);
    expect(rfs_filter_generation({ name: 'fake', priority: 1 })).toBe(RFS_ERR_INVAL);
  });
});
