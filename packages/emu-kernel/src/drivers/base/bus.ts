// Buses in the device model (drivers/base/bus.c), as far as sysfs shows them: bus_register makes
// /sys/bus/<name>/ with its devices/ and drivers/ sets, and bus_create_file puts an attribute on the bus.
import { EEXIST, EINVAL, ENOMEM } from '../../uapi/errno.js';
import { bus_kset, kset_create_and_add, kset_find_obj, kset_unregister, type Attribute, type Kobject,
  type KobjAttribute, type Kset } from '../../lib/kobject.js';
import { sysfs_create_file, sysfs_remove_file } from '../../fs/sysfs/sysfs.js';
import type { MaybePromise } from '../../fs/fs.js';

export interface BusType {
  name: string;
  /** Filled by bus_register (struct subsys_private). */
  p?: { subsys: Kset; devices_kset: Kset; drivers_kset: Kset };
}

/** struct bus_attribute: show/store receive the bus, not a kobject. */
export interface BusAttribute {
  attr: Attribute;
  show?(bus: BusType): MaybePromise<string | number>;
  store?(bus: BusType, buf: string, count: number): MaybePromise<number>;
}

const wrappers = new WeakMap<BusAttribute, KobjAttribute>();

export function bus_register(bus: BusType): number {
  if (!bus.name) return -EINVAL;
  if (kset_find_obj(bus_kset, bus.name)) return -EEXIST;
  const subsys = kset_create_and_add(bus.name, null, bus_kset);
  if (!subsys) return -ENOMEM;
  const devices_kset = kset_create_and_add('devices', null, subsys);
  const drivers_kset = kset_create_and_add('drivers', null, subsys);
  if (!devices_kset || !drivers_kset) {
    kset_unregister(devices_kset);
    kset_unregister(subsys);
    return -ENOMEM;
  }
  bus.p = { subsys, devices_kset, drivers_kset };
  return 0;
}

export function bus_unregister(bus: BusType): void {
  if (!bus.p) return;
  kset_unregister(bus.p.drivers_kset);
  kset_unregister(bus.p.devices_kset);
  kset_unregister(bus.p.subsys);
  bus.p = undefined;
}

export function bus_create_file(bus: BusType, battr: BusAttribute): number {
  if (!bus.p) return -EINVAL;
  const ka: KobjAttribute = {
    name: battr.attr.name,
    mode: battr.attr.mode,
    show: battr.show && (() => battr.show!(bus)),
    store: battr.store && ((_k: Kobject, _a, buf, count) => battr.store!(bus, buf, count)),
  };
  wrappers.set(battr, ka);
  return sysfs_create_file(bus.p.subsys, ka);
}

export function bus_remove_file(bus: BusType, battr: BusAttribute): void {
  const ka = wrappers.get(battr);
  if (bus.p && ka) sysfs_remove_file(bus.p.subsys, ka);
}
