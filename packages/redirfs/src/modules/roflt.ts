// insmod roflt [path=DIR,...] [exclude=PATH,...]: the read-only demo filter (filters/roflt.ts). It
// registers active with no paths unless given; redirctl and sysfs steer it through its modifier callback.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { roflt_init, roflt_exit } from '../filters/roflt.js';
import { param_paths } from '../filters/param_paths.js';

export default function roflt(): ModuleDef {
  const params = {
    path: module_param('charp', '', 0o444, 'Paths to include at load, comma separated (a directory: its subtree)'),
    exclude: module_param('charp', '', 0o444, 'Paths to exclude at load, comma separated'),
  };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'RedirFS demo filter: EROFS for every modification under its paths',
    version: '0.2',
    depends: ['redirfs'],
    params,
    async init(): Promise<number> {
      const paths = await param_paths('roflt', params.path.value, params.exclude.value);
      if (typeof paths === 'number') return paths;
      return roflt_init(paths);
    },
    exit(): void {
      roflt_exit();
    },
  };
}
