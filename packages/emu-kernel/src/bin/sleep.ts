// sleep NUMBER[smhd]...: pauses for the sum of the durations (fractions allowed).
import { nanosleep_ms } from '../user/libc.js';
import { warnx, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('sleep NUMBER[SUFFIX]...', 'Pauses for the sum of the NUMBERs of seconds (suffixes s m h d).');
  const args = argv.slice(1);
  if (!args.length) return usage('sleep', 'missing operand', 'sleep NUMBER[SUFFIX]...');
  let total = 0;
  for (const a of args) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      warnx('sleep', `invalid time interval '${a}'`);
      return 1;
    }
    total += Number(m[1]) * UNIT[m[2]];
  }
  // A signal with a handler ends the sleep early (EINTR); the default action of most signals ends sleep.
  nanosleep_ms(total * 1000);
  return 0;
}
