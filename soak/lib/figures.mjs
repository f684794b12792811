// The figures a soak compares: the kernel's own (/proc/emu/memory, /proc/meminfo, urfs's stats in
// debugfs, read through the kernel's VFS as a process would) and the host's (process.memoryUsage() after
// a forced garbage collection).
import { kread } from '../../packages/emu-kernel/dist/testbin/lib/kfile.js';
import { collect, collect_until } from '../../packages/emu-kernel/dist/host/node/gc.js';

/** "key value" lines (/proc/emu/memory, urfs stats) or "Key:  value kB" lines (/proc/meminfo) as numbers. */
export function parseCounters(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):?\s+(\d+)/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** A counters file of the kernel, parsed. */
export async function counters(path) {
  const text = await kread(path);
  if (typeof text === 'number') throw new Error(`${path}: error ${-text}`);
  return parseCounters(text);
}

/** The kernel's figures: task structs, address spaces and their bytes, MemFree, urfs's counters. */
export async function kernelFigures() {
  const mem = await counters('/proc/emu/memory');
  const meminfo = await counters('/proc/meminfo');
  const urfs = await counters('/sys/kernel/debug/urfs/stats');
  return { ...mem, mem_free_kb: meminfo.MemFree, urfs };
}

/** The host's figures in bytes, after a forced collection. */
export async function hostFigures() {
  await collect();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

/** Address spaces given back and tasks reaped that the host has not reclaimed (yet). */
export const unreclaimed = (k) => ({ mm: k.mm_freed - k.mm_collected, tasks: k.tasks_reaped - k.tasks_collected });

/**
 * Collects until every address space the kernel gave back and every task it reaped has been reclaimed by
 * the host, or `ms` pass (then something still refers to one). Returns the kernel's figures then.
 */
export async function settle(ms = 10000) {
  await collect_until(async () => {
    const u = unreclaimed(await kernelFigures());
    return u.mm <= 0 && u.tasks <= 0;
  }, ms);
  return kernelFigures();
}
