// holdfds MODE [PATH...]: opens every PATH (read-only, or read-write when the name ends in "+"), makes a
// pipe, prints "opened=N" and "ready=1", then ends without closing anything:
//   throw        throws from main          reject   main's promise rejects later
//   throw-async  throws from a timer       exit     returns 3 normally
//   sleep        sleeps until killed (or 60 s)
// The kernel must release every descriptor whichever way the process ends.
import { O_RDONLY, O_RDWR } from '../uapi/fcntl.js';
import { open, pipe, sleep } from '../user/libc.js';
import { check, report } from './lib/report.js';

export default async function main(argv: string[]): Promise<number> {
  const mode = argv[1] ?? 'throw';
  let opened = 0;
  for (const arg of argv.slice(2)) {
    const rw = arg.endsWith('+');
    const path = rw ? arg.slice(0, -1) : arg;
    const fd = open(path, rw ? O_RDWR : O_RDONLY);
    check(`open:${path}`, fd);
    if (fd >= 0) opened++;
  }
  if (pipe()) opened += 2;
  report('opened', opened);
  report('ready', 1);
  switch (mode) {
    case 'throw':
      throw new Error('holdfds: deliberate crash while holding descriptors');
    case 'throw-async':
      setTimeout(() => {
        throw new Error('holdfds: deliberate crash in a timer');
      }, 10);
      return new Promise<number>(() => {});
    case 'reject':
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('holdfds: deliberate rejection');
    case 'exit':
      return 3;
    case 'sleep':
      sleep(60);
      return 0;
    default:
      report('error', `unknown mode ${mode}`);
      return 2;
  }
}
