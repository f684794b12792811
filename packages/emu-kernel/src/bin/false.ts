/** false: exits 1 (also for --help, as GNU false does). */
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) help('false', 'Does nothing, unsuccessfully (status 1).');
  return 1;
}
