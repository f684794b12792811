// syslog(2) (kernel/printk/printk.c do_syslog): reading and clearing the kernel log ring buffer, and the
// console log level. Records are copied as dmesg prints them: "[    1.234567] text\n".
// As with dmesg_restrict = 0, anyone may read the whole buffer (READ_ALL) and ask its size; the other
// actions (the destructive read, clearing, the console switches) need root.
import { EFAULT, EINVAL, EPERM, ERESTARTSYS } from '../../uapi/errno.js';
import { UserPtr, copy_to_user } from '../../mm/uaccess.js';
import type { Task } from '../task.js';
import { capable } from '../cred.js';
import { formatRecord, printk_state, type LogRecord } from '../printk.js';
import { sleep_on } from '../wait.js';
import { signal_pending } from '../task.js';

export const __NR_syslog = 103;
export const SYSLOG_ACTION_CLOSE = 0, SYSLOG_ACTION_OPEN = 1, SYSLOG_ACTION_READ = 2, SYSLOG_ACTION_READ_ALL = 3,
  SYSLOG_ACTION_READ_CLEAR = 4, SYSLOG_ACTION_CLEAR = 5, SYSLOG_ACTION_CONSOLE_OFF = 6,
  SYSLOG_ACTION_CONSOLE_ON = 7, SYSLOG_ACTION_CONSOLE_LEVEL = 8, SYSLOG_ACTION_SIZE_UNREAD = 9,
  SYSLOG_ACTION_SIZE_BUFFER = 10;

/** The size the log buffer reports (1 << CONFIG_LOG_BUF_SHIFT). */
export const LOG_BUF_LEN = 1 << 17;
const MINIMUM_CONSOLE_LOGLEVEL = 1;

interface SyslogState {
  /** Next record the destructive read (action 2) returns. */
  syslog_seq: number;
  /** First record READ_ALL returns (moved by CLEAR). */
  clear_seq: number;
  saved_console_loglevel: number;
}
const st: SyslogState = { syslog_seq: 0, clear_seq: 0, saved_console_loglevel: -1 };

export function syslog_init(): void {
  st.syslog_seq = 0;
  st.clear_seq = 0;
  st.saved_console_loglevel = -1;
}

const enc = new TextEncoder();
const text_of = (r: LogRecord): Uint8Array => enc.encode(formatRecord(r) + '\n');
const records_from = (seq: number): LogRecord[] => printk_state().records.filter((r) => r.seq >= seq);

function syslog_action_restricted(type: number): boolean {
  return type !== SYSLOG_ACTION_READ_ALL && type !== SYSLOG_ACTION_SIZE_BUFFER;
}

/** READ_ALL / READ_CLEAR: the newest records since the last clear that fit in `len` bytes. */
function syslog_print_all(task: Task, buf: number, len: number, clear: boolean): number {
  const texts = records_from(st.clear_seq).map(text_of);
  let total = texts.reduce((a, t) => a + t.length, 0);
  let first = 0;
  while (total > len && first < texts.length) total -= texts[first++].length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const t of texts.slice(first)) {
    out.set(t, o);
    o += t.length;
  }
  if (copy_to_user(new UserPtr(task.mm, buf), out)) return -EFAULT;
  if (clear) st.clear_seq = printk_state().seq;
  return total;
}

/** READ: waits for records not read yet, then hands out as many whole ones as fit. */
async function syslog_print(task: Task, buf: number, len: number): Promise<number> {
  for (;;) {
    const recs = records_from(st.syslog_seq);
    if (recs.length) {
      const parts: Uint8Array[] = [];
      let used = 0;
      for (const r of recs) {
        let t = text_of(r);
        if (used + t.length > len) {
          if (used) break;
          t = t.subarray(0, len);
        }
        parts.push(t);
        used += t.length;
        st.syslog_seq = r.seq + 1;
      }
      const out = new Uint8Array(used);
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return copy_to_user(new UserPtr(task.mm, buf), out) ? -EFAULT : used;
    }
    if (signal_pending(task)) return -ERESTARTSYS;
    // printk has no wait queue to sleep on: look again shortly, or when a signal arrives.
    await sleep_on(null, task, 50);
  }
}

/** syslog(type, bufp, len). */
export async function sys_syslog(task: Task, type: number, buf: number, len: number): Promise<number> {
  if (type === SYSLOG_ACTION_CLOSE || type === SYSLOG_ACTION_OPEN) return 0;
  if (!Number.isInteger(type) || type < 0 || type > SYSLOG_ACTION_SIZE_BUFFER) return -EINVAL;
  if (syslog_action_restricted(type) && !capable(task.cred)) return -EPERM;
  const log = printk_state();
  switch (type) {
    case SYSLOG_ACTION_READ:
    case SYSLOG_ACTION_READ_ALL:
    case SYSLOG_ACTION_READ_CLEAR:
      if (!buf || !Number.isInteger(len) || len < 0) return -EINVAL;
      if (!len) return 0;
      if (!task.mm.access_ok(buf, len)) return -EFAULT;
      if (type === SYSLOG_ACTION_READ) return syslog_print(task, buf, len);
      return syslog_print_all(task, buf, len, type === SYSLOG_ACTION_READ_CLEAR);
    case SYSLOG_ACTION_CLEAR:
      st.clear_seq = log.seq;
      return 0;
    case SYSLOG_ACTION_CONSOLE_OFF:
      if (st.saved_console_loglevel === -1) st.saved_console_loglevel = log.console_loglevel;
      log.console_loglevel = MINIMUM_CONSOLE_LOGLEVEL;
      return 0;
    case SYSLOG_ACTION_CONSOLE_ON:
      if (st.saved_console_loglevel !== -1) {
        log.console_loglevel = st.saved_console_loglevel;
        st.saved_console_loglevel = -1;
      }
      return 0;
    case SYSLOG_ACTION_CONSOLE_LEVEL:
      if (len < 1 || len > 8) return -EINVAL;
      log.console_loglevel = Math.max(len, MINIMUM_CONSOLE_LOGLEVEL);
      st.saved_console_loglevel = -1;
      return 0;
    case SYSLOG_ACTION_SIZE_UNREAD:
      return records_from(st.syslog_seq).reduce((a, r) => a + text_of(r).length, 0);
    case SYSLOG_ACTION_SIZE_BUFFER:
      return LOG_BUF_LEN;
  }
  return -EINVAL;
}
