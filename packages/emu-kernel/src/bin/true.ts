import { wantsHelp, help } from './lib/help.js';
/** true: exits 0. */
export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('true', 'Does nothing, successfully.');
  return 0;
}
