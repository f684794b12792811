// The `path=` and `exclude=` parameters of the demo filter modules: comma-separated paths, each a
// subtree when it is a directory and the single object otherwise.
import { pr_err } from '@urfs/emu-kernel/kernel/printk';
import { RFS_ERR_NOENT, RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE, type rfs_err, type rfs_path_info } from '../rfs.js';
import { path_flags_for } from '../path.js';

function split(list: unknown): string[] {
  return typeof list === 'string' ? list.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * The path infos the parameters name. A path that does not resolve is logged (`who` names the module)
 * and its rfs_err returned.
 */
export async function param_paths(who: string, include: unknown, exclude: unknown): Promise<rfs_path_info[] | rfs_err> {
  const out: rfs_path_info[] = [];
  for (const [list, kind] of [[include, RFS_PATH_INCLUDE], [exclude, RFS_PATH_EXCLUDE]] as const) {
    for (const path of split(list)) {
      const r = await path_flags_for(path, kind);
      if (r.err) {
        pr_err(`${who}: cannot use path ${path}: ${r.err === RFS_ERR_NOENT ? 'no such file or directory' : `error ${r.err}`}`);
        return r.err;
      }
      out.push({ path, flags: r.flags });
    }
  }
  return out;
}
