// Rate limiting (lib/ratelimit.c, include/linux/ratelimit.h): at most `burst` events in each `interval`
// ms pass; the rest are counted, and the first one let through after an interval says how many were
// suppressed. Each call site keeps its own state, as each DEFINE_RATELIMIT_STATE does in Linux.
import { printk_state, pr_warn } from '../kernel/printk.js';

export const DEFAULT_RATELIMIT_INTERVAL = 5000;
export const DEFAULT_RATELIMIT_BURST = 10;

export interface ratelimit_state {
  interval: number;
  burst: number;
  begin: number;
  printed: number;
  missed: number;
}

export function ratelimit_state_init(interval = DEFAULT_RATELIMIT_INTERVAL, burst = DEFAULT_RATELIMIT_BURST):
  ratelimit_state {
  return { interval, burst, begin: -Infinity, printed: 0, missed: 0 };
}

/** Whether the event may go through now; `who` names the suppressed ones when an interval ends. */
export function __ratelimit(rs: ratelimit_state, who: string): boolean {
  const now = printk_state().clock();
  if (now - rs.begin >= rs.interval) {
    if (rs.missed) pr_warn(`${who}: ${rs.missed} callbacks suppressed`);
    rs.begin = now;
    rs.printed = 0;
    rs.missed = 0;
  }
  if (rs.printed < rs.burst) {
    rs.printed++;
    return true;
  }
  rs.missed++;
  return false;
}

/** pr_warn of at most `rs.burst` messages an interval from one call site. */
export function pr_warn_ratelimited(rs: ratelimit_state, who: string, msg: string): void {
  if (__ratelimit(rs, who)) pr_warn(msg);
}
