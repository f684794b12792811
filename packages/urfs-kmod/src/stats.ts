// urfs's counters and configuration. The first counters (connections, ufilters, pending requests, user
// allocations) go up and down with the objects they count, so a clean system reads them all zero; the
// others count, since the module loaded, every request that did not end with a valid answer and what
// its operation did instead. All are readable in /sys/kernel/debug/urfs/stats; where the callbacks'
// time goes is in .../urfs/timing.
import type { Dentry, FileOperations } from '@urfs/emu-kernel/fs/fs';
import { debugfs_create_dir, debugfs_create_file, debugfs_remove } from '@urfs/emu-kernel/fs/debugfs/inode';
import { simple_read_from_buffer } from '@urfs/emu-kernel/fs/libfs';
import { URFS_POLICY_PASS, URFS_POLICY_ERROR } from './uapi.js';
import { timing_reset, timing_text } from './timing.js';

export interface urfs_stats {
  connections: number;
  ufilters: number;
  requests: number;
  allocations: number;
  /** Requests whose answer did not come within the timeout. */
  timeouts: number;
  /** Events refused because the connection already had max_events unread. */
  overflows: number;
  /** Answers refused because the operation could not have had that result. */
  bad_answers: number;
  /** Requests their caller stopped waiting for: a signal, or the caller was killed. */
  interrupts: number;
  /** Answers to requests that had already ended (ENOENT to the filter). */
  late_answers: number;
  /**
   * Requests that ended without a valid answer (timeout, overflow, bad answer, the filter gone) whose
   * operation went on as if unfiltered (completed_pass) or failed with EIO (completed_error).
   */
  completed_pass: number;
  completed_error: number;
  /** Pre-callbacks answered from a cached verdict (no trip to user space), and lookups that found none. */
  cache_hits: number;
  cache_misses: number;
}
const GAUGES = ['connections', 'ufilters', 'requests', 'allocations'] as const;
const COUNTERS = ['timeouts', 'overflows', 'bad_answers', 'interrupts', 'late_answers', 'completed_pass',
  'completed_error', 'cache_hits', 'cache_misses'] as const;
export const stats: urfs_stats = {
  connections: 0, ufilters: 0, requests: 0, allocations: 0, timeouts: 0, overflows: 0, bad_answers: 0,
  interrupts: 0, late_answers: 0, completed_pass: 0, completed_error: 0, cache_hits: 0, cache_misses: 0,
};

export interface urfs_config {
  /** Most ufilters one connection may register. */
  max_ufilters: number;
  /** How long (ms) an operation waits for the filter's answer; 0 waits forever (as the 2007 code did). */
  timeout_ms: number;
  /** URFS_POLICY_PASS or URFS_POLICY_ERROR, for filters that registered with URFS_POLICY_DEFAULT. */
  policy: number;
  /** Most events a connection holds unread (fanotify's queue holds 16384). */
  max_events: number;
  /** Most replies to its own commands a connection holds unread. */
  max_replies: number;
}
export const URFS_DEFAULT_MAX_UFILTERS = 16;
export const URFS_DEFAULT_TIMEOUT_MS = 5000;
export const URFS_DEFAULT_MAX_EVENTS = 16384;
export const URFS_DEFAULT_MAX_REPLIES = 1024;
const defaults: urfs_config = {
  max_ufilters: URFS_DEFAULT_MAX_UFILTERS, timeout_ms: URFS_DEFAULT_TIMEOUT_MS, policy: URFS_POLICY_PASS,
  max_events: URFS_DEFAULT_MAX_EVENTS, max_replies: URFS_DEFAULT_MAX_REPLIES,
};
let source: () => urfs_config = () => defaults;
/** The configuration in force: read at each use, so module parameters changed through sysfs apply. */
export const config: Readonly<urfs_config> = {
  get max_ufilters() { return source().max_ufilters; },
  get timeout_ms() { return source().timeout_ms; },
  get policy() { return source().policy; },
  get max_events() { return source().max_events; },
  get max_replies() { return source().max_replies; },
};
/** Where the configuration comes from (the module's parameters); null restores the defaults. */
export function config_set_source(fn: (() => urfs_config) | null): void {
  source = fn ?? (() => defaults);
}

/** 'pass' | 'error' as a policy number, or null. */
export function policy_of(name: string): number | null {
  return name === 'pass' ? URFS_POLICY_PASS : name === 'error' ? URFS_POLICY_ERROR : null;
}

export function stats_text(): string {
  return [...GAUGES, ...COUNTERS].map((k) => `${k} ${stats[k]}\n`).join('');
}

const stats_fops: FileOperations = {
  read(_file, buf, count, ppos) {
    return simple_read_from_buffer(buf, count, ppos, new TextEncoder().encode(stats_text()));
  },
};

const timing_fops: FileOperations = {
  read(_file, buf, count, ppos) {
    return simple_read_from_buffer(buf, count, ppos, new TextEncoder().encode(timing_text()));
  },
  // Any write starts the averages over.
  write(_file, _buf, count) {
    timing_reset();
    return count;
  },
};

let dir: Dentry | null = null;

export function stats_reset(): void {
  for (const k of [...GAUGES, ...COUNTERS]) stats[k] = 0;
  timing_reset();
}

/** Creates /sys/kernel/debug/urfs/stats (root only, like all of debugfs). */
export function urfs_debugfs_init(): void {
  dir = debugfs_create_dir('urfs', null);
  if (dir) {
    debugfs_create_file('stats', 0o444, dir, null, stats_fops);
    debugfs_create_file('timing', 0o644, dir, null, timing_fops);
  }
}

export function urfs_debugfs_exit(): void {
  debugfs_remove(dir);
  dir = null;
}
