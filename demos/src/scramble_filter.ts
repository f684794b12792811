// The scramble filter as a definition: it swaps the two nibbles of every byte read (post-read) and written
// (pre-write) under its paths, so files are stored scrambled and read back plain. scrambleflt runs it as a
// ufilter program (liburfs's urfs_run), kscrambleflt loads the very same definition as a kernel module
// (RedirFS's rfs_def_module).
import type { urfs_filter_def, urfs_handler } from '@urfs/redirfs/filter_def';

/** Swaps the nibbles of every byte, in place ('h' 0x68 <-> 0x86). Its own inverse. */
export function nibble_swap(d: Uint8Array): void {
  for (let i = 0; i < d.length; i++) {
    const b = d[i];
    d[i] = ((b & 0x0f) << 4) | (b >> 4);
  }
}

const swap: urfs_handler<'read' | 'write'> = (_cx, { args: { buf } }) => {
  if (buf) nibble_swap(buf);
};

export const scramble_filter: urfs_filter_def = {
  name: 'scrambleflt',
  priority: 500,
  description: 'Every byte written under PATH is stored with its nibbles swapped, and read back plain.',
  ops: { read: { types: ['reg'], post: swap }, write: { types: ['reg'], pre: swap } },
};
