// avscan's figures. Each process of a running avscan (the main one and its --workers) keeps its counters
// in a file of its own, /run/avscan/PID, rewritten in place after every event it counts (counters only
// grow, so the text never gets shorter); `avscan --stats` adds up the files of the processes still
// alive and adds the kernel's cached-verdict counters (urfs's, over all ufilters).
import { O_CREAT, O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import {
  close, free, getpid, kill, malloc, memcpy_to, mkdir, open, pwrite, readFile, readdir, unlink,
} from '@urfs/emu-kernel/user/libc';

export const STATS_DIR = '/run/avscan';
export const COUNTERS = ['scanned', 'clean', 'infected', 'trusted', 'timeouts', 'too_large', 'errors'] as const;
export type counter = (typeof COUNTERS)[number];

const zero = (): Record<counter, number> => Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Record<counter, number>;
const count = zero();
let fd = -1;
let buf = 0;
const enc = new TextEncoder();
const dec = new TextDecoder();

const alive = (pid: number) => kill(pid, 0) === 0;

/** `name value` lines of the counters. */
const text = (c: Record<counter, number>) => COUNTERS.map((k) => `${k} ${c[k]}\n`).join('');

function flush(): void {
  if (fd < 0) return;
  const b = enc.encode(text(count));
  memcpy_to(buf, b);
  pwrite(fd, buf, b.length, 0);
}

/** Opens this process's counters file (removing those of processes that are gone); null or why not. */
export function stats_open(): string | null {
  mkdir('/run', 0o755);
  mkdir(STATS_DIR, 0o755);
  for (const e of readdir(STATS_DIR) ?? []) if (/^\d+$/.test(e.d_name) && !alive(Number(e.d_name))) unlink(`${STATS_DIR}/${e.d_name}`);
  fd = open(`${STATS_DIR}/${getpid()}`, O_WRONLY | O_CREAT, 0o644);
  if (fd < 0) return `cannot create ${STATS_DIR}/${getpid()}`;
  buf = malloc(512);
  flush();
  return null;
}

/** Counts one event (under each of `keys`). */
export function stats_add(...keys: counter[]): void {
  for (const k of keys) count[k]++;
  flush();
}

/** Removes this process's file: its figures end with it. */
export function stats_close(): void {
  if (fd < 0) return;
  close(fd);
  free(buf);
  unlink(`${STATS_DIR}/${getpid()}`);
  fd = -1;
}

/** The running scanner's figures as `name value` lines, or null when no avscan process is alive. */
export function stats_report(): string | null {
  const sum = zero();
  let procs = 0;
  for (const e of readdir(STATS_DIR) ?? []) {
    if (!/^\d+$/.test(e.d_name) || !alive(Number(e.d_name))) continue;
    const t = readFile(`${STATS_DIR}/${e.d_name}`);
    if (!t) continue;
    procs++;
    for (const [, k, v] of dec.decode(t).matchAll(/^(\w+) (\d+)$/gm)) if (k in sum) sum[k as counter] += Number(v);
  }
  if (!procs) return null;
  const kern = dec.decode(readFile('/sys/kernel/debug/urfs/stats') ?? new Uint8Array());
  const kv = (k: string) => new RegExp(`^${k} (\\d+)$`, 'm').exec(kern)?.[1] ?? '?';
  return `processes ${procs}\n${text(sum)}cache_hits ${kv('cache_hits')}\ncache_misses ${kv('cache_misses')}\n`;
}
