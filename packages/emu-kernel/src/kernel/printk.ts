// printk and the kernel log ring buffer that dmesg reads (/dev/kmsg-like records, /proc/kmsg not modelled).
export const KERN_EMERG = '\x010', KERN_ALERT = '\x011', KERN_CRIT = '\x012', KERN_ERR = '\x013',
  KERN_WARNING = '\x014', KERN_NOTICE = '\x015', KERN_INFO = '\x016', KERN_DEBUG = '\x017';
export const KERN_DEFAULT = KERN_WARNING;
const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export interface LogRecord {
  seq: number;
  level: number;
  /** Microseconds since boot. */
  ts_usec: number;
  text: string;
}

const LOG_BUF_RECORDS = 4096;
interface LogState {
  records: LogRecord[];
  seq: number;
  clock: () => number;
  console: (line: string) => void;
  /** Records with a level below this number are also printed on the console (Linux's console_loglevel). */
  console_loglevel: number;
}
const log: LogState = { records: [], seq: 0, clock: () => 0, console: () => {}, console_loglevel: 4 };

export function printk_init(clock: () => number, console: (line: string) => void): void {
  log.records = [];
  log.seq = 0;
  log.clock = clock;
  log.console = console;
}

export function printk_state(): LogState {
  return log;
}

/** Logs a message; a KERN_* prefix sets its level (default KERN_WARNING, as in Linux). */
export function printk(msg: string): number {
  let level = 4;
  let text = msg;
  if (text.charCodeAt(0) === 1 && text.length >= 2) {
    level = Number(text[1]);
    text = text.slice(2);
  }
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const rec: LogRecord = { seq: log.seq++, level, ts_usec: Math.round(log.clock() * 1000), text: line };
    log.records.push(rec);
    if (log.records.length > LOG_BUF_RECORDS) log.records.shift();
    if (level < log.console_loglevel) log.console(formatRecord(rec) + '\n');
  }
  return text.length;
}

export const pr_emerg = (s: string) => printk(KERN_EMERG + s);
export const pr_alert = (s: string) => printk(KERN_ALERT + s);
export const pr_crit = (s: string) => printk(KERN_CRIT + s);
export const pr_err = (s: string) => printk(KERN_ERR + s);
export const pr_warn = (s: string) => printk(KERN_WARNING + s);
export const pr_notice = (s: string) => printk(KERN_NOTICE + s);
export const pr_info = (s: string) => printk(KERN_INFO + s);
export const pr_debug = (s: string) => printk(KERN_DEBUG + s);

/** "[    1.234567] text", the way dmesg prints a record. */
export function formatRecord(r: LogRecord): string {
  const s = Math.floor(r.ts_usec / 1e6);
  const us = String(r.ts_usec % 1e6).padStart(6, '0');
  return `[${String(s).padStart(5, ' ')}.${us}] ${r.text}`;
}

export function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? String(level);
}
