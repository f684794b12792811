// dummyflt: RedirFS's example filter. It logs (printk, KERN_INFO) the open, release, permission and lookup
// calls on the objects under its paths, for every object type, and changes nothing.
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import {
  RFS_CONTINUE, RFS_ERR_OK, type rfs_args, type rfs_callback, type rfs_err, type rfs_path_info,
} from '../rfs.js';
import { rfs_op_name } from '../ops.js';
import { rfs_unregister_filter, flt_get, type rfs_filter } from '../filter.js';
import { rfs_get_filename } from '../path.js';
import { register_demo_filter } from './mod_cb.js';

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
  const r = await register_demo_filter(DUMMYFLT_NAME, DUMMYFLT_PRIORITY, (op) => (LOGGED.has(op) ? { pre_cb: dummyflt_cb, post_cb: dummyflt_cb } : null), paths);
  if (r.err || !r.filter) return r.err;
  flt = r.filter;
  return RFS_ERR_OK;
}

export function dummyflt_exit(): void {
  if (flt && flt_get(flt)) rfs_unregister_filter(flt);
  flt = null;
}
