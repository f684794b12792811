// insmod dummyflt [path=DIR,...] [exclude=PATH,...] [modcb=n]: the logging demo filter
// (filters/dummyflt.ts). It registers active with no paths unless given; redirctl and sysfs steer it
// through its modifier callback, unless modcb=n leaves it without one (every change is then refused).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { rfs_set_mod_cb, flt_get_by_name } from '../filter.js';
import { dummyflt_init, dummyflt_exit, DUMMYFLT_NAME } from '../filters/dummyflt.js';
import { param_paths } from '../filters/param_paths.js';

export default function dummyflt(): ModuleDef {
  const params = {
    path: module_param('charp', '', 0o444, 'Paths to include at load, comma separated (a directory: its subtree)'),
    exclude: module_param('charp', '', 0o444, 'Paths to exclude at load, comma separated'),
    modcb: module_param('bool', true, 0o444, 'Register the modifier callback (n: redirctl and sysfs cannot change it)'),
  };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'RedirFS demo filter: logs open, release, permission and lookup',
    version: '0.2',
    depends: ['redirfs'],
    params,
    async init(): Promise<number> {
      const paths = await param_paths('dummyflt', params.path.value, params.exclude.value);
      if (typeof paths === 'number') return paths;
      const err = await dummyflt_init(paths);
      if (err || params.modcb.value) return err;
      const flt = flt_get_by_name(DUMMYFLT_NAME);
      return flt ? rfs_set_mod_cb(flt, null) : 0;
    },
    exit(): void {
      dummyflt_exit();
    },
  };
}
