// sysfs_ex: a kobject "myfs" under fs_kobj (/sys/fs/myfs) with two integer attributes, `first` (0644) and
// `second` (0664), each a show/store pair; a link `kernel` to /sys/kernel shows sysfs_create_link.
// A store that is not an integer is EINVAL; a write of more than PAGE_SIZE is cut to PAGE_SIZE by sysfs.
// An attribute on a bus: bus_register makes /sys/bus/myfs_bus with `version` (0444) and `ticks` (0644).
// A kset, /sys/fs/myfs/objects, holds obj0 and obj1: kobjects of the module's own ktype (sysfs_ops that
// reach the containing object, a default group with the `value` attribute, and a release that logs).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import { kobject_create_and_add, kobject_put, kobject_init_and_add, kset_create_and_add, kset_unregister, fs_kobj,
  kernel_kobj, __ATTR, Kobject, type KobjAttribute, type KobjType, type Kset, type Attribute } from '@urfs/emu-kernel/lib/kobject';
import { sysfs_create_file, sysfs_create_link, sysfs_remove_link } from '@urfs/emu-kernel/fs/sysfs/sysfs';
import { EINVAL, ENOMEM } from '@urfs/emu-kernel/uapi/errno';
import { parse_int_attr } from '../mechanisms/sysfs_attr.js';
import { bus_register, bus_unregister, bus_create_file, bus_remove_file, type BusType, type BusAttribute } from '@urfs/emu-kernel/drivers/base/bus';

/** An object of the kset: the kobject is embedded (here: inherited), the ktype's ops reach the rest. */
class MyObj extends Kobject {
  value = 0;
}

export default function sysfs_ex(): ModuleDef {
  const values: Record<string, number> = { first: 0, second: 0 };
  let kobj: Kobject | null = null;
  let kset: Kset | null = null;
  const objs: MyObj[] = [];
  const bus: BusType = { name: 'myfs_bus' };
  let ticks = 0;
  const version_attr: BusAttribute = { attr: { name: 'version', mode: 0o444 }, show: () => '1.0\n' };
  const ticks_attr: BusAttribute = {
    attr: { name: 'ticks', mode: 0o644 },
    show: () => `${ticks}\n`,
    store: (_bus, buf, count) => {
      const v = parse_int_attr(buf);
      if (v === null) return -EINVAL;
      ticks = v;
      return count;
    },
  };
  const value_attr: Attribute = { name: 'value', mode: 0o644 };
  const myobj_ktype: KobjType<MyObj> = {
    sysfs_ops: {
      show: (k) => `${k.value}\n`,
      store: (k, _a, buf, count) => {
        const v = parse_int_attr(buf);
        if (v === null) return -EINVAL;
        k.value = v;
        return count;
      },
    },
    default_groups: [{ attrs: [value_attr] }],
    release: (k) => void pr_info(`sysfs_ex: ${k.name} released`),
  };

  const show = (_k: Kobject, attr: KobjAttribute): string => `${values[attr.name]}\n`;
  const store = (_k: Kobject, attr: KobjAttribute, buf: string, count: number): number => {
    const v = parse_int_attr(buf);
    if (v === null) return -EINVAL;
    values[attr.name] = v;
    pr_info(`sysfs_ex: ${attr.name} = ${v}`);
    return count;
  };
  const attrs = [__ATTR('first', 0o644, show, store), __ATTR('second', 0o664, show, store)];

  function cleanup(): void {
    bus_remove_file(bus, ticks_attr);
    bus_remove_file(bus, version_attr);
    bus_unregister(bus);
    for (const o of objs.splice(0)) kobject_put(o);
    kset_unregister(kset);
    kset = null;
    if (kobj) sysfs_remove_link(kobj, 'kernel');
    kobject_put(kobj);
    kobj = null;
  }

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'sysfs example: /sys/fs/myfs/first and second',
    version: '0.1',
    init(): number {
      kobj = kobject_create_and_add('myfs', fs_kobj);
      if (!kobj) return -ENOMEM;
      for (const a of attrs) {
        const r = sysfs_create_file(kobj, a);
        if (r) {
          cleanup();
          return r;
        }
      }
      sysfs_create_link(kobj, kernel_kobj, 'kernel');
      kset = kset_create_and_add('objects', null, kobj);
      if (!kset) {
        cleanup();
        return -ENOMEM;
      }
      for (let i = 0; i < 2; i++) {
        const o = new MyObj();
        o.kset = kset;
        o.value = 100 + i;
        const r = kobject_init_and_add(o, myobj_ktype as KobjType, null, `obj${i}`);
        if (r) {
          kobject_put(o);
          cleanup();
          return r;
        }
        objs.push(o);
      }
      // An attribute on a bus: /sys/bus/myfs_bus/version (read-only) and /sys/bus/myfs_bus/ticks.
      const rb = bus_register(bus);
      const rf = rb || bus_create_file(bus, version_attr) || bus_create_file(bus, ticks_attr);
      if (rf) {
        cleanup();
        return rf;
      }
      pr_info('sysfs_ex: /sys/fs/myfs ready');
      return 0;
    },
    exit(): void {
      cleanup();
      pr_info('sysfs_ex: removed');
    },
  };
}
