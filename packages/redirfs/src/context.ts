// The per-call context (rfs_context): one per filtered operation, handed to every callback of the call.
import type { VfsCaller } from '@urfs/emu-kernel/fs/vfs_hook';
import type { rfs_context } from './rfs.js';
import type { filter } from './filter.js';

export class context implements rfs_context {
  private data: Map<filter, unknown> | null = null;
  /** Data each filter attached for this call (rfs_attach_data_context); made on first use. */
  get cx_data(): Map<filter, unknown> {
    return (this.data ??= new Map());
  }
  /** The filter whose callback runs now: rfs_get_contextflt_private_data answers with its private data. */
  cx_flt: filter | null = null;
  constructor(readonly caller: VfsCaller) {}
}
