// [ EXPRESSION ]: test(1) under the name that requires the closing bracket; "[ --help" prints the usage.
import test from './test.js';
import { help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (argv.length === 2 && argv[1] === '--help') return help('[ EXPRESSION ]', 'Evaluates EXPRESSION like test(1); the last argument must be ].');
  return test(argv);
}
