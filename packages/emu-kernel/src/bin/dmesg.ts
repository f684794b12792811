// dmesg [-c | -C]: prints the kernel's log buffer (syslog(2) READ_ALL); -c reads then clears it,
// -C clears it only.
import {
  klogctl, malloc, free, memcpy_from, writeAll, errno, SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR,
  SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_SIZE_BUFFER,
} from '../user/libc.js';
import { getopt } from '../user/util/getopt.js';
import { warn, usage } from '../user/util/err.js';
import { wantsHelp, help } from './lib/help.js';

export default function main(argv: string[]): number {
  if (wantsHelp(argv)) return help('dmesg [-c | -C]', 'Prints the kernel ring buffer (-c: then clears it; -C: only clears it).');
  const r = getopt(argv, 'cC');
  if (typeof r === 'string' || r.operands.length) {
    return usage('dmesg', typeof r === 'string' ? r : `unexpected argument '${r.operands[0]}'`, 'dmesg [-c | -C]');
  }
  if (r.opts.has('C')) {
    if (klogctl(SYSLOG_ACTION_CLEAR) < 0) {
      warn('dmesg', 'clear kernel buffer failed');
      return 1;
    }
    return 0;
  }
  let size = klogctl(SYSLOG_ACTION_SIZE_BUFFER);
  if (size <= 0) size = 1 << 17;
  const buf = malloc(size);
  try {
    const n = klogctl(r.opts.has('c') ? SYSLOG_ACTION_READ_CLEAR : SYSLOG_ACTION_READ_ALL, buf, size);
    if (n < 0) {
      warn('dmesg', 'read kernel buffer failed');
      return 1;
    }
    if (n && writeAll(1, memcpy_from(buf, n)) < 0) {
      warn('dmesg', 'write error', errno);
      return 1;
    }
    return 0;
  } finally {
    free(buf);
  }
}
