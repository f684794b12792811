// date [-u] [+FORMAT]: the time (the machine's clock is UTC). FORMAT takes %Y %m %d %H %M %S %s %a %b
// %e %j %y %Z %z %F %T %D %n %t %%.
import { writeAll } from '../user/libc.js';
import { wantsHelp, help } from './lib/help.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

function strftime(fmt: string, d: Date): string {
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return p2(d.getUTCFullYear() % 100);
      case 'm': return p2(d.getUTCMonth() + 1);
      case 'd': return p2(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2);
      case 'H': return p2(d.getUTCHours());
      case 'M': return p2(d.getUTCMinutes());
      case 'S': return p2(d.getUTCSeconds());
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'N': return String(d.getUTCMilliseconds() * 1e6).padStart(9, '0');
      case 'a': return DAYS[d.getUTCDay()];
      case 'b': case 'h': return MONTHS[d.getUTCMonth()];
      case 'j': return String(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(3, '0');
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 'F': return strftime('%Y-%m-%d', d);
      case 'T': return strftime('%H:%M:%S', d);
      case 'D': return strftime('%m/%d/%y', d);
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
    }
    return m;
  });
}

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('date [-u] [+FORMAT]', 'Prints the time (UTC); FORMAT takes %Y %m %d %H %M %S %s %a %b %e %j %y %Z %z %F %T %D %n %t %%.');
  const fmt = argv.slice(1).find((a) => a.startsWith('+'));
  writeAll(1, strftime(fmt ? fmt.slice(1) : '%a %b %e %H:%M:%S %Z %Y', new Date()) + '\n');
  return 0;
}
