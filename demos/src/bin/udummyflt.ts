// udummyflt [-d] [-b] [-p PRIORITY] PATH: dummyflt in user space. Logs every permission check and open
// (before and after) of the objects under PATH on its standard output, and changes nothing.
import { dprintf, writeAll } from '@urfs/emu-kernel/user/libc';
import {
  rfs_register_filter, rfs_unregister_filter, rfs_set_operations, rfs_set_path, rfs_activate_filter,
  rfs_deactivate_filter, rfs_set_mod_cb, rfs_rem_path, rfs_rem_paths, urfs_filter_alloc, rfs_op_name, rfs_op_vfs_op, RFS_OP_END, RFS_CONTINUE,
  RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, type rfs_callback, type rfs_op_info,
} from '@urfs/liburfs/index';
import { demo_getopt, demo_background, demo_run } from '../daemon.js';

const PROG = 'udummyflt';
const LOGGED = new Set(['open', 'permission']);

const log_cb: rfs_callback = (cx, a) => {
  const extra = a.op === 'permission' ? ` mask ${a.args.mask}` : '';
  const result = a.type.call === 'post' ? ` = ${a.retv}` : '';
  writeAll(1, `${PROG}: ${a.type.call} ${rfs_op_name(a.type.id)} ${a.args.path}${extra}${result} (pid ${cx.caller.pid} uid ${cx.caller.uid})\n`);
  return RFS_CONTINUE;
};

export default async function main(argv: string[]): Promise<number> {
  const o = demo_getopt(PROG, argv);
  if (typeof o === 'string') return dprintf(2, o + '\n'), 2;
  if (o.background) return demo_background(PROG, argv);
  return demo_run(PROG, o, async (conn) => {
    const { filter } = urfs_filter_alloc(conn);
    const r = rfs_register_filter({ name: PROG, priority: o.priority ?? 998, active: 0 }, filter!);
    if (r.err || !r.filter) return r;
    const f = r.filter;
    const ops: rfs_op_info[] = [];
    for (let op_id = 0; op_id < RFS_OP_END; op_id++) {
      if (LOGGED.has(rfs_op_vfs_op(op_id) ?? '')) ops.push({ op_id, pre_cb: log_cb, post_cb: log_cb });
    }
    let err = rfs_set_operations(f, ops) || rfs_set_mod_cb(f, (mod) => {
      switch (mod.type) {
        case 'set_path': return rfs_set_path(f, mod.path_info);
        case 'activate': return rfs_activate_filter(f);
        case 'deactivate': return rfs_deactivate_filter(f);
        case 'rem_path': return rfs_rem_path(f, mod.id);
        case 'rem_paths': return rfs_rem_paths(f);
      }
    });
    err ||= rfs_set_path(f, { path: o.path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE });
    err ||= rfs_activate_filter(f);
    if (err) {
      rfs_unregister_filter(f);
      return { err, filter: null };
    }
    return { err: 0, filter: f };
  }, (f) => {
    rfs_deactivate_filter(f);
    rfs_unregister_filter(f);
  });
}
