// The upper-casing filter as a definition: every byte read under its paths comes back upper-cased; the
// files are unchanged. upperflt runs it as a ufilter program, kupperflt loads it as a kernel module.
import type { urfs_filter_def } from '@urfs/redirfs/filter_def';

export const upper_filter: urfs_filter_def = {
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
