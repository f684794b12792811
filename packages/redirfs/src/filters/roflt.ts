// roflt: makes the objects under its paths read-only. Every modifying operation answers EROFS before it
// runs: write permission checks, writes, attribute changes and the directory operations that add, remove
// or rename names.
import { EROFS } from '@urfs/emu-kernel/uapi/errno';
import { MAY_WRITE, MAY_APPEND } from '@urfs/emu-kernel/fs/namei';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import {
  RFS_CONTINUE, RFS_STOP, RFS_ERR_OK, type rfs_callback, type rfs_err, type rfs_path_info,
} from '../rfs.js';
import { rfs_unregister_filter, flt_get, type rfs_filter } from '../filter.js';
import { rfs_get_filename } from '../path.js';
import { register_demo_filter } from './mod_cb.js';

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
  const r = await register_demo_filter(ROFLT_NAME, ROFLT_PRIORITY, (op) => (MODIFYING.has(op) || op === 'permission' ? { pre_cb: deny } : null), paths);
  if (r.err || !r.filter) return r.err;
  flt = r.filter;
  return RFS_ERR_OK;
}

export function roflt_exit(): void {
  if (flt && flt_get(flt)) rfs_unregister_filter(flt);
  flt = null;
}
