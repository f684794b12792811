// dummyflt: RedirFS's example filter. It logs (printk, KERN_INFO) the open, release, permission and lookup
// calls on the objects under its paths, for every object type, and changes nothing.
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import {
  RFS_CONTINUE, RFS_ERR_OK, type rfs_args, type rfs_callback, type rfs_err, type rfs_op_info, type rfs_path_info,
} from '../rfs.js';
import { RFS_OP_END, rfs_op_name, rfs_op_vfs_op } from '../ops.js';
import {
  rfs_register_filter, rfs_unregister_filter, rfs_set_operations, rfs_set_mod_cb, flt_get, type rfs_filter,
} from '../filter.js';
import { rfs_set_path, rfs_get_filename } from '../path.js';
import { permissive_mod_cb } from './mod_cb.js';

export const DUMMYFLT_NAME = 'dummyflt';
export const DUMMYFLT_PRIORITY = 999;
const LOGGED = new Set(['open', 'release', 'permission', 'lookup']);

let flt: rfs_filter | null = null;

/** The object an operation is about, by name. */
function object_name(a: rfs_args): string {
  switch (a.op) {
    case 'open':
    case 'release':
      return rfs_get_filename(a.args.file).name;
    case 'permission':
      return a.args.dentry ? rfs_get_filename(a.args.dentry).name : `inode ${a.args.inode.i_ino}`;
    case 'lookup': {
      const dir = a.args.dentry.d_parent ? rfs_get_filename(a.args.dentry.d_parent).name : '';
      return `${dir === '/' ? '' : dir}/${a.args.dentry.d_name}`;
    }
    default:
      return '';
  }
}

const dummyflt_cb: rfs_callback = (cx, a) => {
  const extra = a.op === 'permission' ? ` mask ${a.args.mask}` : '';
  const result = a.type.call === 'post' ? ` = ${a.retv}` : '';
  pr_info(`dummyflt: ${a.type.call} ${rfs_op_name(a.type.id)} ${object_name(a)}${extra}${result} (pid ${cx.caller.pid})`);
  return RFS_CONTINUE;
};

/** Registers dummyflt (active) with its callbacks, and sets `paths` if given. */
export async function dummyflt_init(paths: readonly rfs_path_info[] = []): Promise<rfs_err> {
  if (flt && flt_get(flt)) return RFS_ERR_OK;
  const r = rfs_register_filter({ name: DUMMYFLT_NAME, priority: DUMMYFLT_PRIORITY, active: 1 });
  if (r.err || !r.filter) return r.err;
  const ops: rfs_op_info[] = [];
  for (let op_id = 0; op_id < RFS_OP_END; op_id++) {
    const op = rfs_op_vfs_op(op_id);
    if (op && LOGGED.has(op)) ops.push({ op_id, pre_cb: dummyflt_cb, post_cb: dummyflt_cb });
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

export function dummyflt_exit(): void {
  if (flt && flt_get(flt)) rfs_unregister_filter(flt);
  flt = null;
}
