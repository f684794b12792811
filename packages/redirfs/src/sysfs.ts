// RedirFS's sysfs control (as later RedirFS versions had it, rfs_sysfs.c): one directory per registered
// filter, /sys/fs/redirfs/filters/<name>/, with
//
//   priority    0444  the filter's priority
//   active      0644  reads 0 or 1; writing 0 or 1 asks the filter (its modifier callback) to switch
//   paths       0644  reads one path a line, "i:ID:PATH" (include) or "e:ID:PATH" (exclude); takes one
//                     command a write: "a:i:PATH" / "a:e:PATH" add an include / exclude (a subtree for a
//                     directory, the single object otherwise), "r:ID" removes a path by its id, "R:PATH"
//                     by its name, "c" removes them all; every change goes through the modifier callback
//   unregister  0200  writing 1 unregisters the filter
//
// A trailing newline (echo's) is ignored. Anything else written is EINVAL and changes nothing; a filter
// without a modifier callback answers EOPNOTSUPP. The directories follow registration through the
// framework's notifier.
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import {
  __ATTR, fs_kobj, kobject_create_and_add, kobject_put, type Kobject, type KobjAttribute,
} from '@urfs/emu-kernel/lib/kobject';
import { sysfs_create_files, sysfs_notify } from '@urfs/emu-kernel/fs/sysfs/sysfs';
import { pr_err } from '@urfs/emu-kernel/kernel/printk';
import { RFS_ERR_OK, RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE, type rfs_err, type rfs_mod } from './rfs.js';
import {
  flt_list, flt_is_active, flt_execute_mod_cb, rfs_register_notifier, rfs_unregister_filter,
  type rfs_filter, type rfs_filter_event,
} from './filter.js';
import { path_get_infos, path_id_by_name, path_flags_for } from './path.js';

interface SysfsState {
  redirfs: Kobject;
  filters: Kobject;
  dirs: Map<rfs_filter, Kobject>;
  unnotify: () => void;
}
let state: SysfsState | null = null;

/** The written value without echo's newline. */
function value(buf: string): string {
  return buf.endsWith('\n') ? buf.slice(0, -1) : buf;
}

/** A modifier callback's answer as a store's: the whole write, or the error. */
async function ask(flt: rfs_filter, mod: rfs_mod, count: number): Promise<number> {
  const err = await flt_execute_mod_cb(flt, mod);
  return err === RFS_ERR_OK ? count : err;
}

function paths_show(flt: rfs_filter): string {
  return path_get_infos(flt).paths
    .map((p) => `${p.flags & RFS_PATH_INCLUDE ? 'i' : 'e'}:${p.id}:${p.path}\n`).join('');
}

/** Parses and carries out one command written to `paths`. */
async function paths_store(flt: rfs_filter, buf: string, count: number): Promise<number> {
  const cmd = value(buf);
  if (cmd.includes('\n') || cmd.includes('\0')) return -EINVAL;
  if (cmd === 'c') return ask(flt, { type: 'rem_paths' }, count);
  let m = /^a:([ie]):(.+)$/.exec(cmd);
  if (m) {
    const r = await path_flags_for(m[2], m[1] === 'i' ? RFS_PATH_INCLUDE : RFS_PATH_EXCLUDE);
    if (r.err) return r.err;
    return ask(flt, { type: 'set_path', path_info: { path: m[2], flags: r.flags } }, count);
  }
  m = /^r:([0-9]{1,9})$/.exec(cmd);
  if (m) return ask(flt, { type: 'rem_path', id: Number(m[1]) }, count);
  m = /^R:(.+)$/.exec(cmd);
  if (m) {
    const r: { err: rfs_err; id: number } = await path_id_by_name(flt, m[1]);
    if (r.err) return r.err;
    return ask(flt, { type: 'rem_path', id: r.id }, count);
  }
  return -EINVAL;
}

function filter_attrs(flt: rfs_filter): KobjAttribute[] {
  return [
    __ATTR('priority', 0o444, () => `${flt.priority}\n`),
    __ATTR('active', 0o644, () => `${flt_is_active(flt) ? 1 : 0}\n`, (_k, _a, buf, count) => {
      const v = value(buf);
      if (v !== '0' && v !== '1') return -EINVAL;
      return ask(flt, { type: v === '1' ? 'activate' : 'deactivate' }, count);
    }),
    __ATTR('paths', 0o644, () => paths_show(flt), (_k, _a, buf, count) => paths_store(flt, buf, count)),
    __ATTR('unregister', 0o200, null, (_k, _a, buf, count) => {
      if (value(buf) !== '1') return -EINVAL;
      const err = rfs_unregister_filter(flt);
      return err === RFS_ERR_OK ? count : err;
    }),
  ];
}

/** Makes /sys/fs/redirfs/filters/<name> for a filter (rfs_flt_sysfs_init). 0 or -errno. */
export function rfs_flt_sysfs_init(flt: rfs_filter): number {
  if (!state) return -EINVAL;
  if (state.dirs.has(flt)) return 0;
  const kobj = kobject_create_and_add(flt.name, state.filters);
  if (!kobj) return -EINVAL;
  const err = sysfs_create_files(kobj, filter_attrs(flt));
  if (err) {
    kobject_put(kobj);
    return err;
  }
  state.dirs.set(flt, kobj);
  return 0;
}

/** Removes a filter's directory; files of it still open then read and write ENODEV. */
export function rfs_flt_sysfs_exit(flt: rfs_filter): void {
  const kobj = state?.dirs.get(flt);
  if (!kobj) return;
  state!.dirs.delete(flt);
  kobject_put(kobj);
}

function on_filter_event(event: rfs_filter_event, flt: rfs_filter): void {
  switch (event) {
    case 'register': {
      const err = rfs_flt_sysfs_init(flt);
      if (err) pr_err(`redirfs: cannot create the sysfs directory of ${flt.name} (${err})`);
      break;
    }
    case 'unregister':
      rfs_flt_sysfs_exit(flt);
      break;
    case 'activate':
    case 'deactivate': {
      const kobj = state?.dirs.get(flt);
      if (kobj) sysfs_notify(kobj, null, 'active');
      break;
    }
  }
}

/** Creates /sys/fs/redirfs/filters with a directory for every filter registered so far. 0 or -errno. */
export function rfs_sysfs_init(): number {
  if (state) return -EINVAL;
  const redirfs = kobject_create_and_add('redirfs', fs_kobj);
  if (!redirfs) return -EINVAL;
  const filters = kobject_create_and_add('filters', redirfs);
  if (!filters) {
    kobject_put(redirfs);
    return -EINVAL;
  }
  state = { redirfs, filters, dirs: new Map(), unnotify: rfs_register_notifier(on_filter_event) };
  for (const f of flt_list()) {
    const err = rfs_flt_sysfs_init(f);
    if (err) {
      rfs_sysfs_exit();
      return err;
    }
  }
  return 0;
}

/** Removes /sys/fs/redirfs and stops following registrations. */
export function rfs_sysfs_exit(): void {
  if (!state) return;
  state.unnotify();
  for (const f of [...state.dirs.keys()]) rfs_flt_sysfs_exit(f);
  kobject_put(state.filters);
  kobject_put(state.redirfs);
  state = null;
}

