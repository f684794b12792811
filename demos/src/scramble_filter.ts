// The scramble filter, written once against the RFS API: it swaps the two nibbles of every byte read
// (post-read) and written (pre-write) under its path, so files are stored scrambled and read back plain.
// The same code runs in user space as scrambleflt (the API from liburfs) and in the kernel as the module
// kscrambleflt (the API from redirfs, through kernel_api.ts): only the import of `api` differs.
import type { rfs_mod } from '@urfs/redirfs/rfs';
import type { Callback, MaybePromise, rfs_api_core } from './portable_api.js';

/** The part of the RFS API the filter uses; both the kernel's and liburfs's fit it. */
export interface scramble_api<F, C, A> extends rfs_api_core<F, C, A> {
  readonly RFS_REG_FOP_READ: number;
  readonly RFS_REG_FOP_WRITE: number;
  readonly RFS_ERR_OK: number;
  rfs_set_mod_cb(f: F, cb: ((mod: rfs_mod) => MaybePromise<number>) | null): number;
  rfs_rem_path(f: F, id: number): number;
  rfs_rem_paths(f: F): number;
  /** The bytes a post-read got or a pre-write is about to write (null for other calls). */
  rfs_args_data(a: A): Uint8Array | null;
  /** Puts changed bytes back (into what the application reads, or what is written). */
  rfs_args_set_data(a: A, d: Uint8Array): void;
}

/** Swaps the nibbles of every byte, in place ('h' 0x68 <-> 0x86). Its own inverse. */
export function nibble_swap(d: Uint8Array): void {
  for (let i = 0; i < d.length; i++) {
    const b = d[i];
    d[i] = ((b & 0x0f) << 4) | (b >> 4);
  }
}

export interface scramble_opts {
  name: string;
  priority: number;
  /** A directory whose subtree is scrambled; without it the filter waits for a path (redirctl setpath). */
  path?: string;
}

/** Registers, sets the operations, the modifier callback and the path, then activates. */
export async function scramble_start<F, C, A>(api: scramble_api<F, C, A>, o: scramble_opts): Promise<{ err: number; filter: F | null }> {
  const cb: Callback<C, A> = (_cx, a) => {
    const d = api.rfs_args_data(a);
    if (d && d.length) {
      nibble_swap(d);
      api.rfs_args_set_data(a, d);
    }
    return api.RFS_CONTINUE;
  };
  const r = api.rfs_register_filter({ name: o.name, priority: o.priority, active: 0 });
  if (r.err || r.filter === null) return { err: r.err, filter: null };
  const f = r.filter;
  let err = api.rfs_set_operations(f, [
    { op_id: api.RFS_REG_FOP_READ, post_cb: cb },
    { op_id: api.RFS_REG_FOP_WRITE, pre_cb: cb },
  ]);
  err ||= api.rfs_set_mod_cb(f, async (mod) => {
    switch (mod.type) {
      case 'set_path': return api.rfs_set_path(f, mod.path_info);
      case 'activate': return api.rfs_activate_filter(f);
      case 'deactivate': return api.rfs_deactivate_filter(f);
      case 'rem_path': return api.rfs_rem_path(f, mod.id);
      case 'rem_paths': return api.rfs_rem_paths(f);
    }
  });
  if (!err && o.path) err = await api.rfs_set_path(f, { path: o.path, flags: api.RFS_PATH_SUBTREE | api.RFS_PATH_INCLUDE });
  err ||= api.rfs_activate_filter(f);
  if (err) {
    api.rfs_unregister_filter(f);
    return { err, filter: null };
  }
  return { err: api.RFS_ERR_OK, filter: f };
}

/** Deactivates and unregisters. */
export function scramble_stop<F, C, A>(api: scramble_api<F, C, A>, f: F): number {
  api.rfs_deactivate_filter(f);
  return api.rfs_unregister_filter(f);
}
