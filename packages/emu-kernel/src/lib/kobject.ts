// Kernel objects (lib/kobject.c, include/linux/kobject.h): the reference-counted objects sysfs shows as
// directories, their types (release, sysfs_ops, default attribute groups), and ksets, the collections
// a kobject may belong to. The top-level kobjects of /sys are declared here as in linux/kobject.h.
import { EEXIST, EINVAL } from '../uapi/errno.js';
import type { Dentry, MaybePromise } from '../fs/fs.js';
import { pr_err, pr_warn } from '../kernel/printk.js';
import { sysfs_create_dir_ns, sysfs_remove_dir, sysfs_rename_dir } from '../fs/sysfs/dir.js';
import { sysfs_create_files } from '../fs/sysfs/file.js';
import { sysfs_create_groups, sysfs_remove_groups } from '../fs/sysfs/group.js';

/** A file in a kobject's directory (struct attribute): its name and mode. */
export interface Attribute {
  name: string;
  mode: number;
}

/**
 * show(kobj, attr, buf): the file's content, either returned as a string or written into `buf` (a
 * PAGE_SIZE buffer) with the byte count returned (sysfs_emit does that); -errno on failure.
 */
export type ShowFn<K extends Kobject = Kobject, A extends Attribute = Attribute> =
  (kobj: K, attr: A, buf: Uint8Array) => MaybePromise<string | number>;
/**
 * store(kobj, attr, buf, count, bytes): takes a write of `count` bytes (at most PAGE_SIZE), decoded as
 * UTF-8 in `buf` and raw in `bytes`. Returns the bytes used (normally count) or -errno.
 */
export type StoreFn<K extends Kobject = Kobject, A extends Attribute = Attribute> =
  (kobj: K, attr: A, buf: string, count: number, bytes: Uint8Array) => MaybePromise<number>;

/** How a ktype reads and writes its attributes (struct sysfs_ops). */
export interface SysfsOps<K extends Kobject = Kobject> {
  show?: ShowFn<K>;
  store?: StoreFn<K>;
}

/** struct kobj_attribute: an attribute carrying its own show and store (kobject_create_and_add's objects use these). */
export interface KobjAttribute<K extends Kobject = Kobject> extends Attribute {
  show?: ShowFn<K, KobjAttribute<K>>;
  store?: StoreFn<K, KobjAttribute<K>>;
}

/** A set of attributes created together, in a subdirectory when named (struct attribute_group). */
export interface AttributeGroup<K extends Kobject = Kobject> {
  name?: string;
  attrs: Attribute[];
  /** The mode to give `attr`, or 0 to leave it out. */
  is_visible?(kobj: K, attr: Attribute, n: number): number;
}

export interface KobjType<K extends Kobject = Kobject> {
  /** Frees the object once the last reference is gone. */
  release?(kobj: K): void;
  sysfs_ops?: SysfsOps<K>;
  default_groups?: AttributeGroup<K>[];
  /** Older kernels' flat list of default attributes. */
  default_attrs?: Attribute[];
}

export class Kobject {
  name = '';
  parent: Kobject | null = null;
  kset: Kset | null = null;
  ktype: KobjType | null = null;
  /** Its directory in sysfs while it is added. */
  sd: Dentry | null = null;
  kref = 0;
  state_initialized = false;
  state_in_sysfs = false;
}

export interface KsetUeventOps {
  filter?(kobj: Kobject): number;
  name?(kobj: Kobject): string;
}

export class Kset extends Kobject {
  readonly list = new Set<Kobject>();
  uevent_ops: KsetUeventOps | null = null;
}

/** kobj_sysfs_ops: forwards to the kobj_attribute's own show and store (EIO when it has none). */
export const kobj_sysfs_ops: SysfsOps = {
  show(kobj, attr, buf) {
    const a = attr as KobjAttribute;
    return a.show ? a.show(kobj, a, buf) : -5;
  },
  store(kobj, attr, buf, count, bytes) {
    const a = attr as KobjAttribute;
    return a.store ? a.store(kobj, a, buf, count, bytes) : -5;
  },
};

/** __ATTR(name, mode, show, store). */
export function __ATTR<K extends Kobject = Kobject>(name: string, mode: number, show?: ShowFn<K, KobjAttribute<K>> | null,
  store?: StoreFn<K, KobjAttribute<K>> | null): KobjAttribute<K> {
  return { name, mode, show: show ?? undefined, store: store ?? undefined };
}
export const __ATTR_RO = <K extends Kobject>(name: string, show: ShowFn<K, KobjAttribute<K>>) => __ATTR(name, 0o444, show);
export const __ATTR_WO = <K extends Kobject>(name: string, store: StoreFn<K, KobjAttribute<K>>) => __ATTR(name, 0o200, null, store);
export const __ATTR_RW = <K extends Kobject>(name: string, show: ShowFn<K, KobjAttribute<K>>, store: StoreFn<K, KobjAttribute<K>>) =>
  __ATTR(name, 0o644, show, store);

export function kobject_init(kobj: Kobject, ktype: KobjType | null): void {
  if (kobj.state_initialized) pr_err(`kobject (${kobj.name}): tried to init an initialized object`);
  kobj.kref = 1;
  kobj.ktype = ktype;
  kobj.state_initialized = true;
  kobj.state_in_sysfs = false;
}

export function kobject_get<K extends Kobject>(kobj: K): K;
export function kobject_get(kobj: null): null;
export function kobject_get<K extends Kobject>(kobj: K | null): K | null;
export function kobject_get<K extends Kobject>(kobj: K | null): K | null {
  if (kobj) kobj.kref++;
  return kobj;
}

/** Drops a reference; the last one removes the directory and calls the type's release. */
export function kobject_put(kobj: Kobject | null | undefined): void {
  if (!kobj) return;
  if (!kobj.state_initialized) {
    pr_warn(`kobject: '${kobj.name}' is not initialized, yet kobject_put() is being called`);
    return;
  }
  if (--kobj.kref > 0) return;
  if (kobj.state_in_sysfs) kobject_del(kobj);
  kobj.state_initialized = false;
  kobj.ktype?.release?.(kobj);
}

function create_dir(kobj: Kobject): number {
  const r = sysfs_create_dir_ns(kobj);
  if (r) return r;
  const t = kobj.ktype;
  let err = 0;
  if (t?.default_attrs?.length) err = sysfs_create_files(kobj, t.default_attrs);
  if (!err && t?.default_groups?.length) err = sysfs_create_groups(kobj, t.default_groups);
  if (err) {
    sysfs_remove_dir(kobj);
    return err;
  }
  return 0;
}

/** kobject_add(kobj, parent, name): names the object and makes its sysfs directory. 0 or -errno. */
export function kobject_add(kobj: Kobject, parent: Kobject | null, name: string): number {
  if (!kobj.state_initialized) {
    pr_err(`kobject '${name}' (${kobj.name}): tried to add an uninitialized object`);
    return -EINVAL;
  }
  if (!name || name.includes('/')) return -EINVAL;
  kobj.name = name;
  kobj.parent = parent;
  if (kobj.kset) {
    kobj.parent ??= kobj.kset;
    kobj.kset.list.add(kobj);
  }
  kobject_get(kobj.parent);
  const err = create_dir(kobj);
  if (err) {
    kobj.kset?.list.delete(kobj);
    kobject_put(kobj.parent);
    kobj.parent = null;
    if (err === -EEXIST) pr_err(`kobject_add_internal failed for ${name} with -EEXIST, don't try to register things with the same name in the same directory.`);
    return err;
  }
  kobj.state_in_sysfs = true;
  return 0;
}

export function kobject_init_and_add(kobj: Kobject, ktype: KobjType | null, parent: Kobject | null, name: string): number {
  kobject_init(kobj, ktype);
  return kobject_add(kobj, parent, name);
}

/** Removes the object from sysfs and its kset; the memory lives on until the last kobject_put. */
export function kobject_del(kobj: Kobject | null | undefined): void {
  if (!kobj || !kobj.state_in_sysfs) return;
  const t = kobj.ktype;
  if (t?.default_groups?.length) sysfs_remove_groups(kobj, t.default_groups);
  sysfs_remove_dir(kobj);
  kobj.state_in_sysfs = false;
  kobj.kset?.list.delete(kobj);
  const parent = kobj.parent;
  kobj.parent = null;
  kobject_put(parent);
}

export function kobject_rename(kobj: Kobject, new_name: string): number {
  if (!new_name || new_name.includes('/')) return -EINVAL;
  if (kobj.state_in_sysfs) {
    const r = sysfs_rename_dir(kobj, new_name);
    if (r) return r;
  }
  kobj.name = new_name;
  return 0;
}

export function kobject_name(kobj: Kobject): string {
  return kobj.name;
}

/** The object's path below /sys, e.g. "/module/hello". */
export function kobject_get_path(kobj: Kobject): string {
  const parts: string[] = [];
  for (let k: Kobject | null = kobj; k; k = k.parent) parts.push(k.name);
  return '/' + parts.reverse().join('/');
}

/** A plain kobject whose attributes are kobj_attributes (kobject_create_and_add). Null on failure. */
export function kobject_create_and_add(name: string, parent: Kobject | null): Kobject | null {
  const kobj = new Kobject();
  kobject_init(kobj, dynamic_kobj_ktype);
  if (kobject_add(kobj, parent, name)) {
    kobject_put(kobj);
    return null;
  }
  return kobj;
}
export const dynamic_kobj_ktype: KobjType = { sysfs_ops: kobj_sysfs_ops };

export function kset_init(k: Kset): void {
  kobject_init(k, k.ktype ?? kset_ktype);
}

/** Adds an initialized-or-not kset (its name already set) to sysfs. 0 or -errno. */
export function kset_register(k: Kset): number {
  if (!k.state_initialized) kset_init(k);
  const err = kobject_add(k, k.parent, k.name);
  if (err) k.state_initialized = false;
  return err;
}

export function kset_unregister(k: Kset | null | undefined): void {
  if (!k) return;
  kobject_del(k);
  kobject_put(k);
}

const kset_ktype: KobjType = { sysfs_ops: kobj_sysfs_ops };

/** kset_create_and_add(name, uevent_ops, parent_kobj): null on failure (a duplicate name, say). */
export function kset_create_and_add(name: string, uevent_ops: KsetUeventOps | null, parent: Kobject | null): Kset | null {
  const k = new Kset();
  k.name = name;
  k.uevent_ops = uevent_ops;
  k.parent = parent;
  k.ktype = kset_ktype;
  if (kset_register(k)) return null;
  return k;
}

export function kset_find_obj(kset: Kset, name: string): Kobject | null {
  for (const k of kset.list) if (k.name === name) return kobject_get(k);
  return null;
}

/** The kobject a sysfs directory belongs to. */
export function kobject_of_dentry(d: Dentry): Kobject | null {
  return d.d_fsdata instanceof Kobject ? d.d_fsdata : null;
}

// The top of /sys (linux/kobject.h's kernel_kobj, fs_kobj...; the device model's ksets). Rebuilt at
// each boot by kobject_roots_init.
export let kernel_kobj: Kobject;
export let fs_kobj: Kobject;
export let mm_kobj: Kobject;
export let firmware_kobj: Kobject;
export let power_kobj: Kobject;
export let hypervisor_kobj: Kobject;
export let devices_kset: Kset;
export let bus_kset: Kset;
export let class_kset: Kset;
export let block_kset: Kset;
export let dev_kobj: Kobject;

function must<T>(v: T | null, what: string): T {
  if (!v) throw new Error(`sysfs: cannot create ${what}`);
  return v;
}

/** Creates the top-level directories of /sys (called once sysfs is up). */
export function kobject_roots_init(): void {
  devices_kset = must(kset_create_and_add('devices', null, null), '/sys/devices');
  bus_kset = must(kset_create_and_add('bus', null, null), '/sys/bus');
  class_kset = must(kset_create_and_add('class', null, null), '/sys/class');
  block_kset = must(kset_create_and_add('block', null, null), '/sys/block');
  dev_kobj = must(kobject_create_and_add('dev', null), '/sys/dev');
  kernel_kobj = must(kobject_create_and_add('kernel', null), '/sys/kernel');
  fs_kobj = must(kobject_create_and_add('fs', null), '/sys/fs');
  mm_kobj = must(kobject_create_and_add('mm', kernel_kobj), '/sys/kernel/mm');
  firmware_kobj = must(kobject_create_and_add('firmware', null), '/sys/firmware');
  power_kobj = must(kobject_create_and_add('power', null), '/sys/power');
  hypervisor_kobj = must(kobject_create_and_add('hypervisor', null), '/sys/hypervisor');
}
