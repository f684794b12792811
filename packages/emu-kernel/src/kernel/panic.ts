// Oopses and taint (kernel/panic.c): a fault inside the kernel is logged, taints the kernel (TAINT_DIE,
// "D", readable in /proc/sys/kernel/tainted), counts in oops_count and goes to the die notifiers, so a
// host can fail whatever ran on a machine that had one, whatever that run itself reported.
import { pr_err } from './printk.js';

/** The kernel died in a fault: an oops. */
export const TAINT_DIE = 7;

type DieNotifier = (report: string) => void;
const die_chain = new Set<DieNotifier>();
let tainted_mask = 0;
let oops_count = 0;

/** A booted kernel is untainted and has no notifiers yet. */
export function panic_init(): void {
  tainted_mask = 0;
  oops_count = 0;
  die_chain.clear();
}

export function add_taint(flag: number): void {
  tainted_mask = (tainted_mask | (1 << flag)) >>> 0;
}
export function test_taint(flag: number): boolean {
  return (tainted_mask & (1 << flag)) !== 0;
}
export function get_taint(): number {
  return tainted_mask;
}
/** Oopses since boot (Linux's /sys/kernel/oops_count). */
export function get_oops_count(): number {
  return oops_count;
}

/** Calls `fn` with the report of every oops from now on; returns its unregistration. */
export function register_die_notifier(fn: DieNotifier): () => void {
  die_chain.add(fn);
  return () => die_chain.delete(fn);
}

/** Reports a kernel fault: its report goes to the log and the die notifiers, and the kernel is tainted. */
export function die(report: string): void {
  pr_err(report);
  add_taint(TAINT_DIE);
  oops_count++;
  for (const fn of [...die_chain]) fn(report);
}
