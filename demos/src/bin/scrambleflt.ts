// scrambleflt [-d] [-b] [-p PRIORITY] PATH...: the scramble filter (scramble_filter.ts) in user space.
import { urfs_run } from '@urfs/liburfs/index';
import { scramble_filter } from '../scramble_filter.js';

export default (argv: string[]): Promise<number> => urfs_run(scramble_filter, argv);
