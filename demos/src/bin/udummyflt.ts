// udummyflt [-d] [-b] [-p PRIORITY] PATH: dummyflt in user space. Logs every permission check and open
// (before and after) of the objects under PATH on its standard output, and changes nothing.
import { writeAll } from '@urfs/emu-kernel/user/libc';
import { urfs_run, rfs_op_name, type urfs_filter_def, type urfs_handler } from '@urfs/liburfs/index';

const log: urfs_handler<'open' | 'permission'> = (cx, c) => {
  const extra = c.op === 'permission' ? ` mask ${c.args.mask}` : '';
  const result = c.call === 'post' ? ` = ${c.retv}` : '';
  writeAll(1, `udummyflt: ${c.call} ${rfs_op_name(c.id)} ${c.args.path}${extra}${result} ` +
    `(pid ${cx.caller.pid} uid ${cx.caller.uid})\n`);
};

const udummyflt: urfs_filter_def = {
  name: 'udummyflt',
  priority: 998,
  description: 'Logs every permission check and open under PATH, and changes nothing.',
  ops: { open: { pre: log, post: log }, permission: { pre: log, post: log } },
};

export default (argv: string[]): Promise<number> => urfs_run(udummyflt, argv);
