// configfs_ex: a PWM-like configurable object. `mkdir /config/configfs_ex/pwm0` asks the module to make
// an item with the attributes `period` and `duty` (nanoseconds), `run` (0 or 1) and a read-only
// `status`; `rmdir` hands it back. The duty cycle may not exceed the period, and a PWM with no period may
// not run: such writes are EINVAL and change nothing.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import {
  ConfigGroup, ConfigItem, config_group_init_type_name, config_item_init_type_name, configfs_register_subsystem,
  configfs_unregister_subsystem, type ConfigfsAttribute, type ConfigItemType, type ConfigfsSubsystem,
} from '@urfs/emu-kernel/fs/configfs/item';
import { EBUSY, EINVAL } from '@urfs/emu-kernel/uapi/errno';

class Pwm extends ConfigItem {
  period = 0;
  duty = 0;
  run = 0;
}

/** A non-negative integer written by a user ("1000\n"), or null. */
function parse_ns(page: string): number | null {
  const t = page.trim();
  if (!/^\d{1,12}$/.test(t)) return null;
  return Number(t);
}

export default function configfs_ex(): ModuleDef {
  const attr = (name: string, mode: number, show: (p: Pwm) => string, store?: (p: Pwm, v: number) => number):
    ConfigfsAttribute<Pwm> => ({
    ca_name: name,
    ca_mode: mode,
    show: (p) => show(p) + '\n',
    store: store && ((p, page) => {
      const v = parse_ns(page);
      if (v === null) return -EINVAL;
      const r = store(p, v);
      return r < 0 ? r : page.length;
    }),
  });
  const attrs = [
    attr('period', 0o644, (p) => String(p.period), (p, v) => {
      if (v < p.duty) return -EINVAL;
      if (p.run && v === 0) return -EBUSY;
      p.period = v;
      return 0;
    }),
    attr('duty', 0o644, (p) => String(p.duty), (p, v) => {
      if (v > p.period) return -EINVAL;
      p.duty = v;
      return 0;
    }),
    attr('run', 0o644, (p) => String(p.run), (p, v) => {
      if (v > 1 || (v === 1 && p.period === 0)) return -EINVAL;
      p.run = v;
      pr_info(`configfs_ex: ${p.ci_name} ${v ? 'started' : 'stopped'} (period ${p.period} ns, duty ${p.duty} ns)`);
      return 0;
    }),
    attr('status', 0o444, (p) => (p.run ? `running, ${p.period ? Math.round((100 * p.duty) / p.period) : 0}% duty` : 'stopped')),
  ] as ConfigfsAttribute[];
  const pwm_type: ConfigItemType = {
    ct_attrs: attrs,
    ct_item_ops: { release: (item) => pr_info(`configfs_ex: ${item.ci_name} released`) },
  };
  const group_type: ConfigItemType = {
    ct_group_ops: {
      make_item(_group, name) {
        const p = new Pwm();
        config_item_init_type_name(p, name, pwm_type);
        pr_info(`configfs_ex: made ${name}`);
        return p;
      },
      drop_item(_group, item) {
        (item as Pwm).run = 0;
        pr_info(`configfs_ex: dropped ${item.ci_name}`);
        item.ci_type?.ct_item_ops?.release?.(item);
      },
    },
  };
  const subsys: ConfigfsSubsystem = { su_group: new ConfigGroup() };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'configfs demo: PWM-like objects made with mkdir under /config/configfs_ex',
    init() {
      config_group_init_type_name(subsys.su_group, 'configfs_ex', group_type);
      return configfs_register_subsystem(subsys);
    },
    exit() {
      configfs_unregister_subsystem(subsys);
    },
  };
}
