// --help of the utilities: the usage on standard output and status 0, as GNU programs answer it.
import { writeAll } from '../../user/libc.js';

/** Whether --help is among the options (before "--" or the first operand). */
export function wantsHelp(argv: string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help') return true;
    if (a === '--' || a === '-' || !a.startsWith('-')) return false;
  }
  return false;
}

/** Prints "Usage: SYNOPSIS" and the description; returns 0 (the status to exit with). */
export function help(synopsis: string | string[], text = ''): number {
  const lines = Array.isArray(synopsis) ? synopsis : [synopsis];
  writeAll(1, `Usage: ${lines.join('\n  or:  ')}\n${text ? text.replace(/\n?$/, '\n') : ''}`);
  return 0;
}
