// sh: the command interpreter (see user/sh/ for the lexer, parser, expansion and executor).
import { shMain } from '../user/sh/main.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[], envp: string[]): number {
  if (wantsHelp(argv)) return help('sh [-c COMMAND [NAME [ARG]...] | FILE [ARG]...]', 'The command interpreter: runs COMMAND, the script FILE, or commands read from standard input.');
  return shMain(argv, envp);
}
