// AF_UNIX sockets (net/unix/af_unix.c): SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET between processes of
// this machine, named by a socket inode in the file system, by an abstract name, or not at all
// (socketpair, autobind). Connections are made at once: connect queues an embryo socket, already joined
// to the client, on the listener for accept to hand out.
import {
  EAGAIN, ECONNREFUSED, ECONNRESET, EINVAL, EISCONN, ENOPROTOOPT, ENOTCONN, EOPNOTSUPP, EPROTONOSUPPORT,
  ERESTARTSYS,
} from '../../uapi/errno.js';
import {
  AF_UNIX, AF_UNSPEC, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SOL_SOCKET, SO_ACCEPTCONN, SO_ERROR, SO_PEERCRED,
  UCRED_SIZE,
} from '../../uapi/socket.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRBAND, POLLWRNORM } from '../../uapi/poll.js';
import { O_NONBLOCK } from '../../uapi/fcntl.js';
import { poll_wait, type PollTable } from '../../fs/poll_table.js';
import type { File } from '../../fs/fs.js';
import { wait_event_interruptible } from '../../kernel/wait.js';
import type { Task } from '../../kernel/task.js';
import { sock_register, type ProtoOps, type Socket } from '../socket.js';
import { scm_fput } from '../core/scm.js';
import {
  UnixSock, type UnixState, RCV_SHUTDOWN, SEND_SHUTDOWN, SHUTDOWN_MASK, peercred_of, skb_consumed, unix_sk,
} from './sock.js';
import { unix_addr_init, unix_autobind, unix_bind_addr, unix_find_other, unix_unbind, unnamed_addr } from './addr.js';
import { unix_gc, unix_gc_init, unix_notinflight } from './garbage.js';
import { unix_dgram_recvmsg, unix_dgram_sendmsg, unix_stream_recvmsg, unix_stream_sendmsg } from './msg.js';

/** overflowuid/overflowgid: the ids SO_PEERCRED shows for a socket with no peer. */
const OVERFLOW_ID = 65534;

function unix_getname(sock: Socket, peer = false): Uint8Array | number {
  const sk = unix_sk(sock);
  if (!peer) return sk.addr?.slice() ?? unnamed_addr();
  if (!sk.peer || (sk.connection_oriented && sk.state !== 'connected')) return -ENOTCONN;
  return sk.peer.addr?.slice() ?? unnamed_addr();
}

function unix_bind(sock: Socket, addr: Uint8Array, task?: Task | null): Promise<number> {
  return unix_bind_addr(unix_sk(sock), addr, task ?? null);
}

function unix_listen(sock: Socket, backlog: number): number {
  const sk = unix_sk(sock);
  if (!sk.connection_oriented) return -EOPNOTSUPP;
  if (!sk.addr) return -EINVAL;
  if (sk.state !== 'unconnected' && sk.state !== 'listening') return -EINVAL;
  sk.state = 'listening';
  sk.backlog = backlog;
  sk.wait.wake();
  return 0;
}

async function unix_stream_connect(sock: Socket, addr: Uint8Array, flags: number, task: Task | null): Promise<number> {
  const sk = unix_sk(sock);
  if (sk.state === 'connected') return -EISCONN;
  if (sk.state === 'listening') return -EINVAL;
  if (sk.passcred && !sk.addr) {
    const r = unix_autobind(sk);
    if (r) return r;
  }
  const o = await unix_find_other(addr, sk.type, task);
  if (typeof o === 'number') return o;
  const other = o;
  const refused = (): boolean => other.dead || other.state !== 'listening' || (other.shutdown & RCV_SHUTDOWN) !== 0;
  for (;;) {
    if (refused()) return -ECONNREFUSED;
    if (other.acceptq.length <= other.backlog) break;
    if (flags & O_NONBLOCK) return -EAGAIN;
    const r = await wait_event_interruptible(other.wait, () => refused() || other.acceptq.length <= other.backlog, task);
    if (r) return -ERESTARTSYS;
  }
  // Another connect of this socket may have finished while this one waited.
  const now = sk.state as UnixState;
  if (now !== 'unconnected' || sk.dead) return now === 'connected' ? -EISCONN : -EINVAL;
  const newsk = new UnixSock(sk.type, other.cred);
  newsk.addr = other.addr?.slice() ?? null;
  newsk.state = 'connected';
  newsk.peercred = peercred_of(task);
  newsk.peer = sk;
  sk.peer = newsk;
  sk.state = 'connected';
  sk.peercred = other.peercred;
  other.acceptq.push(newsk);
  other.wait.wake();
  return 0;
}

async function unix_dgram_connect(sock: Socket, addr: Uint8Array, _flags: number, task: Task | null): Promise<number> {
  const sk = unix_sk(sock);
  if (addr.length >= 2 && (addr[0] | (addr[1] << 8)) === AF_UNSPEC) {
    sk.peer = null;
    sk.peercred = null;
    return 0;
  }
  if (sk.passcred && !sk.addr) {
    const r = unix_autobind(sk);
    if (r) return r;
  }
  const o = await unix_find_other(addr, sk.type, task);
  if (typeof o === 'number') return o;
  sk.peer = o;
  sk.peercred = o.cred;
  return 0;
}

async function unix_accept(sock: Socket, newsock: Socket, flags: number, task: Task | null): Promise<number> {
  const sk = unix_sk(sock);
  if (!sk.connection_oriented) return -EOPNOTSUPP;
  if (sk.state !== 'listening') return -EINVAL;
  while (!sk.acceptq.length) {
    if (flags & O_NONBLOCK) return -EAGAIN;
    const r = await wait_event_interruptible(sk.wait, () => sk.acceptq.length > 0 || sk.state !== 'listening', task);
    if (r) return -ERESTARTSYS;
    if (sk.state !== 'listening') return -EINVAL;
  }
  const newsk = sk.acceptq.shift()!;
  sk.wait.wake();
  newsock.ops = sock.ops;
  newsock.sk = newsk;
  newsk.sock = newsock;
  return 0;
}

function unix_socketpair(a: Socket, b: Socket, task: Task | null): number {
  const ska = unix_sk(a), skb = unix_sk(b);
  ska.peer = skb;
  skb.peer = ska;
  ska.peercred = peercred_of(task);
  skb.peercred = peercred_of(task);
  if (ska.connection_oriented) {
    ska.state = 'connected';
    skb.state = 'connected';
  }
  return 0;
}

function unix_shutdown(sock: Socket, how: number): number {
  const sk = unix_sk(sock);
  const mode = how + 1;
  sk.shutdown |= mode;
  sk.wait.wake();
  const other = sk.peer;
  if (other && sk.connection_oriented) {
    other.shutdown |= (mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) | (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);
    other.wait.wake();
  }
  return 0;
}

function unix_poll(sock: Socket, file: File | null, pt: PollTable | null): number {
  const sk = unix_sk(sock);
  if (file) {
    poll_wait(file, sk.wait, pt);
    // A datagram writer waiting on a full receiver is woken from the receiver's queue.
    if (sk.type === SOCK_DGRAM && sk.peer) poll_wait(file, sk.peer.wait, pt);
  }
  let mask = 0;
  if (sk.err) mask |= POLLERR;
  if (sk.shutdown === SHUTDOWN_MASK) mask |= POLLHUP;
  if (sk.shutdown & RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (sk.rcvq.length || sk.acceptq.length) mask |= POLLIN | POLLRDNORM;
  if (sk.connection_oriented && sk.state === 'unconnected') mask |= POLLHUP;
  let writable = sk.state !== 'listening' && sk.wmem * 4 <= sk.sndbuf;
  if (sk.type === SOCK_DGRAM && sk.peer && sk.peer.peer !== sk && sk.peer.rcvq.length >= 10) writable = false;
  if (writable) mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

function int(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n, true);
  return b;
}

function unix_getsockopt(sock: Socket, level: number, optname: number): Uint8Array | number {
  const sk = unix_sk(sock);
  if (level !== SOL_SOCKET) return -ENOPROTOOPT;
  switch (optname) {
    case SO_PEERCRED: {
      const c = sk.peercred ?? { pid: 0, uid: OVERFLOW_ID, gid: OVERFLOW_ID };
      const b = new Uint8Array(UCRED_SIZE);
      const v = new DataView(b.buffer);
      v.setInt32(0, c.pid, true);
      v.setUint32(4, c.uid, true);
      v.setUint32(8, c.gid, true);
      return b;
    }
    case SO_ERROR: {
      const e = sk.err;
      sk.err = 0;
      return int(e);
    }
    case SO_ACCEPTCONN: return int(sk.state === 'listening' ? 1 : 0);
    default: return -ENOPROTOOPT;
  }
}

/** unix_release_sock: the peer sees the hang-up, queued messages (and their files) are dropped. */
async function unix_release_sock(sk: UnixSock, embryo: boolean): Promise<void> {
  if (sk.dead) return;
  sk.dead = true;
  unix_unbind(sk);
  const skpair = sk.peer;
  sk.peer = null;
  sk.shutdown = SHUTDOWN_MASK;
  const state = sk.state;
  sk.state = 'unconnected';
  if (skpair && sk.connection_oriented) {
    if (sk.rcvq.length || embryo) skpair.err = ECONNRESET;
    skpair.shutdown = SHUTDOWN_MASK;
    skpair.wait.wake();
  }
  const files: File[] = [];
  for (const skb of sk.rcvq.splice(0)) {
    skb_consumed(skb);
    for (const f of skb.files.splice(0)) {
      unix_notinflight(f);
      files.push(f);
    }
  }
  sk.wait.wake();
  if (state === 'listening') for (const e of sk.acceptq.splice(0)) await unix_release_sock(e, true);
  for (const f of files) await scm_fput(null, f);
  await unix_gc();
}

function unix_release(sock: Socket): Promise<void> {
  return unix_release_sock(unix_sk(sock), false);
}

const common = {
  family: AF_UNIX,
  bind: unix_bind,
  getname: unix_getname,
  poll: unix_poll,
  release: unix_release,
  socketpair: unix_socketpair,
  shutdown: unix_shutdown,
  getsockopt: unix_getsockopt,
  setsockopt: (): number => -ENOPROTOOPT,
};

const unix_stream_ops: ProtoOps = {
  ...common,
  connect: unix_stream_connect,
  listen: unix_listen,
  accept: unix_accept,
  sendmsg: unix_stream_sendmsg,
  recvmsg: unix_stream_recvmsg,
};
const unix_seqpacket_ops: ProtoOps = {
  ...common,
  connect: unix_stream_connect,
  listen: unix_listen,
  accept: unix_accept,
  sendmsg: unix_dgram_sendmsg,
  recvmsg: unix_dgram_recvmsg,
};
const unix_dgram_ops: ProtoOps = {
  ...common,
  connect: unix_dgram_connect,
  sendmsg: unix_dgram_sendmsg,
  recvmsg: unix_dgram_recvmsg,
};

function unix_create(sock: Socket, protocol: number, _kern: boolean, task: Task | null): number {
  if (protocol && protocol !== AF_UNIX) return -EPROTONOSUPPORT;
  switch (sock.type) {
    case SOCK_STREAM: sock.ops = unix_stream_ops; break;
    case SOCK_DGRAM: sock.ops = unix_dgram_ops; break;
    case SOCK_SEQPACKET: sock.ops = unix_seqpacket_ops; break;
    default: return -94; // ESOCKTNOSUPPORT
  }
  const sk = new UnixSock(sock.type, peercred_of(task));
  sk.sock = sock;
  sock.sk = sk;
  return 0;
}

/** Boot: the AF_UNIX family. */
export function af_unix_init(): void {
  unix_addr_init();
  unix_gc_init();
  sock_register(AF_UNIX, unix_create);
}
