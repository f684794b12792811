// /sys/module (kernel/module/sysfs.c and kernel/params.c): a directory per loaded module with its
// state, reference count and holders, and parameters/ with one file per parameter whose perm is not 0.
// Root may write a writable parameter; the module sees the new value in its parameter's `value`.
import { EINVAL } from '../uapi/errno.js';
import { Kobject, kobject_init_and_add, kobject_put, kobject_create_and_add, kobj_sysfs_ops, kset_create_and_add,
  type KobjAttribute, type KobjType, type Kset } from '../lib/kobject.js';
import { sysfs_create_files, sysfs_create_group } from '../fs/sysfs/sysfs.js';
import { sysfs_create_link, sysfs_remove_link } from '../fs/sysfs/symlink.js';
import { param_get, param_set, type KernelParam } from './params.js';
import type { KernelModule } from './module.js';

/** The kset of /sys/module (module_kset in linux/module.h). */
export let module_kset: Kset | null = null;

export class ModuleKobject extends Kobject {
  holders_dir: Kobject | null = null;
  constructor(readonly mod: KernelModule) {
    super();
  }
}

const module_ktype: KobjType = { sysfs_ops: kobj_sysfs_ops };

/** Creates /sys/module (param_sysfs_init). */
export function param_sysfs_init(): void {
  module_kset = kset_create_and_add('module', null, null);
}

const STATE_NAMES = { coming: 'coming', live: 'live', going: 'going' } as const;

function module_attrs(mod: KernelModule): KobjAttribute[] {
  const attrs: KobjAttribute[] = [
    { name: 'initstate', mode: 0o444, show: () => `${STATE_NAMES[mod.state]}\n` },
    { name: 'refcnt', mode: 0o444, show: () => `${mod.refcnt}\n` },
    { name: 'coresize', mode: 0o444, show: () => `${mod.size}\n` },
    { name: 'initsize', mode: 0o444, show: () => '0\n' },
    { name: 'taint', mode: 0o444, show: () => `${mod.taints}\n` },
  ];
  if (mod.def.version) attrs.push({ name: 'version', mode: 0o444, show: () => `${mod.def.version}\n` });
  return attrs;
}

function param_attr(kp: KernelParam): KobjAttribute {
  const perm = (kp.def.perm ?? 0) & 0o777;
  const text = kp.def.type === 'charp' || kp.def.type === 'string';
  return {
    name: kp.name,
    mode: perm,
    show: () => param_get(kp) + '\n',
    // Without write permission there is no store (param_attr_store is not wired up).
    store: perm & 0o222 ? (_k, _a, buf, count) => {
      // echo adds a newline: numbers ignore it; for strings the last one is dropped (Linux keeps it).
      const r = param_set(kp, text ? buf.replace(/\n$/, '') : buf);
      return r ? r : count;
    } : undefined,
  };
}

/** Makes /sys/module/<name> for a module being loaded. 0 or -errno. */
export function mod_sysfs_setup(mod: KernelModule): number {
  if (!module_kset) return -EINVAL;
  const mk = new ModuleKobject(mod);
  mk.kset = module_kset;
  let err = kobject_init_and_add(mk, module_ktype, null, mod.name);
  if (err) {
    kobject_put(mk);
    return err;
  }
  mod.mkobj = mk;
  err = sysfs_create_files(mk, module_attrs(mod));
  if (!err) {
    mk.holders_dir = kobject_create_and_add('holders', mk);
    if (!mk.holders_dir) err = -EINVAL;
  }
  const visible = mod.kparams.filter((kp) => (kp.def.perm ?? 0) & 0o777);
  if (!err && visible.length) err = sysfs_create_group(mk, { name: 'parameters', attrs: visible.map(param_attr) });
  if (err) mod_sysfs_teardown(mod);
  return err;
}

export function mod_sysfs_teardown(mod: KernelModule): void {
  const mk = mod.mkobj;
  if (!mk) return;
  kobject_put(mk.holders_dir);
  mk.holders_dir = null;
  kobject_put(mk);
  mod.mkobj = null;
}

/** /sys/module/<target>/holders/<user> -> ../../<user>. */
export function module_add_holder_link(target: KernelModule, user: KernelModule): void {
  if (target.mkobj?.holders_dir && user.mkobj) sysfs_create_link(target.mkobj.holders_dir, user.mkobj, user.name);
}
export function module_remove_holder_link(target: KernelModule, user: KernelModule): void {
  if (target.mkobj?.holders_dir) sysfs_remove_link(target.mkobj.holders_dir, user.name);
}
