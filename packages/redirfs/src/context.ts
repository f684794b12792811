// The per-call context (rfs_context): one per filtered operation, handed to every callback of the call.
import type { VfsCaller } from '@urfs/emu-kernel/fs/vfs_hook';
import type { rfs_context } from './rfs.js';
import type { filter } from './filter.js';

export class context implements rfs_context {
  /** Data each filter attached for this call (rfs_attach_data_context). */
  readonly cx_data = new Map<filter, unknown>();
  /** The filter whose callback runs now: rfs_get_contextflt_private_data answers with its private data. */
  cx_flt: filter | null = null;
  constructor(readonly caller: VfsCaller) {}
}
