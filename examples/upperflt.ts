// upperflt PATH: every byte read under PATH comes back upper-cased (the file is unchanged).
import {
  urfs_open, urfs_close, urfs_filter_alloc, urfs_main, urfs_getopt_debug, rfs_register_filter,
  rfs_set_operations, rfs_set_path, rfs_activate_filter, rfs_deactivate_filter, rfs_unregister_filter,
  RFS_REG_FOP_READ, RFS_CONTINUE, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, type rfs_callback,
} from '@urfs/liburfs/index';

const upper: rfs_callback = (_cx, a) => {
  const b = a.args.buf;                         // the bytes read, in memory the kernel shares with us
  if (b) for (let i = 0; i < b.length; i++) if (b[i] >= 0x61 && b[i] <= 0x7a) b[i] -= 0x20;
  return RFS_CONTINUE;                          // the kernel copies them into the reader's buffer
};

export default async function main(argv: string[]): Promise<number> {
  const { debug, argv: args } = urfs_getopt_debug(argv.slice(1));
  const { conn } = urfs_open({ debug });                      // 1. connect (root only)
  if (!conn) return 1;
  const { filter } = urfs_filter_alloc(conn);                 // 2. a filter handle
  const r = rfs_register_filter({ name: 'upperflt', priority: 700, active: 0 }, filter!);   // 3. register
  if (r.err) return 1;
  const f = r.filter!;
  rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, post_cb: upper }]);  // 4. only a post-read callback
  rfs_set_path(f, { path: args[0], flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE });   // 5. where
  rfs_activate_filter(f);                                     // 6. on
  await urfs_main(conn, f);                                   // 7. serve until SIGTERM/SIGINT/SIGHUP
  rfs_deactivate_filter(f);                                   // 8-10. off, gone, disconnected
  rfs_unregister_filter(f);
  urfs_close(conn);
  return 0;
}
