import { describe, it, expect } from 'vitest';
import { nibble_swap, scramble_start, scramble_stop, type scramble_api } from './scramble_filter.js';
import type { rfs_mod } from '@urfs/redirfs/rfs';

describe('scramble filter logic', () => {
  it('swaps nibbles: hello\\n -> 86 56 c6 c6 f6 a0, and back', () => {
    const d = new TextEncoder().encode('hello\n');
    nibble_swap(d);
    expect([...d]).toEqual([0x86, 0x56, 0xc6, 0xc6, 0xf6, 0xa0]);
    nibble_swap(d);
    expect(new TextDecoder().decode(d)).toBe('hello\n');
  });

  it('registers read post and write pre only, a modifier callback, its path, then activates; stop undoes it', async () => {
    const calls: string[] = [];
    let mod_cb: ((m: rfs_mod) => unknown) | null = null;
    let ops: { op_id: number; pre_cb?: unknown; post_cb?: unknown }[] = [];
    const api: scramble_api<string, null, { d: Uint8Array }> = {
      RFS_REG_FOP_READ: 74, RFS_REG_FOP_WRITE: 75, RFS_CONTINUE: 1, RFS_ERR_OK: 0,
      RFS_PATH_SUBTREE: 2, RFS_PATH_INCLUDE: 4,
      rfs_register_filter: (i) => (calls.push(`register ${i.name} ${i.priority}`), { err: 0, filter: 'F' }),
      rfs_unregister_filter: () => (calls.push('unregister'), 0),
      rfs_set_operations: (_f, o) => ((ops = o), 0),
      rfs_set_path: async (_f, p) => (calls.push(`path ${p.path} ${p.flags}`), 0),
      rfs_activate_filter: () => (calls.push('activate'), 0),
      rfs_deactivate_filter: () => (calls.push('deactivate'), 0),
      rfs_set_mod_cb: (_f, cb) => ((mod_cb = cb), 0),
      rfs_rem_path: (_f, id) => (calls.push(`rem ${id}`), 0),
      rfs_rem_paths: () => (calls.push('rem all'), 0),
      rfs_args_data: (a) => a.d,
      rfs_args_set_data: (a, d) => void (a.d = d),
    };
    const r = await scramble_start(api, { name: 's', priority: 9, path: '/x' });
    expect(r).toEqual({ err: 0, filter: 'F' });
    expect(calls).toEqual(['register s 9', 'path /x 6', 'activate']);
    expect(ops.map((o) => [o.op_id, Boolean(o.pre_cb), Boolean(o.post_cb)])).toEqual([[74, false, true], [75, true, false]]);
    const a = { d: new Uint8Array([0x12]) };
    expect(await (ops[0].post_cb as (c: null, a: { d: Uint8Array }) => unknown)(null, a)).toBe(1);
    expect([...a.d]).toEqual([0x21]);
    expect(await mod_cb!({ type: 'deactivate' })).toBe(0);
    expect(await mod_cb!({ type: 'rem_path', id: 3 })).toBe(0);
    expect(await mod_cb!({ type: 'rem_paths' })).toBe(0);
    scramble_stop(api, 'F');
    expect(calls.slice(-5)).toEqual(['deactivate', 'rem 3', 'rem all', 'deactivate', 'unregister']);
  });
});
