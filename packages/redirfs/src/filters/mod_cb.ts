// What the demo filters share: their modifier callback, which lets the administrator (redirctl, sysfs)
// set their paths, remove them and switch them on and off, and their registration.
import type { VfsOp } from '@urfs/emu-kernel/fs/vfs_hook';
import {
  rfs_activate_filter, rfs_deactivate_filter, rfs_register_filter, rfs_unregister_filter, rfs_set_operations,
  rfs_set_mod_cb, type rfs_filter,
} from '../filter.js';
import { rfs_set_path, rfs_rem_path, rfs_rem_paths } from '../path.js';
import { RFS_ERR_OK, type rfs_err, type rfs_mod_cb, type rfs_op_info, type rfs_path_info } from '../rfs.js';
import { RFS_OP_END, rfs_op_vfs_op } from '../ops.js';

export function permissive_mod_cb(flt: rfs_filter): rfs_mod_cb {
  return (mod) => {
    switch (mod.type) {
      case 'activate': return rfs_activate_filter(flt);
      case 'deactivate': return rfs_deactivate_filter(flt);
      case 'set_path': return rfs_set_path(flt, mod.path_info);
      case 'rem_path': return rfs_rem_path(flt, mod.id);
      case 'rem_paths': return rfs_rem_paths(flt);
    }
  };
}

/**
 * Registers a demo filter the way every demo does: active, with `ops` for each operation id whose VFS op
 * `want` selects, the permissive modifier callback, and `paths`; on any failure nothing stays registered.
 */
export async function register_demo_filter(name: string, priority: number, want: (op: VfsOp) => Omit<rfs_op_info, 'op_id'> | null,
  paths: readonly rfs_path_info[]): Promise<{ err: rfs_err; filter?: rfs_filter }> {
  const r = rfs_register_filter({ name, priority, active: 1 });
  if (r.err || !r.filter) return { err: r.err };
  const ops: rfs_op_info[] = [];
  for (let op_id = 0; op_id < RFS_OP_END; op_id++) {
    const op = rfs_op_vfs_op(op_id);
    const info = op ? want(op) : null;
    if (info) ops.push({ ...info, op_id });
  }
  let err = rfs_set_operations(r.filter, ops) || rfs_set_mod_cb(r.filter, permissive_mod_cb(r.filter));
  for (const p of paths) err ||= await rfs_set_path(r.filter, p);
  if (err) {
    rfs_unregister_filter(r.filter);
    return { err };
  }
  return { err: RFS_ERR_OK, filter: r.filter };
}
