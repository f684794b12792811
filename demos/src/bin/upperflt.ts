// upperflt [-b] [-p PRIORITY] PATH...: the upper-casing filter (upper_filter.ts) as a ufilter program.
import { urfs_run } from '@urfs/liburfs/index';
import { upper_filter } from '../upper_filter.js';

export default (argv: string[]): Promise<number> => urfs_run(upper_filter, argv);
