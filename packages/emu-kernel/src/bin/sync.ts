// sync: nothing to flush on this machine (writes reach the file system at once).
import { wantsHelp, help } from './lib/help.js';
export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('sync', 'Flushes file system buffers (nothing to do on this machine).');
  return 0;
}
