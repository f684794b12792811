// sysfuzz [FIRST] [LAST] [trace]: calls every system call number in [FIRST, LAST] (default: the whole
// table) with each argument pattern below in all six arguments: zero, negative, NaN, fractions, huge
// values, infinity and a pointer to a zeroed buffer. Skips only calls that end the process, change its
// identity or legitimately wait forever (a new call that waits forever on such input belongs in SKIP).
// Prints "done=1" and how many calls returned each errno: the kernel must answer every one with a
// number (no "BUG: kernel fault" in its log) and keep running. "trace" prints each call before making it.
import { NR_syscalls, __NR_exit, __NR_exit_group, __NR_setuid, __NR_setgid, __NR_select } from '../uapi/unistd.js';
import { HEAP, calloc, errno, syscall } from '../user/libc.js';
import { errname } from '../uapi/errno.js';
import { report } from './lib/report.js';

const SKIP = new Set([__NR_exit, __NR_exit_group, __NR_setuid, __NR_setgid]);

export default function main(argv: string[]): number {
  const first = Number(argv[1] ?? 0), last = Number(argv[2] ?? NR_syscalls - 1), trace = argv[3] === 'trace';
  const buf = calloc(65536);
  const patterns: [string, number][] = [['zero', 0], ['neg', -1], ['nan', NaN], ['frac', 1.5], ['i32', 2 ** 31],
    ['i40', 2 ** 40], ['max', Number.MAX_SAFE_INTEGER], ['min', -Number.MAX_SAFE_INTEGER], ['inf', Infinity],
    ['buf', buf]];
  const counts = new Map<string, number>();
  let calls = 0;
  for (let nr = first; nr <= last; nr++) {
    if (SKIP.has(nr)) continue;
    for (const [name, v] of patterns) {
      if (nr === __NR_select && name === 'zero') continue; // select(0, NULL, NULL, NULL, NULL) sleeps forever
      if (trace) report('try', `${nr}:${name}`);
      HEAP.fill(0, buf, buf + 65536); // earlier calls write there; zeros keep every call short (no sleeps)
      const r = syscall(nr, v, v, v, v, v, v);
      const key = r === -1 ? errname(errno) : 'ok';
      counts.set(key, (counts.get(key) ?? 0) + 1);
      calls++;
    }
  }
  report('calls', calls);
  for (const [k, n] of [...counts].sort()) report(`count.${k}`, n);
  report('done', 1);
  return 0;
}
