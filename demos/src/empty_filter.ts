// A filter that does nothing, written once against the RFS API like scramble_filter.ts: empty pre- and
// post-callbacks on open, release, read and write of regular files under its path. What it costs is what
// RedirFS (in the kernel) or urfs (in user space) costs a filter, with no work of its own: the benchmark's
// baseline for the scramble filter. An empty user callback never asks for the arguments (no GET_ARGS).
import type { Callback, rfs_api_core } from './portable_api.js';

/** The part of the RFS API the filter uses; both the kernel's and liburfs's fit it. */
export interface empty_api<F, C, A> extends rfs_api_core<F, C, A> {
  readonly RFS_REG_FOP_OPEN: number;
  readonly RFS_REG_FOP_RELEASE: number;
  readonly RFS_REG_FOP_READ: number;
  readonly RFS_REG_FOP_WRITE: number;
}

/** Registers, sets the four operations' empty callbacks and the path (a subtree), then activates. */
export async function empty_start<F, C, A>(api: empty_api<F, C, A>, o: { name: string; priority: number; path: string }):
  Promise<{ err: number; filter: F | null }> {
  const cb: Callback<C, A> = () => api.RFS_CONTINUE;
  const r = api.rfs_register_filter({ name: o.name, priority: o.priority, active: 0 });
  if (r.err || r.filter === null) return { err: r.err, filter: null };
  const f = r.filter;
  let err = api.rfs_set_operations(f, [api.RFS_REG_FOP_OPEN, api.RFS_REG_FOP_RELEASE, api.RFS_REG_FOP_READ,
    api.RFS_REG_FOP_WRITE].map((op_id) => ({ op_id, pre_cb: cb, post_cb: cb })));
  err ||= await api.rfs_set_path(f, { path: o.path, flags: api.RFS_PATH_SUBTREE | api.RFS_PATH_INCLUDE });
  err ||= api.rfs_activate_filter(f);
  if (err) {
    api.rfs_unregister_filter(f);
    return { err, filter: null };
  }
  return { err: 0, filter: f };
}

export function empty_stop<F, C, A>(api: empty_api<F, C, A>, f: F): number {
  api.rfs_deactivate_filter(f);
  return api.rfs_unregister_filter(f);
}
