// Filter paths (RedirFS's path.c): which objects a filter sees. A path is attached to the dentry it
// resolves to when set; an object is covered when the nearest path of the filter on its way up to the
// root (the object itself, then its ancestors, across mount points) is an include. SINGLE paths count
// only for the object itself, SUBTREE paths for everything below. Coverage is decided from the dentry
// chain, so files created later and subtrees renamed into or out of a path follow it; the result is
// cached on the dentry (path_cover) until a path, a filter, the dentry tree or the mount tree changes.
import { d_generation, d_generation_bump, type Dentry, type File, type Path, type VfsMount } from '@urfs/emu-kernel/fs/fs';
import { kern_path, d_path, LOOKUP_FOLLOW, PATH_MAX } from '@urfs/emu-kernel/fs/namei';
import { mounts } from '@urfs/emu-kernel/fs/namespace';
import { kernel_ctx } from '@urfs/emu-kernel/init/main';
import { S_ISDIR } from '@urfs/emu-kernel/uapi/stat';
import {
  RFS_ERR_OK, RFS_ERR_INVAL, RFS_ERR_NOENT, RFS_ERR_NOTDIR, RFS_ERR_NAMETOOLONG, RFS_PATH_SINGLE, RFS_PATH_SUBTREE,
  RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE, rfs_err_of, type rfs_err, type rfs_path_info, type rfs_path_entry,
} from './rfs.js';
import { flt_get, flt_list, type filter, type rfs_filter } from './filter.js';

/** One path root (struct rfs_path): shared by every filter that set it, each with its own flags. */
class rfs_path {
  readonly p_flts = new Map<filter, number>();
  /** p_flts as two arrays, for the walk every filtered operation makes (no iterator, no entry arrays). */
  p_flt_list: filter[] = [];
  p_flag_list: number[] = [];
  constructor(readonly p_id: number, readonly p_path: Path) {}
  set(f: filter, flags: number): void {
    this.p_flts.set(f, flags);
    this.relist();
  }
  delete(f: filter): void {
    this.p_flts.delete(f);
    this.relist();
  }
  private relist(): void {
    this.p_flt_list = [...this.p_flts.keys()];
    this.p_flag_list = [...this.p_flts.values()];
  }
}

/**
 * The path set on a dentry, kept on the dentry itself (as RedirFS marks the dentries it covers) so the
 * walk of every filtered operation reads a property instead of looking each ancestor up in a map.
 * It lives in the dentry's d_rfs_path field.
 */
const mark_dentry = (d: Dentry, rp: rfs_path | undefined): void => {
  d.d_rfs_path = rp;
};

interface PathState {
  by_dentry: Map<Dentry, rfs_path>;
  by_id: Map<number, rfs_path>;
  next_id: number;
}
const st: PathState = { by_dentry: new Map(), by_id: new Map(), next_id: 1 };

export function paths_reset(): void {
  for (const d of st.by_dentry.keys()) mark_dentry(d, undefined);
  st.by_dentry = new Map();
  st.by_id = new Map();
  st.next_id = 1;
  path_cover_changed();
}

/** How many path roots are set (the hook skips its walk when none are). */
export function paths_count(): number {
  return st.by_dentry.size;
}

const ALL_FLAGS = RFS_PATH_SINGLE | RFS_PATH_SUBTREE | RFS_PATH_INCLUDE | RFS_PATH_EXCLUDE;

/** Exactly one of SINGLE / SUBTREE and one of INCLUDE / EXCLUDE, nothing else. */
export function path_flags_valid(flags: unknown): flags is number {
  if (!Number.isInteger(flags)) return false;
  const f = flags as number;
  if (f & ~ALL_FLAGS) return false;
  const one = (a: number, b: number) => ((f & a) !== 0) !== ((f & b) !== 0);
  return one(RFS_PATH_SINGLE, RFS_PATH_SUBTREE) && one(RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE);
}

async function resolve(path: unknown): Promise<Path | rfs_err> {
  if (typeof path !== 'string') return RFS_ERR_INVAL;
  if (path === '') return RFS_ERR_NOENT;
  const p = await kern_path(kernel_ctx(), path, LOOKUP_FOLLOW);
  return typeof p === 'number' ? rfs_err_of(p) : p;
}

/**
 * Adds a path to the filter (or changes the flags of one it has). The path is resolved from the real root;
 * a missing one is RFS_ERR_NOENT, SUBTREE on a non-directory RFS_ERR_NOTDIR, bad flags RFS_ERR_INVAL.
 */
export async function rfs_set_path(flt: rfs_filter, info: rfs_path_info): Promise<rfs_err> {
  if (!flt_get(flt) || !info || typeof info !== 'object' || !path_flags_valid(info.flags)) return RFS_ERR_INVAL;
  const p = await resolve(info.path);
  if (typeof p === 'number') return p;
  if (info.flags & RFS_PATH_SUBTREE && !S_ISDIR(p.dentry.d_inode!.i_mode)) return RFS_ERR_NOTDIR;
  // The walk may have slept: the filter may be gone by now.
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  let rp = st.by_dentry.get(p.dentry);
  if (!rp) {
    rp = new rfs_path(st.next_id++, p);
    st.by_dentry.set(p.dentry, rp);
    mark_dentry(p.dentry, rp);
    st.by_id.set(rp.p_id, rp);
  }
  rp.set(f, info.flags);
  f.f_generation++;
  path_cover_changed();
  return RFS_ERR_OK;
}

function drop(rp: rfs_path, f: filter): void {
  rp.delete(f);
  f.f_generation++;
  path_cover_changed();
  if (rp.p_flts.size === 0) {
    st.by_dentry.delete(rp.p_path.dentry);
    mark_dentry(rp.p_path.dentry, undefined);
    st.by_id.delete(rp.p_id);
  }
}

/** The filter's paths, by id (path_get_infos). */
export function path_get_infos(flt: rfs_filter): { err: rfs_err; paths: rfs_path_entry[] } {
  const f = flt_get(flt);
  if (!f) return { err: RFS_ERR_INVAL, paths: [] };
  const paths: rfs_path_entry[] = [];
  for (const rp of st.by_id.values()) {
    const flags = rp.p_flts.get(f);
    if (flags !== undefined) paths.push({ id: rp.p_id, path: path_name(rp.p_path), flags });
  }
  return { err: RFS_ERR_OK, paths };
}

/** Removes the filter's path with this id; RFS_ERR_NOENT when the filter has none. */
export function path_rem(flt: rfs_filter, id: number): rfs_err {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  const rp = st.by_id.get(id);
  if (!rp || !rp.p_flts.has(f)) return RFS_ERR_NOENT;
  drop(rp, f);
  return RFS_ERR_OK;
}

/** Removes the filter's path that `path` resolves to. */
export async function path_rem_by_name(flt: rfs_filter, path: string): Promise<rfs_err> {
  if (!flt_get(flt)) return RFS_ERR_INVAL;
  const p = await resolve(path);
  if (typeof p === 'number') return p;
  const f = flt_get(flt);
  const rp = st.by_dentry.get(p.dentry);
  if (!f) return RFS_ERR_INVAL;
  if (!rp || !rp.p_flts.has(f)) return RFS_ERR_NOENT;
  drop(rp, f);
  return RFS_ERR_OK;
}

/** The id of the filter's path that `path` resolves to (sysfs's `R:PATH`); RFS_ERR_NOENT when it has none. */
export async function path_id_by_name(flt: rfs_filter, path: string): Promise<{ err: rfs_err; id: number }> {
  if (!flt_get(flt)) return { err: RFS_ERR_INVAL, id: 0 };
  const p = await resolve(path);
  if (typeof p === 'number') return { err: p, id: 0 };
  const f = flt_get(flt);
  const rp = st.by_dentry.get(p.dentry);
  if (!f) return { err: RFS_ERR_INVAL, id: 0 };
  if (!rp || !rp.p_flts.has(f)) return { err: RFS_ERR_NOENT, id: 0 };
  return { err: RFS_ERR_OK, id: rp.p_id };
}

/**
 * The flags for `path` when only include or exclude is given (sysfs, module parameters): SUBTREE for a
 * directory, SINGLE for anything else. RFS_ERR_NOENT when it does not resolve.
 */
export async function path_flags_for(path: string, kind: typeof RFS_PATH_INCLUDE | typeof RFS_PATH_EXCLUDE):
  Promise<{ err: rfs_err; flags: number }> {
  const p = await resolve(path);
  if (typeof p === 'number') return { err: p, flags: 0 };
  return { err: RFS_ERR_OK, flags: kind | (S_ISDIR(p.dentry.d_inode!.i_mode) ? RFS_PATH_SUBTREE : RFS_PATH_SINGLE) };
}

/** Removes every path of the filter. */
export function path_rem_all(flt: rfs_filter): rfs_err {
  const f = flt_get(flt);
  if (!f) return RFS_ERR_INVAL;
  path_rem_filter(f);
  return RFS_ERR_OK;
}

/**
 * The API names later RedirFS gave these (rfs_rem_path, rfs_rem_paths), which a filter's modifier callback
 * answers the sysfs `paths` file's removals with; a path is named by its id here.
 */
export const rfs_rem_path: (flt: rfs_filter, id: number) => rfs_err = path_rem;
export const rfs_rem_paths: (flt: rfs_filter) => rfs_err = path_rem_all;

/** Drops a filter from every path (unregistration). */
export function path_rem_filter(f: filter): void {
  for (const rp of [...st.by_id.values()]) if (rp.p_flts.has(f)) drop(rp, f);
}

let walk_mark = 0;

/**
 * Walks from the object at `dentry` (reached through `mnt` when known) up to the root: the first path of
 * each filter met decides whether that filter covers the object. Returns a mark, set in `f_walk_included`
 * of every filter covering it (read it before the next walk), or 0 when none does. Marks instead of
 * arrays: this runs on every miss of the coverage cache (path_cover).
 */
export function path_walk(dentry: Dentry, mnt: VfsMount | null): number {
  if (walk_mark >= 0x3fffffff) {
    // Wrapping around: forget old marks so none can pass for a new one.
    for (const rp of st.by_id.values()) for (const f of rp.p_flt_list) f.f_walk_met = f.f_walk_included = 0;
    walk_mark = 0;
  }
  const mark = ++walk_mark;
  let found = 0;
  let d = dentry;
  let m = mnt;
  for (let dist = 0; dist < PATH_MAX; dist++) {
    const rp = d.d_rfs_path as rfs_path | undefined;
    if (rp) {
      const flts = rp.p_flt_list, flagss = rp.p_flag_list;
      for (let i = 0; i < flts.length; i++) {
        const f = flts[i], flags = flagss[i];
        if ((dist > 0 && !(flags & RFS_PATH_SUBTREE)) || f.f_walk_met === mark) continue;
        f.f_walk_met = mark;
        if (flags & RFS_PATH_INCLUDE) {
          f.f_walk_included = mark;
          found = mark;
        }
      }
    }
    // Up one level; a mount's root leads to the directory it is mounted on (the same place by name,
    // hidden under the mount, so it is stepped over rather than looked at).
    while (m && d === m.mnt_root && m.mnt_parent !== m) {
      d = m.mnt_mountpoint;
      m = m.mnt_parent;
    }
    if (!d.d_parent || d.d_parent === d) break;
    d = d.d_parent;
  }
  return found;
}

// The coverage cache. Every filtered operation asks which filters cover its object; the answer depends
// on the paths set, on which filters are registered and active, and on the object's ancestry (dentry
// parents, mounts crossed). It is kept on the dentry with the kernel's dentry generation it was computed
// at: the kernel bumps that on every d_move, d_delete, mount and umount, and RedirFS on every path or
// filter change, which makes every cached answer stale at once.

/** Makes every cached coverage stale: a path was set or removed, a filter came, went or (de)activated. */
export function path_cover_changed(): void {
  d_generation_bump();
}

/**
 * A coverage answer, shared by every dentry that has the same one in a generation (see cover_intern) and
 * never modified: the dentry's d_rfs_cover points to it.
 */
class rfs_cover {
  constructor(readonly gen: number, readonly mnt: VfsMount | null, readonly flts: readonly filter[]) {}
}

/** The answer for an object no active filter covers (never modified). */
const NO_FILTERS: readonly filter[] = Object.freeze([]);

/**
 * The active filters covering the object at `dentry` (reached through `mnt` when known), in call order
 * (priority). Do not modify the array: it is a cached answer, shared by every call until it goes stale
 * (a call in progress keeps the array it started with).
 */
export function path_cover(dentry: Dentry, mnt: VfsMount | null): readonly filter[] {
  const c = dentry.d_rfs_cover as rfs_cover | undefined;
  if (c !== undefined && c.gen === d_generation && c.mnt === mnt) return c.flts;
  return cover_compute(dentry, mnt);
}

function cover_compute(dentry: Dentry, mnt: VfsMount | null): readonly filter[] {
  const mark = path_walk(dentry, mnt);
  let flts = NO_FILTERS;
  if (mark) {
    const list: filter[] = [];
    for (const f of flt_list()) if (f.f_walk_included === mark && f.f_active) list.push(f);
    if (list.length) flts = list;
  }
  const c = cover_intern(mnt, flts);
  dentry.d_rfs_cover = c;
  return c.flts;
}

// The answers of the current generation, so that dentries with the same one share it: a few objects,
// hot in the cache, instead of one per dentry (every operation reads its object's answer).
const INTERNED_MAX = 64;
let interned_gen = -1;
let interned: rfs_cover[] = [];

function cover_intern(mnt: VfsMount | null, flts: readonly filter[]): rfs_cover {
  if (interned_gen !== d_generation) {
    interned = [];
    interned_gen = d_generation;
  }
  for (const c of interned) if (c.mnt === mnt && same_filters(c.flts, flts)) return c;
  const c = new rfs_cover(d_generation, mnt, flts);
  if (interned.length < INTERNED_MAX) interned.push(c);
  return c;
}

function same_filters(a: readonly filter[], b: readonly filter[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The filters whose paths include the object at `dentry`, in no particular order (see path_walk). */
export function path_filters(dentry: Dentry, mnt: VfsMount | null): filter[] {
  const mark = path_walk(dentry, mnt);
  const out: filter[] = [];
  if (!mark) return out;
  for (const rp of st.by_id.values()) for (const f of rp.p_flt_list) if (f.f_walk_included === mark && !out.includes(f)) out.push(f);
  return out;
}

function mount_of(d: Dentry): VfsMount | null {
  return mounts().find((m) => m.mnt_sb === d.d_sb) ?? null;
}

function path_name(p: Path): string {
  return d_path(p) + (p.dentry.d_hashed ? '' : ' (deleted)');
}

function is_file(o: Dentry | File | Path): o is File {
  return 'f_path' in o;
}
function is_path(o: Dentry | File | Path): o is Path {
  return 'mnt' in o && 'dentry' in o;
}

const utf8_encoder = new TextEncoder();

/**
 * The absolute path of a dentry, an open file or a path (rfs_get_filename). A dentry is named through
 * the first mount of its file system. RFS_ERR_NAMETOOLONG when the name and its NUL exceed `size` bytes.
 */
export function rfs_get_filename(obj: Dentry | File | Path, size: number = PATH_MAX): { err: rfs_err; name: string } {
  if (!obj || typeof obj !== 'object') return { err: RFS_ERR_INVAL, name: '' };
  let name: string;
  if (is_file(obj)) name = path_name(obj.f_path);
  else if (is_path(obj)) name = path_name(obj);
  else {
    const m = mount_of(obj);
    if (m) name = path_name({ mnt: m, dentry: obj });
    else {
      // Not mounted anywhere: name it within its own file system.
      const parts: string[] = [];
      for (let d: Dentry = obj; d.d_parent && d.d_parent !== d; d = d.d_parent) parts.push(d.d_name);
      name = '/' + parts.reverse().join('/');
    }
  }
  // A UTF-16 unit takes at most 3 bytes of UTF-8: only a name that might not fit is encoded to measure it.
  if (name.length * 3 + 1 > size && utf8_encoder.encode(name).length + 1 > size) {
    return { err: RFS_ERR_NAMETOOLONG, name: '' };
  }
  return { err: RFS_ERR_OK, name };
}
