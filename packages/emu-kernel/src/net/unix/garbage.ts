// Collection of unreachable in-flight sockets (net/unix/garbage.c). A socket whose descriptor is passed
// in a message to itself (or round a cycle of sockets) is kept alive only by those messages once every
// descriptor of it is closed. When every reference of a socket's file is in flight and no socket outside
// the candidates reaches it, the candidates' queues are purged, which releases them.
import type { File } from '../../fs/fs.js';
import { AF_UNIX } from '../../uapi/socket.js';
import { Socket } from '../socket.js';
import { scm_fput } from '../core/scm.js';
import { skb_consumed, type UnixSock, type Skb } from './sock.js';

const inflight = new Set<UnixSock>();
let running = false;

/** The unix socket a file is, if it is one. */
export function unix_get_socket(f: File): UnixSock | null {
  const s = f.private_data;
  return s instanceof Socket && s.family === AF_UNIX && s.sk ? (s.sk as UnixSock) : null;
}

/** unix_inflight: a file joins a queued message. */
export function unix_inflight(f: File): void {
  const u = unix_get_socket(f);
  if (!u) return;
  u.inflight++;
  inflight.add(u);
}
/** unix_notinflight: a file leaves its message (received or dropped). */
export function unix_notinflight(f: File): void {
  const u = unix_get_socket(f);
  if (!u || u.inflight === 0) return;
  if (--u.inflight === 0) inflight.delete(u);
}

/** The messages a socket holds: its own queue and those of connections waiting for its accept. */
function queues(u: UnixSock): Skb[][] {
  return [u.rcvq, ...u.acceptq.map((e) => e.rcvq)];
}
function children(u: UnixSock): UnixSock[] {
  const out: UnixSock[] = [];
  for (const q of queues(u)) for (const skb of q) for (const f of skb.files) {
    const c = unix_get_socket(f);
    if (c) out.push(c);
  }
  return out;
}

export async function unix_gc(): Promise<void> {
  if (running || inflight.size === 0) return;
  running = true;
  try {
    const cand = new Set([...inflight].filter((u) => u.sock?.file && u.sock.file.f_count === u.inflight));
    if (cand.size === 0) return;
    const refs = new Map<UnixSock, number>();
    for (const u of cand) refs.set(u, u.inflight);
    for (const u of cand) for (const c of children(u)) if (cand.has(c)) refs.set(c, refs.get(c)! - 1);
    // Referenced from outside the candidates: alive, and so is everything it reaches.
    const alive = [...cand].filter((u) => refs.get(u)! > 0);
    while (alive.length) {
      const u = alive.pop()!;
      if (!cand.delete(u)) continue;
      for (const c of children(u)) if (cand.has(c)) alive.push(c);
    }
    const files: File[] = [];
    for (const u of cand) for (const q of queues(u)) for (const skb of q.splice(0)) {
      skb_consumed(skb);
      for (const f of skb.files.splice(0)) {
        unix_notinflight(f);
        files.push(f);
      }
    }
    for (const f of files) await scm_fput(null, f);
  } finally {
    running = false;
  }
}

export function unix_gc_init(): void {
  inflight.clear();
  running = false;
}
