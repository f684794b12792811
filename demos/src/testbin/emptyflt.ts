// emptyflt [-d] [-b] [-p PRIORITY] PATH...: the empty filter (empty_filter.ts) in user space, for the
// benchmark (installed in /usr/libexec/urfs-test).
import { urfs_run } from '@urfs/liburfs/index';
import { empty_filter } from '../empty_filter.js';

export default (argv: string[]): Promise<number> => urfs_run(empty_filter, argv);
