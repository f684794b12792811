// A filter that does nothing, as a definition: empty pre- and post-callbacks on open, release, read and
// write of regular files under its paths. What it costs is what RedirFS (in the kernel, kemptyflt) or urfs
// (in user space, emptyflt) costs a filter, with no work of its own: the benchmark's baseline for the
// scramble filter.
import type { urfs_filter_def } from '@urfs/redirfs/filter_def';

const nothing = (): void => undefined;
const both = { types: ['reg'] as const, pre: nothing, post: nothing };

export const empty_filter: urfs_filter_def = {
  name: 'emptyflt',
  priority: 600,
  description: 'Empty callbacks on open, release, read and write: what a filter costs by itself.',
  ops: { open: both, release: both, read: both, write: both },
};
