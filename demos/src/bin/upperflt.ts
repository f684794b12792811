// upperflt PATH...: every byte read under PATH comes back upper-cased; the files are unchanged. The
// filter of liburfs's README, written with the declarative API.
import { urfs_run, type urfs_filter_def } from '@urfs/liburfs/index';

const upperflt: urfs_filter_def = {
  name: 'upperflt',
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

export default (argv: string[]): Promise<number> => urfs_run(upperflt, argv);
