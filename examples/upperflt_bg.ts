// upperflt_bg [-d] [-b] [-p PRIORITY] PATH: upperflt.ts with the demos' command line (demos/src/daemon.ts):
// -b returns once the filter is active and leaves it serving in the background; SIGTERM stops it.
//   pnpm emu --bin upperflt_bg=examples/upperflt_bg.ts -c 'insmod redirfs && insmod urfs && mkdir /tmp/up && echo hello > /tmp/up/a && upperflt_bg -b /tmp/up && cat /tmp/up/a'
import { dprintf } from '@urfs/emu-kernel/user/libc';
import {
  urfs_filter_alloc, rfs_register_filter, rfs_set_operations, rfs_set_path, rfs_activate_filter,
  rfs_deactivate_filter, rfs_unregister_filter, RFS_REG_FOP_READ, RFS_CONTINUE, RFS_PATH_SUBTREE,
  RFS_PATH_INCLUDE, type rfs_callback,
} from '@urfs/liburfs/index';
import { demo_getopt, demo_background, demo_run } from '@urfs/demos/daemon';

const PROG = 'upperflt_bg';

const upper: rfs_callback = (_cx, a) => {
  const b = a.args.buf;
  if (b) for (let i = 0; i < b.length; i++) if (b[i] >= 0x61 && b[i] <= 0x7a) b[i] -= 0x20;
  return RFS_CONTINUE;
};

export default async function main(argv: string[]): Promise<number> {
  const o = demo_getopt(PROG, argv);                          // [-d] [-b] [-p PRIORITY] PATH, or a usage error
  if (typeof o === 'string') return dprintf(2, o + '\n'), 2;
  if (o.background) return demo_background(PROG, argv);       // reruns this program (found as the shell found it)
  return demo_run(PROG, o, async (conn) => {                  // opens /dev/urfs, serves until SIGTERM, closes
    const { filter } = urfs_filter_alloc(conn);
    const r = rfs_register_filter({ name: PROG, priority: o.priority ?? 700, active: 0 }, filter!);
    if (r.err) return r;
    const f = r.filter!;
    const err = rfs_set_operations(f, [{ op_id: RFS_REG_FOP_READ, post_cb: upper }]) ||
      rfs_set_path(f, { path: o.path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE }) || rfs_activate_filter(f);
    return { err, filter: f };
  }, (f) => {
    rfs_deactivate_filter(f);
    rfs_unregister_filter(f);
  });
}
