// upperflt_bg [-d] [-b] [-p PRIORITY] PATH...: upperflt.ts as a definition run by urfs_run (the declarative
// API in liburfs's README): -b returns once the filter is active and leaves it serving in the background;
// --help, redirctl and SIGTERM are handled.
//   pnpm emu --bin upperflt_bg=examples/upperflt_bg.ts -c 'insmod redirfs && insmod urfs && mkdir /tmp/up && echo hello > /tmp/up/a && upperflt_bg -b /tmp/up && cat /tmp/up/a'
import { urfs_run, type urfs_filter_def } from '@urfs/liburfs/index';

const upperflt_bg: urfs_filter_def = {
  name: 'upperflt_bg',
  priority: 700,
  description: 'Reads under PATH come back upper-cased.',
  ops: {
    read: {
      types: ['reg'],
      post: (_cx, { args: { buf } }) => {
        if (buf) for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x61 && buf[i] <= 0x7a) buf[i] -= 0x20;
      },
    },
  },
};

export default (argv: string[]): Promise<number> => urfs_run(upperflt_bg, argv);
