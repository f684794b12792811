// Several processes serving one connection (urfs 2's URFS_IOC_ATTACH, as FUSE's clone_fd): a filter
// program starts copies of itself that attach to its connection, so its callbacks run on every core.
// A worker runs the same program: its urfs_open attaches to the parent's connection (the descriptor and
// the filters' ids come in URFS_WORKER), its set-up calls bind to the parent's filters, and its
// urfs_main serves events until the parent's connection ends.
import { environ, errno, spawn } from '@urfs/emu-kernel/user/libc';
import type { urfs_conn } from './types.js';

const ENV = 'URFS_WORKER';
/** The descriptor a worker finds its parent's connection on. */
const WORKER_FD = 3;

/** What URFS_WORKER says: the parent's connection descriptor and its filters' ids by name, or null. */
export function worker_binding(v: string | undefined): { fd: number; filters: Map<string, number> } | null {
  if (!v) return null;
  const [fd, ...pairs] = v.split(';');
  const filters = new Map<string, number>();
  for (const p of pairs) {
    const i = p.lastIndexOf('=');
    const id = Number(p.slice(i + 1));
    if (i <= 0 || !Number.isInteger(id) || id < 0) return null;
    filters.set(decodeURIComponent(p.slice(0, i)), id);
  }
  const n = Number(fd);
  return Number.isInteger(n) && n >= 0 ? { fd: n, filters } : null;
}

function binding_of(c: urfs_conn): string {
  return [String(WORKER_FD), ...[...c.filters.values()].map((f) => `${encodeURIComponent(f.name)}=${f.id}`)].join(';');
}

/**
 * Starts `n` workers: `exe` run with `argv` (the program itself), sharing this connection's events. Call
 * it once the filters are registered; in a worker it does nothing. Returns the workers' pids, or -errno
 * (the workers started before the failure keep running and are in `c.workers`).
 */
export function urfs_spawn_workers(c: urfs_conn, n: number, exe: string, argv: readonly string[]): number[] | number {
  if (c.worker || c.fd < 0) return [];
  const env = environ.filter((e) => !e.startsWith(`${ENV}=`)).concat(`${ENV}=${binding_of(c)}`);
  const pids: number[] = [];
  for (let i = 0; i < n; i++) {
    const pid = spawn(exe, [...argv], env, [0, 1, 2, c.fd]);
    if (pid < 0) return -errno;
    c.workers.push(pid);
    pids.push(pid);
  }
  return pids;
}
