// The filter registry (RedirFS's filter.c): registration with a unique name and priority, callbacks per
// operation id, activation, the modifier callback redirctl goes through, per-filter private data, and
// the query functions the control interfaces use.
import {
  RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_EXIST, RFS_ERR_NAMETOOLONG, RFS_ERR_OPNOTSUPP, RFS_NAME_MAX, rfs_err_of,
  type rfs_err, type rfs_filter_info, type rfs_op_info, type rfs_callback, type rfs_mod, type rfs_mod_cb,
} from './rfs.js';
import { RFS_OP_END, rfs_op_valid, type rfs_op_id } from './ops.js';
import { path_rem_filter, path_cover_changed } from './path.js';
import { die } from '@urfs/emu-kernel/kernel/panic';

/** A filter handle as filters hold it (rfs_filter): opaque but for its name and priority. */
export interface rfs_filter {
  readonly name: string;
  readonly priority: number;
}

/** The framework's record of one filter (struct filter). */
export class filter implements rfs_filter {
  f_active = false;
  f_registered = true;
  readonly f_pre_cbs: (rfs_callback | undefined)[] = new Array<rfs_callback | undefined>(RFS_OP_END);
  readonly f_post_cbs: (rfs_callback | undefined)[] = new Array<rfs_callback | undefined>(RFS_OP_END);
  f_mod_cb: rfs_mod_cb | null = null;
  f_private: unknown = undefined;
  /** Data attached to VFS objects (data.ts); weak, so it goes with the object or with the filter. */
  readonly f_data_inode = new WeakMap<object, unknown>();
  readonly f_data_dentry = new WeakMap<object, unknown>();
  readonly f_data_file = new WeakMap<object, unknown>();
  /** Marks of the last path walk (path.ts) that met a path of this filter, and that found it included. */
  f_walk_met = 0;
  f_walk_included = 0;
  /**
   * Bumped whenever what the filter sees may change: its paths (set, removed), its activation, its
   * operations, its unregistration. Something derived from what the filter was shown (a verdict cached
   * by a user-space filter) is current while the generation is unchanged. Read it with rfs_filter_generation.
   */
  f_generation = 1;
  constructor(readonly name: string, readonly priority: number) {}
  has_cb(id: rfs_op_id): boolean {
    return this.f_pre_cbs[id] !== undefined || this.f_post_cbs[id] !== undefined;
  }
}

export type rfs_filter_event = 'register' | 'unregister' | 'activate' | 'deactivate';
export type rfs_filter_notifier = (event: rfs_filter_event, flt: rfs_filter) => void;

interface Registry {
  /** Registered filters, lowest priority number first: the order pre-callbacks run in. */
  filters: filter[];
  /**
   * For each operation id, how many active filters have a callback for it. The VFS hook looks here first,
   * so an operation nobody filters costs one array read.
   */
  op_users: Uint16Array;
  notifiers: Set<rfs_filter_notifier>;
}
const reg: Registry = { filters: [], op_users: new Uint16Array(RFS_OP_END), notifiers: new Set() };

/** Forgets every filter (framework start and stop). */
export function filters_reset(): void {
  for (const f of reg.filters) {
    f.f_registered = false;
    f.f_generation++;
  }
  reg.filters = [];
  reg.op_users.fill(0);
  path_cover_changed();
}

/** The registered filters in call order (the hook's view; do not modify). */
export function flt_list(): readonly filter[] {
  return reg.filters;
}

export function flt_op_users(id: rfs_op_id): number {
  return reg.op_users[id];
}

function recount(): void {
  reg.op_users.fill(0);
  for (const f of reg.filters) {
    if (!f.f_active) continue;
    for (let id = 0; id < RFS_OP_END; id++) if (f.has_cb(id)) reg.op_users[id]++;
  }
}

function notify(event: rfs_filter_event, flt: filter): void {
  for (const n of reg.notifiers) {
    try {
      n(event, flt);
    } catch (e) {
      die(`BUG: kernel fault in redirfs: a notifier of ${event} of ${flt.name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
}

/** Calls `n` on every registration, unregistration, activation and deactivation; returns the remover. */
export function rfs_register_notifier(n: rfs_filter_notifier): () => void {
  reg.notifiers.add(n);
  return () => reg.notifiers.delete(n);
}

/** The live record behind a handle, or null for anything else (a stale or foreign handle). */
export function flt_get(flt: unknown): filter | null {
  return flt instanceof filter && flt.f_registered ? flt : null;
}

function check_name(name: unknown): rfs_err {
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[/\0\n]/.test(name)) {
    return RFS_ERR_INVAL;
  }
  if (new TextEncoder().encode(name).length > RFS_NAME_MAX) return RFS_ERR_NAMETOOLONG;
  return RFS_ERR_OK;
}

/** Registers a filter. The name and the priority must both be unique (else RFS_ERR_EXIST). */
export function rfs_register_filter(info: rfs_filter_info): { err: rfs_err; filter: rfs_filter | null } {
  if (!info || typeof info !== 'object') return { err: RFS_ERR_INVAL, filter: null };
  const err = check_name(info.name);
  if (err) return { err, filter: null };
  if (!Number.isSafeInteger(info.priority)) return { err: RFS_ERR_INVAL, filter: null };
  if (reg.filters.some((f) => f.name === info.name || f.priority === info.priority)) {
    return { err: RFS_ERR_EXIST, filter: null };
  }
  const f = new filter(info.name, info.priority);
  f.f_active = Boolean(info.active);
  const at = reg.filters.findIndex((x) => x.priority > f.priority);
  reg.filters.splice(at < 0 ? reg.filters.length : at, 0, f);
  path_cover_changed();
  notify('register', f);
  return { err: RFS_ERR_OK, filter: f };
}

/** Unregisters a filter: its paths, callbacks and attached data go with it. */
export function rfs_unregister_filter(flt: rfs_filter): rfs_err {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  f.f_registered = false;
  f.f_active = false;
  f.f_generation++;
  reg.filters = reg.filters.filter((x) => x !== f);
  path_rem_filter(f);
  recount();
  path_cover_changed();
  notify('unregister', f);
  return RFS_ERR_OK;
}

/**
 * Sets the callbacks of the listed operations (the others keep theirs); a null or missing callback
 * removes that one. The whole array is checked first: a bad entry changes nothing.
 */
export function rfs_set_operations(flt: rfs_filter, ops: readonly rfs_op_info[]): rfs_err {
  const f = flt_get(flt);
  if (!f || !Array.isArray(ops)) return RFS_ERR_INVAL;
  const isCb = (cb: unknown) => cb === undefined || cb === null || typeof cb === 'function';
  for (const o of ops) {
    if (!o || typeof o !== 'object' || !rfs_op_valid(o.op_id) || !isCb(o.pre_cb) || !isCb(o.post_cb)) {
      return RFS_ERR_INVAL;
    }
  }
  for (const o of ops) {
    f.f_pre_cbs[o.op_id] = o.pre_cb ?? undefined;
    f.f_post_cbs[o.op_id] = o.post_cb ?? undefined;
  }
  f.f_generation++;
  recount();
  return RFS_ERR_OK;
}

export function rfs_activate_filter(flt: rfs_filter): rfs_err {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  if (!f.f_active) {
    f.f_active = true;
    f.f_generation++;
    recount();
    path_cover_changed();
    notify('activate', f);
  }
  return RFS_ERR_OK;
}

export function rfs_deactivate_filter(flt: rfs_filter): rfs_err {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  if (f.f_active) {
    f.f_active = false;
    f.f_generation++;
    recount();
    path_cover_changed();
    notify('deactivate', f);
  }
  return RFS_ERR_OK;
}

/**
 * The filter's generation (f_generation): at least 1, and different after anything that may change what
 * the filter sees (rfs_set_path, rfs_rem_path(s), rfs_activate_filter and rfs_deactivate_filter when they
 * change the state, rfs_set_operations, rfs_unregister_filter and the framework's stop). The handle stays
 * readable after unregistration. RFS_ERR_INVAL for anything that is not a filter handle.
 */
export function rfs_filter_generation(flt: rfs_filter): number {
  return flt instanceof filter ? flt.f_generation : RFS_ERR_INVAL;
}

/** Sets (or with null clears) the modifier callback; without one, redirctl cannot change the filter. */
export function rfs_set_mod_cb(flt: rfs_filter, cb: rfs_mod_cb | null): rfs_err {
  const f = flt_get(flt);
  if (!f || (cb !== null && typeof cb !== 'function')) return RFS_ERR_INVAL;
  f.f_mod_cb = cb;
  return RFS_ERR_OK;
}

/** Private data of the filter (the thesis's extension): callbacks find it through their context. */
export function rfs_set_private_data(flt: rfs_filter, data: unknown): rfs_err {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  f.f_private = data;
  return RFS_ERR_OK;
}

export function rfs_get_private_data(flt: rfs_filter): { err: rfs_err; data: unknown } {
  const f = flt_get(flt);
  return f ? { err: RFS_ERR_OK, data: f.f_private } : { err: RFS_ERR_INVAL, data: undefined };
}

// The control side (redirctl, sysfs): find filters by name, list them, ask them to change.

export function flt_get_by_name(name: string): rfs_filter | null {
  return reg.filters.find((f) => f.name === name) ?? null;
}

export function flt_get_all_infos(): { name: string; priority: number; active: number }[] {
  return reg.filters.map((f) => ({ name: f.name, priority: f.priority, active: f.f_active ? 1 : 0 }));
}

/** Whether the filter is active (for the control interfaces). */
export function flt_is_active(flt: rfs_filter): boolean {
  return flt_get(flt)?.f_active ?? false;
}

/**
 * Runs the filter's modifier callback: RFS_ERR_OPNOTSUPP without one. A callback that throws is logged and
 * answers RFS_ERR_INVAL.
 */
export async function flt_execute_mod_cb(flt: rfs_filter, mod: rfs_mod): Promise<rfs_err> {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  if (!f.f_mod_cb) return RFS_ERR_OPNOTSUPP;
  try {
    const r = await f.f_mod_cb(mod);
    return typeof r === 'number' ? rfs_err_of(r) : RFS_ERR_INVAL;
  } catch (e) {
    die(`BUG: kernel fault in redirfs: the modifier callback of ${f.name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return RFS_ERR_INVAL;
  }
}
