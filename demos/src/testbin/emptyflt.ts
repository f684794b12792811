// emptyflt [-d] [-b] [-p PRIORITY] PATH: the empty filter (empty_filter.ts) in user space, for the
// benchmark (installed in /usr/libexec/urfs-test). -b returns once it is active; SIGTERM stops it.
import { dprintf } from '@urfs/emu-kernel/user/libc';
import * as api from '@urfs/liburfs/index';
import { empty_start, empty_stop } from '../empty_filter.js';
import { demo_getopt, demo_background, demo_run } from '../daemon.js';

const PROG = 'emptyflt';

export default async function main(argv: string[]): Promise<number> {
  const o = demo_getopt(PROG, argv);
  if (typeof o === 'string') return dprintf(2, o + '\n'), 2;
  if (o.background) return demo_background(PROG, argv, `/usr/libexec/urfs-test/${PROG}`);
  return demo_run(PROG, o,
    async () => empty_start(api, { name: PROG, priority: o.priority ?? 600, path: o.path }),
    (f) => empty_stop(api, f));
}
