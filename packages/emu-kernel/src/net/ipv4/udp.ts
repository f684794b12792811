// AF_INET datagram sockets (net/ipv4/udp.c, af_inet.c) on the machine's only interface, loopback: every
// datagram goes to 127.0.0.0/8 (or INADDR_ANY, meaning this host); any other address is ENETUNREACH.
//
// Choices: a datagram to a port nobody has bound fails the send with ECONNREFUSED at once (Linux answers
// with an ICMP port unreachable that an unconnected sender never hears of); binding a port below 1024
// needs root (EACCES); a receive queue holds 256 KiB, more is dropped as Linux drops it.
// A kernel socket may set `sk_data_ready`: it runs as soon as a datagram is queued, in a context that
// must not sleep or send (softirq in Linux); a send from there is refused with EWOULDBLOCK, so the reply
// goes through a work queue.
import { EACCES, EADDRINUSE, EAGAIN, ECONNREFUSED, EDESTADDRREQ, EINVAL, EMSGSIZE, EPROTONOSUPPORT, ERESTARTSYS } from '../../uapi/errno.js';
import { AF_INET, MSG_DONTWAIT, MSG_PEEK, SOCK_DGRAM } from '../../uapi/socket.js';
import { ENETUNREACH, IPPROTO_IP, IPPROTO_UDP, INADDR_LOOPBACK, SOCKADDR_IN_SIZE, sockaddr_in, sockaddr_in_read } from '../../uapi/in.js';
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from '../../uapi/poll.js';
import { WaitQueueHead, wait_event_interruptible } from '../../kernel/wait.js';
import { poll_wait } from '../../fs/poll_table.js';
import type { Task } from '../../kernel/task.js';
import type { Cred } from '../../kernel/cred.js';
import { sock_register, type ProtoOps, type RecvResult, type Socket } from '../socket.js';
import { die } from '../../kernel/panic.js';

export const UDP_MAX_PAYLOAD = 65507;
const UDP_RCVBUF = 256 * 1024;
const EPHEMERAL_LOW = 32768, EPHEMERAL_HIGH = 60999;

interface Dgram {
  data: Uint8Array;
  from_port: number;
}

/** struct udp_sock. */
export class UdpSock {
  port = 0;
  readonly rcvq: Dgram[] = [];
  rcvq_bytes = 0;
  drops = 0;
  readonly wait = new WaitQueueHead();
  /** Called when a datagram arrives (kernel sockets); may not sleep or send. */
  sk_data_ready: ((sk: UdpSock) => void) | null = null;
  in_data_ready = false;
  sk_user_data: unknown = null;
  /** The creator's credentials (null: the kernel), as a file's f_cred: the socket may outlive the task. */
  readonly cred: Cred | null;
  constructor(readonly sock: Socket, task: Task | null) {
    this.cred = task?.cred ?? null;
  }
}

let ports = new Map<number, UdpSock>();
let next_ephemeral = EPHEMERAL_LOW;

export const udp_sk = (sock: Socket): UdpSock => sock.sk as UdpSock;

function udp_get_port(sk: UdpSock, port: number): number {
  if (sk.port) return -EINVAL;
  if (port === 0) {
    for (let i = 0; i <= EPHEMERAL_HIGH - EPHEMERAL_LOW; i++) {
      const p = next_ephemeral;
      next_ephemeral = p >= EPHEMERAL_HIGH ? EPHEMERAL_LOW : p + 1;
      if (!ports.has(p)) {
        port = p;
        break;
      }
    }
    if (port === 0) return -EADDRINUSE;
  } else if (ports.has(port)) return -EADDRINUSE;
  sk.port = port;
  ports.set(port, sk);
  return 0;
}

function local_addr(addr: number): boolean {
  return addr === 0 || addr >>> 24 === 127;
}

function inet_bind(sock: Socket, addr: Uint8Array): number {
  if (addr.length < SOCKADDR_IN_SIZE) return -EINVAL;
  const a = sockaddr_in_read(addr);
  if (a.family !== AF_INET) return -EINVAL;
  if (!local_addr(a.addr)) return -99; // EADDRNOTAVAIL
  const sk = udp_sk(sock);
  if (a.port && a.port < 1024 && sk.cred && sk.cred.euid !== 0) return -EACCES;
  return udp_get_port(sk, a.port);
}

function inet_getname(sock: Socket): Uint8Array {
  return sockaddr_in(udp_sk(sock).port ? INADDR_LOOPBACK : 0, udp_sk(sock).port);
}

function udp_queue_rcv(dst: UdpSock, d: Dgram): void {
  if (dst.rcvq_bytes + d.data.length > UDP_RCVBUF) {
    dst.drops++;
    return;
  }
  dst.rcvq.push(d);
  dst.rcvq_bytes += d.data.length;
  dst.wait.wake();
  if (dst.sk_data_ready) {
    dst.in_data_ready = true;
    try {
      dst.sk_data_ready(dst);
    } catch (e) {
      die(`BUG: kernel fault in udp sk_data_ready of port ${dst.port}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      dst.in_data_ready = false;
    }
  }
}

function udp_sendmsg(sock: Socket, data: Uint8Array, name: Uint8Array | null): number {
  const sk = udp_sk(sock);
  if (sk.in_data_ready) return -EAGAIN; // atomic context: defer to a work queue
  if (!name) return -EDESTADDRREQ;
  if (name.length < SOCKADDR_IN_SIZE) return -EINVAL;
  const a = sockaddr_in_read(name);
  if (a.family !== AF_INET) return -97; // EAFNOSUPPORT
  if (data.length > UDP_MAX_PAYLOAD) return -EMSGSIZE;
  if (!local_addr(a.addr)) return -ENETUNREACH;
  if (a.port === 0) return -EINVAL;
  if (!sk.port) {
    const r = udp_get_port(sk, 0);
    if (r) return r;
  }
  const dst = ports.get(a.port);
  if (!dst) return -ECONNREFUSED;
  udp_queue_rcv(dst, { data, from_port: sk.port });
  return data.length;
}

async function udp_recvmsg(sock: Socket, flags: number, task: Task | null): Promise<RecvResult | number> {
  const sk = udp_sk(sock);
  const ready = () => sk.rcvq.length > 0 || sock.ops === null;
  if (!ready()) {
    if (flags & MSG_DONTWAIT || sock.nonblocking) return -EAGAIN;
    if (await wait_event_interruptible(sk.wait, ready, task)) return -ERESTARTSYS;
  }
  const d = flags & MSG_PEEK ? sk.rcvq[0] : sk.rcvq.shift();
  if (!d) return -EAGAIN;
  if (!(flags & MSG_PEEK)) sk.rcvq_bytes -= d.data.length;
  return { data: d.data, name: sockaddr_in(INADDR_LOOPBACK, d.from_port) };
}

function udp_poll(sock: Socket, file: import('../../fs/fs.js').File | null, pt: import('../../fs/poll_table.js').PollTable | null): number {
  const sk = udp_sk(sock);
  if (file) poll_wait(file, sk.wait, pt);
  return POLLOUT | POLLWRNORM | (sk.rcvq.length ? POLLIN | POLLRDNORM : 0);
}

function udp_release(sock: Socket): void {
  const sk = udp_sk(sock);
  if (sk.port && ports.get(sk.port) === sk) ports.delete(sk.port);
  sk.sk_data_ready = null;
  sk.rcvq.length = 0;
  sk.rcvq_bytes = 0;
  sk.wait.wake();
}

const inet_dgram_ops: ProtoOps = {
  family: AF_INET,
  bind: inet_bind,
  getname: inet_getname,
  sendmsg: (sock, data, name) => udp_sendmsg(sock, data, name),
  recvmsg: udp_recvmsg,
  poll: udp_poll,
  release: udp_release,
};

function inet_create(sock: Socket, protocol: number, _kern: boolean, task: Task | null): number {
  if (sock.type !== SOCK_DGRAM) return -94; // ESOCKTNOSUPPORT: only UDP here
  if (protocol !== IPPROTO_IP && protocol !== IPPROTO_UDP) return -EPROTONOSUPPORT;
  sock.ops = inet_dgram_ops;
  sock.sk = new UdpSock(sock, task);
  return 0;
}

/** Boot: AF_INET with UDP on loopback. */
export function inet_init(): void {
  ports = new Map();
  next_ephemeral = EPHEMERAL_LOW;
  sock_register(AF_INET, inet_create);
}
