// Sending and receiving on AF_UNIX sockets (net/unix/af_unix.c unix_stream_sendmsg/recvmsg,
// unix_dgram_sendmsg/recvmsg). A stream is bytes: a write is cut into messages, a read takes what is
// there up to its size, never past a message carrying descriptors. Datagrams and seqpackets keep their
// boundaries. A writer waits while its unread bytes reach SO_SNDBUF, or while an unconnected receiver
// holds max_dgram_qlen datagrams.
import {
  EAGAIN, ECONNREFUSED, EINVAL, EISCONN, EMSGSIZE, ENOTCONN, EOPNOTSUPP, EPERM, EPIPE, ERESTARTSYS,
} from '../../uapi/errno.js';
import { MSG_DONTWAIT, MSG_NOSIGNAL, MSG_OOB, MSG_PEEK, MSG_WAITALL, SOCK_DGRAM, SOCK_SEQPACKET } from '../../uapi/socket.js';
import { SIGPIPE } from '../../uapi/signal.js';
import { wait_event_interruptible } from '../../kernel/wait.js';
import { send_sig } from '../../kernel/signal.js';
import type { Task } from '../../kernel/task.js';
import { get_file } from '../../fs/file.js';
import type { File } from '../../fs/fs.js';
import type { RecvResult, Socket } from '../socket.js';
import type { ScmCookie, Ucred } from '../core/scm.js';
import {
  MAX_DGRAM_QLEN, RCV_SHUTDOWN, SEND_SHUTDOWN, scmcred_of, skb_consumed, unix_sk, type Skb, type UnixSock,
} from './sock.js';
import { unix_autobind, unix_find_other, unnamed_addr } from './addr.js';
import { unix_inflight, unix_notinflight } from './garbage.js';

const dontwait = (sk: UnixSock, flags: number): boolean => (flags & MSG_DONTWAIT) !== 0 || sk.nonblocking;

/** The files of a message, each with a reference of the queue's. */
function inflight_files(scm: ScmCookie | null | undefined): File[] {
  const files = (scm?.files ?? []).map((f) => get_file(f));
  for (const f of files) unix_inflight(f);
  return files;
}

function queue(other: UnixSock, sk: UnixSock, data: Uint8Array, files: File[], cred: Ucred): void {
  other.rcvq.push({ data, off: 0, files, cred, from: sk.addr, owner: sk });
  sk.wmem += data.length;
  other.wait.wake();
}

function pipe_error(flags: number, task: Task | null): number {
  if (!(flags & MSG_NOSIGNAL) && task) send_sig(SIGPIPE, task, 0);
  return -EPIPE;
}

/** Waits until `sk` may queue more (its unread bytes below SO_SNDBUF) or `stop()` holds. */
async function wait_for_room(sk: UnixSock, flags: number, task: Task | null, stop: () => boolean): Promise<number> {
  if (sk.wmem < sk.sndbuf || stop()) return 0;
  if (dontwait(sk, flags)) return -EAGAIN;
  return wait_event_interruptible(sk.wait, () => sk.wmem < sk.sndbuf || stop(), task);
}

export async function unix_stream_sendmsg(sock: Socket, data: Uint8Array, name: Uint8Array | null, flags: number,
  task: Task | null, scm?: ScmCookie | null): Promise<number> {
  const sk = unix_sk(sock);
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  if (name && name.length) return sk.state === 'connected' ? -EISCONN : -EOPNOTSUPP;
  if (sk.state !== 'connected' || !sk.peer) return -ENOTCONN;
  const cred = scm?.creds ?? scmcred_of(task);
  const broken = (): boolean => (sk.shutdown & SEND_SHUTDOWN) !== 0 || !sk.peer || sk.peer.dead
    || (sk.peer.shutdown & RCV_SHUTDOWN) !== 0;
  let sent = 0;
  while (sent < data.length) {
    if (broken()) return sent || pipe_error(flags, task);
    const w = await wait_for_room(sk, flags, task, broken);
    if (w) return sent || w;
    if (broken()) return sent || pipe_error(flags, task);
    // As Linux: a message is at most half the send buffer, so a reader and a writer can overlap.
    const size = Math.min(data.length - sent, Math.max(1, (sk.sndbuf >> 1) - 64));
    queue(sk.peer!, sk, data.subarray(sent, sent + size), sent === 0 ? inflight_files(scm) : [], cred);
    sent += size;
  }
  return sent;
}

/** Takes the files of `skb` for the reader (MSG_PEEK: new references, the message keeps its own). */
function take_files(skb: Skb, peek: boolean): File[] {
  if (peek) return skb.files.map((f) => get_file(f));
  const files = skb.files.splice(0);
  for (const f of files) unix_notinflight(f);
  return files;
}

const same_cred = (a: Ucred, b: Ucred): boolean => a.pid === b.pid && a.uid === b.uid && a.gid === b.gid;

/** Waits for a message; 0 when one is there, 1 at end of file, or -errno. */
async function wait_for_data(sk: UnixSock, flags: number, task: Task | null): Promise<number> {
  for (;;) {
    if (sk.rcvq.length) return 0;
    if (sk.err) {
      const e = sk.err;
      sk.err = 0;
      return -e;
    }
    if (sk.shutdown & RCV_SHUTDOWN) return 1;
    if (dontwait(sk, flags)) return -EAGAIN;
    const r = await wait_event_interruptible(sk.wait, () => sk.rcvq.length > 0 || sk.err !== 0
      || (sk.shutdown & RCV_SHUTDOWN) !== 0, task);
    if (r) return -ERESTARTSYS;
  }
}

export async function unix_stream_recvmsg(sock: Socket, flags: number, task: Task | null, size = Infinity):
  Promise<RecvResult | number> {
  const sk = unix_sk(sock);
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  if (sk.state !== 'connected') return -EINVAL;
  const peek = (flags & MSG_PEEK) !== 0;
  const parts: Uint8Array[] = [];
  let copied = 0, files: File[] = [], cred: Ucred | null = null, from: Uint8Array | null = null;
  if (size === 0) return { data: new Uint8Array(0), name: null };
  outer: for (;;) {
    const w = await wait_for_data(sk, flags, task);
    if (w < 0) {
      if (copied) break;
      return w === -ERESTARTSYS || w === -EAGAIN ? w : w;
    }
    if (w === 1) break;
    for (let i = 0; i < sk.rcvq.length && copied < size; ) {
      const skb = sk.rcvq[i];
      if (copied && (skb.files.length || (cred && !same_cred(cred, skb.cred)))) break outer;
      const n = Math.min(skb.data.length - skb.off, size - copied);
      parts.push(skb.data.slice(skb.off, skb.off + n));
      copied += n;
      cred ??= skb.cred;
      from ??= skb.from;
      const got_files = skb.files.length > 0;
      if (got_files) files = take_files(skb, peek);
      if (peek) i++;
      else {
        skb.off += n;
        if (skb.off >= skb.data.length) {
          sk.rcvq.splice(i, 1);
          skb_consumed(skb);
        }
      }
      if (got_files) break outer;
    }
    if (!(flags & MSG_WAITALL) || peek || copied >= size || dontwait(sk, flags)) break;
  }
  const data = new Uint8Array(copied);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { data, name: from ?? unnamed_addr(), files, creds: sk.passcred ? cred : null };
}

export async function unix_dgram_sendmsg(sock: Socket, data: Uint8Array, name: Uint8Array | null, flags: number,
  task: Task | null, scm?: ScmCookie | null): Promise<number> {
  const sk = unix_sk(sock);
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  if (sk.type === SOCK_SEQPACKET) {
    if (sk.state !== 'connected') return -ENOTCONN;
    name = null;
  }
  if (data.length > sk.sndbuf - 32) return -EMSGSIZE;
  if (sk.shutdown & SEND_SHUTDOWN) return sk.type === SOCK_SEQPACKET ? pipe_error(flags, task) : -EPIPE;
  if (sk.passcred && !sk.addr) {
    const r = unix_autobind(sk);
    if (r) return r;
  }
  let other: UnixSock;
  if (name && name.length) {
    const o = await unix_find_other(name, sk.type, task);
    if (typeof o === 'number') return o;
    other = o;
  } else {
    if (!sk.peer) return -ENOTCONN;
    other = sk.peer;
  }
  const cred = scm?.creds ?? scmcred_of(task);
  for (;;) {
    if (other.dead) {
      if (sk.peer === other && sk.type === SOCK_DGRAM) sk.peer = null;
      return sk.type === SOCK_SEQPACKET ? pipe_error(flags, task) : -ECONNREFUSED;
    }
    if (other.shutdown & RCV_SHUTDOWN) return sk.type === SOCK_SEQPACKET ? pipe_error(flags, task) : -EPIPE;
    // A datagram socket connected to another refuses everyone else.
    if (sk.type === SOCK_DGRAM && other.peer && other.peer !== sk) return -EPERM;
    const full = other.peer !== sk && other.rcvq.length >= MAX_DGRAM_QLEN;
    if (sk.wmem < sk.sndbuf && !full) break;
    if (dontwait(sk, flags)) return -EAGAIN;
    const q = full ? other.wait : sk.wait;
    const r = await wait_event_interruptible(q, () => other.dead || (other.shutdown & RCV_SHUTDOWN) !== 0
      || (sk.wmem < sk.sndbuf && (other.peer === sk || other.rcvq.length < MAX_DGRAM_QLEN)), task);
    if (r) return -ERESTARTSYS;
  }
  queue(other, sk, data, inflight_files(scm), cred);
  return data.length;
}

export async function unix_dgram_recvmsg(sock: Socket, flags: number, task: Task | null): Promise<RecvResult | number> {
  const sk = unix_sk(sock);
  if (flags & MSG_OOB) return -EOPNOTSUPP;
  if (sk.type === SOCK_SEQPACKET && sk.state !== 'connected') return -ENOTCONN;
  const w = await wait_for_data(sk, flags, task);
  if (w < 0) return w;
  if (w === 1) return { data: new Uint8Array(0), name: null };
  const peek = (flags & MSG_PEEK) !== 0;
  const skb = peek ? sk.rcvq[0] : sk.rcvq.shift()!;
  if (!peek) {
    skb_consumed(skb);
    sk.wait.wake();
  }
  return { data: skb.data, full: skb.data.length, name: skb.from ?? unnamed_addr(), files: take_files(skb, peek),
    creds: sk.passcred ? skb.cred : null };
}
