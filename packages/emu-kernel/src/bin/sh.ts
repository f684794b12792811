// sh: the command interpreter (see user/sh/ for the lexer, parser, expansion and executor).
import { shMain } from '../user/sh/main.js';

export default function main(argv: string[], envp: string[]): number {
  return shMain(argv, envp);
}
