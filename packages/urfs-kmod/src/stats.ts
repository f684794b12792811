// urfs's counters and configuration. The counters (connections, ufilters, pending requests, user
// allocations) go up and down with the objects they count, so a clean system reads all zero; they are
// readable in /sys/kernel/debug/urfs/stats; where the callbacks' time goes is in .../urfs/timing.
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
}
export const stats: urfs_stats = { connections: 0, ufilters: 0, requests: 0, allocations: 0 };

export interface urfs_config {
  /** Most ufilters one connection may register. */
  max_ufilters: number;
  /** How long (ms) an operation waits for the filter's answer; 0 waits forever (as the 2007 code did). */
  timeout_ms: number;
  /** URFS_POLICY_PASS or URFS_POLICY_ERROR, for filters that registered with URFS_POLICY_DEFAULT. */
  policy: number;
}
export const URFS_DEFAULT_MAX_UFILTERS = 16;
export const URFS_DEFAULT_TIMEOUT_MS = 5000;
const defaults: urfs_config = {
  max_ufilters: URFS_DEFAULT_MAX_UFILTERS, timeout_ms: URFS_DEFAULT_TIMEOUT_MS, policy: URFS_POLICY_PASS,
};
let source: () => urfs_config = () => defaults;
/** The configuration in force: read at each use, so module parameters changed through sysfs apply. */
export const config: Readonly<urfs_config> = {
  get max_ufilters() { return source().max_ufilters; },
  get timeout_ms() { return source().timeout_ms; },
  get policy() { return source().policy; },
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
  return `connections ${stats.connections}\nufilters ${stats.ufilters}\nrequests ${stats.requests}\n` +
    `allocations ${stats.allocations}\n`;
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
  stats.connections = stats.ufilters = stats.requests = stats.allocations = 0;
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
