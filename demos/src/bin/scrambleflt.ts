// scrambleflt [-d] [-b] [-p PRIORITY] PATH: the scramble filter (scramble_filter.ts) in user space. Every
// byte written under PATH is stored with its nibbles swapped and read back plain. -b returns once the
// filter is active (it goes on in the background); SIGTERM stops it cleanly.
import { dprintf } from '@urfs/emu-kernel/user/libc';
import * as api from '@urfs/liburfs/index';
import { scramble_start, scramble_stop } from '../scramble_filter.js';
import { demo_getopt, demo_background, demo_run } from '../daemon.js';

const PROG = 'scrambleflt';

export default async function main(argv: string[]): Promise<number> {
  const o = demo_getopt(PROG, argv);
  if (typeof o === 'string') return dprintf(2, o + '\n'), 2;
  if (o.background) return demo_background(PROG, argv);
  return demo_run(PROG, o,
    async () => scramble_start(api, { name: PROG, priority: o.priority ?? 500, path: o.path }),
    (f) => scramble_stop(api, f));
}
