// test EXPRESSION (also installed as "["): file tests, string and integer comparisons, ! -a -o ( ).
import { runTest } from '../user/util/test_expr.js';
import { dprintf } from '../user/libc.js';

export default function main(argv: string[]): number {
  return runTest(argv, (m) => void dprintf(2, m + '\n'));
}
