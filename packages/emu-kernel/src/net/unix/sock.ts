// struct unix_sock: an AF_UNIX socket's state, its receive queue of messages (sk_buff) and the bytes it
// has sent that its peer has not read yet (sk_wmem_alloc), which bound what a writer may queue.
import type { File } from '../../fs/fs.js';
import type { Inode } from '../../fs/fs.js';
import { WaitQueueHead } from '../../kernel/wait.js';
import type { Task } from '../../kernel/task.js';
import { SOCK_STREAM, SOCK_SEQPACKET } from '../../uapi/socket.js';
import { SK_BUF_DEFAULT, type Socket } from '../socket.js';
import type { Ucred } from '../core/scm.js';

/** sk_shutdown bits. */
export const RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2, SHUTDOWN_MASK = 3;
/** net.unix.max_dgram_qlen: datagrams an unconnected receiver queues before senders wait. */
export const MAX_DGRAM_QLEN = 10;

/** One queued message (struct sk_buff with its UNIXCB). */
export interface Skb {
  data: Uint8Array;
  /** Bytes of a stream message already read. */
  off: number;
  /** SCM_RIGHTS files, each a reference of the queue's ("in flight"). */
  files: File[];
  /** The sender's credentials, as SCM_CREDENTIALS gives them. */
  cred: Ucred;
  /** The sender's address (msg_name of a datagram). */
  from: Uint8Array | null;
  /** The sender, charged for the bytes until they are read. */
  owner: UnixSock;
}

export type UnixState = 'unconnected' | 'listening' | 'connected';

export class UnixSock {
  state: UnixState = 'unconnected';
  /** The bound address as getsockname shows it; null while unbound. */
  addr: Uint8Array | null = null;
  /** The socket inode a path name made, or the abstract name's key. */
  inode: Inode | null = null;
  abstract: string | null = null;
  /** A bind in progress (it may sleep in the file system): a second one is refused. */
  binding = false;
  peer: UnixSock | null = null;
  readonly rcvq: Skb[] = [];
  /** Connections waiting for accept (embryo sockets already joined to their clients). */
  readonly acceptq: UnixSock[] = [];
  backlog = 0;
  wmem = 0;
  shutdown = 0;
  /** sk_err: a pending error for SO_ERROR and the next read. */
  err = 0;
  dead = false;
  /** SO_PEERCRED: the peer's credentials when the connection was made. */
  peercred: Ucred | null = null;
  /** References of this socket's file that are in flight in SCM_RIGHTS messages. */
  inflight = 0;
  readonly wait = new WaitQueueHead();
  /** The struct socket: null for a connection not yet accepted. */
  sock: Socket | null = null;
  constructor(readonly type: number, readonly cred: Ucred) {}

  get sndbuf(): number {
    return this.sock?.sndbuf ?? SK_BUF_DEFAULT;
  }
  get passcred(): boolean {
    return this.sock?.passcred ?? false;
  }
  get connection_oriented(): boolean {
    return this.type === SOCK_STREAM || this.type === SOCK_SEQPACKET;
  }
  get nonblocking(): boolean {
    return this.sock?.nonblocking ?? false;
  }
}

export const unix_sk = (sock: Socket): UnixSock => sock.sk as UnixSock;

/** The credentials SO_PEERCRED reports for `task` (effective ids, as Linux's cred_to_ucred). */
export function peercred_of(task: Task | null): Ucred {
  return task ? { pid: task.pid, uid: task.cred.euid, gid: task.cred.egid } : { pid: 0, uid: 0, gid: 0 };
}
/** The credentials a message carries by default (real ids, as Linux's scm_send). */
export function scmcred_of(task: Task | null): Ucred {
  return task ? { pid: task.pid, uid: task.cred.uid, gid: task.cred.gid } : { pid: 0, uid: 0, gid: 0 };
}

/** A message is read: its bytes stop counting against the sender, who may be waiting to write. */
export function skb_consumed(skb: Skb): void {
  skb.owner.wmem = Math.max(0, skb.owner.wmem - skb.data.length);
  skb.owner.wait.wake();
}
