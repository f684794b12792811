// roflt: makes the objects under its paths read-only. Every modifying operation answers EROFS before it
// runs: write permission checks, writes, attribute changes and the directory operations that add, remove
// or rename names.
import { EROFS } from '@urfs/emu-kernel/uapi/errno';
import { MAY_WRITE, MAY_APPEND } from '@urfs/emu-kernel/fs/namei';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import {
  RFS_CONTINUE, RFS_STOP, RFS_ERR_OK, type rfs_callback, type rfs_err, type rfs_op_info, type rfs_path_info,
} from '../rfs.js';
import { RFS_OP_END, rfs_op_vfs_op } from '../ops.js';
import {
  rfs_register_filter, rfs_unregister_filter, rfs_set_operations, rfs_set_mod_cb, flt_get, type rfs_filter,
} from '../filter.js';
import { rfs_set_path, rfs_get_filename } from '../path.js';
import { permissive_mod_cb } from './mod_cb.js';

export const ROFLT_NAME = 'roflt';
export const ROFLT_PRIORITY = 100;
const MODIFYING = new Set(['create', 'mkdir', 'mknod', 'link', 'unlink', 'symlink', 'rmdir', 'rename', 'setattr', 'write']);

let flt: rfs_filter | null = null;

const deny: rfs_callback = (_cx, a) => {
  if (a.op === 'permission' && !(a.args.mask & (MAY_WRITE | MAY_APPEND))) return RFS_CONTINUE;
  if (a.op === 'write') pr_info(`roflt: write to ${rfs_get_filename(a.args.file).name} refused`);
  a.retv = -EROFS;
  return RFS_STOP;
};

/** Registers roflt (active) and sets `paths` if given. */
export async function roflt_init(paths: readonly rfs_path_info[] = []): Promise<rfs_err> {
  if (flt && flt_get(flt)) return RFS_ERR_OK;
  const r = rfs_register_filter({ name: ROFLT_NAME, priority: ROFLT_PRIORITY, active: 1 });
  if (r.err || !r.filter) return r.err;
  const ops: rfs_op_info[] = [];
  for (let op_id = 0; op_id < RFS_OP_END; op_id++) {
    const op = rfs_op_vfs_op(op_id);
    if (op && (MODIFYING.has(op) || op === 'permission')) ops.push({ op_id, pre_cb: deny });
  }
  let err = rfs_set_operations(r.filter, ops) || rfs_set_mod_cb(r.filter, permissive_mod_cb(r.filter));
  for (const p of paths) err ||= await rfs_set_path(r.filter, p);
  if (err) {
    rfs_unregister_filter(r.filter);
    return err;
  }
  flt = r.filter;
  return RFS_ERR_OK;
}

export function roflt_exit(): void {
  if (flt && flt_get(flt)) rfs_unregister_filter(flt);
  flt = null;
}
