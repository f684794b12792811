// AF_NETLINK (net/netlink/af_netlink.c): datagrams between user sockets and the kernel, addressed by port
// id (pid) and by multicast group, one table per protocol (unit). A protocol exists once a kernel socket
// has been created for it with netlink_kernel_create; user sockets of any other unit get EPROTONOSUPPORT.
//
// Choices: a message to the kernel runs the kernel's `input` in the sender's system call, as Linux does;
// a receive queue holds at most NETLINK_RCVBUF bytes, a unicast to a full queue is -EAGAIN for the kernel
// sender (the receiver then gets ENOBUFS once, as netlink_overrun reports); multicast to a full queue is
// dropped for that listener the same way. Any process may join groups (NL_CFG_F_NONROOT_RECV) and send to
// a group only as root, unless the kernel socket says NL_CFG_F_NONROOT_SEND.
import { EADDRINUSE, EAGAIN, ECONNREFUSED, EINVAL, EMSGSIZE, EPERM, EPROTONOSUPPORT, ESOCKTNOSUPPORT_,
  ESRCH, ERESTARTSYS } from './errno.js';
import { MSG_DONTWAIT, MSG_PEEK, SOCK_DGRAM, SOCK_RAW, ENOBUFS } from '../../uapi/socket.js';
import { AF_NETLINK } from '../../uapi/socket.js';
import { MAX_LINKS, SOCKADDR_NL_SIZE, sockaddr_nl, sockaddr_nl_read } from '../../uapi/netlink.js';
import { POLLIN, POLLRDNORM, POLLOUT, POLLWRNORM, POLLERR } from '../../uapi/poll.js';
import { WaitQueueHead, wait_event_interruptible } from '../../kernel/wait.js';
import { poll_wait } from '../../fs/poll_table.js';
import type { Task } from '../../kernel/task.js';
import type { Cred } from '../../kernel/cred.js';
import { Socket, sock_register, sock_create_kern, sock_release, SOCK_MAX_DGRAM, type ProtoOps, type RecvResult } from '../socket.js';
import { pr_err } from '../../kernel/printk.js';
import { proc_create_single } from '../../fs/proc/generic.js';
import { seq_printf } from '../../fs/seq_file.js';
import { proc_net_dir } from '../socket.js';
import { die } from '../../kernel/panic.js';

export const NETLINK_RCVBUF = 256 * 1024;
/** The 128 KiB cap on one netlink datagram. */
export const NETLINK_MAX_MSG = SOCK_MAX_DGRAM;
export const NL_CFG_F_NONROOT_RECV = 1, NL_CFG_F_NONROOT_SEND = 2;
export const NLGRPSZ_MAX = 32;

/** struct sk_buff as netlink uses it: the bytes and NETLINK_CB (sender port id, destination group). */
export class SkBuff {
  portid = 0;
  dst_group = 0;
  /** The socket that sent it (NETLINK_CB(skb).sk). */
  sk: NetlinkSock | null = null;
  constructor(public data: Uint8Array) {}
  get len(): number {
    return this.data.length;
  }
}

/** struct netlink_kernel_cfg. */
export interface NetlinkKernelCfg {
  /** Number of multicast groups (at most 32). */
  groups?: number;
  flags?: number;
  /** Runs for every datagram a user socket sends to the kernel (port id 0), in the sender's call. */
  input?(skb: SkBuff): void | Promise<void>;
}

/** struct netlink_sock. */
export class NetlinkSock {
  portid = 0;
  bound = false;
  groups = 0;
  dst_portid = 0;
  dst_group = 0;
  readonly rcvq: SkBuff[] = [];
  rcvq_bytes = 0;
  /** Error to report once (ENOBUFS after an overrun). */
  sk_err = 0;
  readonly wait = new WaitQueueHead();
  kernel_cfg: NetlinkKernelCfg | null = null;
  /** Who made the socket (null: the kernel): kept as pid and credentials, like a file's f_cred, not as the task. */
  readonly owner_pid: number;
  readonly cred: Cred | null;
  constructor(readonly sock: Socket, readonly protocol: number, task: Task | null) {
    this.owner_pid = task?.pid ?? 0;
    this.cred = task?.cred ?? null;
  }
}

interface NlTable {
  kernel: NetlinkSock | null;
  groups: number;
  flags: number;
  /** Sockets bound to a port id. */
  readonly ports: Map<number, NetlinkSock>;
}
let nl_table: NlTable[] = [];
let rover = -4097;

function table(protocol: number): NlTable | null {
  return protocol >= 0 && protocol < MAX_LINKS ? nl_table[protocol] : null;
}

function nlk_of(sock: Socket): NetlinkSock {
  return sock.sk as NetlinkSock;
}

/** netlink_insert: takes `portid` in the protocol's table. */
function netlink_insert(nlk: NetlinkSock, portid: number): number {
  const t = table(nlk.protocol)!;
  if (nlk.bound) return nlk.portid === portid ? 0 : -EINVAL;
  if (t.ports.has(portid)) return -EADDRINUSE;
  nlk.portid = portid;
  nlk.bound = true;
  t.ports.set(portid, nlk);
  return 0;
}
/** netlink_autobind: the process id when free, else a negative number counting down. */
function netlink_autobind(nlk: NetlinkSock): number {
  const t = table(nlk.protocol)!;
  let id = nlk.owner_pid;
  if (!id || t.ports.has(id)) {
    while (t.ports.has(rover >>> 0)) rover--;
    id = rover-- >>> 0;
  }
  return netlink_insert(nlk, id);
}

function netlink_bind(sock: Socket, addr: Uint8Array): number {
  if (addr.length < SOCKADDR_NL_SIZE) return -EINVAL;
  const a = sockaddr_nl_read(addr);
  if (a.family !== AF_NETLINK) return -EINVAL;
  const nlk = nlk_of(sock);
  const t = table(nlk.protocol)!;
  if (a.groups && t.groups < 32 && a.groups >>> t.groups) return -EINVAL; // groups the protocol lacks
  if (a.groups && !(t.flags & NL_CFG_F_NONROOT_RECV) && nlk.cred && nlk.cred.euid !== 0) return -EPERM;
  if (nlk.bound) {
    if (a.pid !== nlk.portid) return -EINVAL;
  } else {
    const r = a.pid ? netlink_insert(nlk, a.pid) : netlink_autobind(nlk);
    if (r) return r;
  }
  nlk.groups = a.groups >>> 0;
  return 0;
}

function netlink_getname(sock: Socket): Uint8Array {
  const nlk = nlk_of(sock);
  return sockaddr_nl(nlk.portid, nlk.groups);
}

/** Queues `skb` on `nlk`; false (and an overrun noted) when the queue is full. */
function netlink_queue(nlk: NetlinkSock, skb: SkBuff): boolean {
  if (nlk.rcvq_bytes + skb.len > NETLINK_RCVBUF) {
    nlk.sk_err = ENOBUFS;
    nlk.wait.wake();
    return false;
  }
  nlk.rcvq.push(skb);
  nlk.rcvq_bytes += skb.len;
  nlk.wait.wake();
  return true;
}

/** netlink_unicast: to the socket bound to `portid` (0: the kernel's input). Returns the length sent. */
export async function netlink_unicast(ssk: NetlinkSock, skb: SkBuff, portid: number, nonblock: boolean): Promise<number> {
  const t = table(ssk.protocol);
  if (!t) return -EINVAL;
  skb.portid = ssk.portid;
  skb.sk = ssk;
  if (skb.len > NETLINK_MAX_MSG) return -EMSGSIZE;
  const dst = t.ports.get(portid >>> 0) ?? (portid === 0 ? t.kernel : null);
  if (!dst) return -ECONNREFUSED;
  if (dst.kernel_cfg) {
    const input = dst.kernel_cfg.input;
    if (!input) return -ECONNREFUSED;
    try {
      await input(skb);
    } catch (e) {
      die(`BUG: kernel fault in netlink input of protocol ${ssk.protocol}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
    return skb.len;
  }
  void nonblock; // a full queue is never waited on here: the sender learns at once
  return netlink_queue(dst, skb) ? skb.len : -EAGAIN;
}

/**
 * netlink_broadcast: a copy to every socket listening to `group` (1..32) but `portid`. 0 when someone got
 * it, -ESRCH when no one listens (Linux's answer too).
 */
export function netlink_broadcast(ssk: NetlinkSock, skb: SkBuff, portid: number, group: number): number {
  const t = table(ssk.protocol);
  if (!t || group < 1 || group > NLGRPSZ_MAX) return -EINVAL;
  const bit = 1 << (group - 1);
  let delivered = 0;
  for (const nlk of t.ports.values()) {
    if (nlk.kernel_cfg || nlk.portid === (portid >>> 0) || !(nlk.groups & bit)) continue;
    const copy = new SkBuff(skb.data.slice());
    copy.portid = ssk.portid;
    copy.dst_group = group;
    copy.sk = ssk;
    if (netlink_queue(nlk, copy)) delivered++;
  }
  return delivered ? 0 : -ESRCH;
}

/** netlink_has_listeners. */
export function netlink_has_listeners(ssk: NetlinkSock, group: number): boolean {
  const t = table(ssk.protocol);
  if (!t || group < 1 || group > NLGRPSZ_MAX) return false;
  const bit = 1 << (group - 1);
  for (const nlk of t.ports.values()) if (!nlk.kernel_cfg && nlk.groups & bit) return true;
  return false;
}

async function netlink_sendmsg(sock: Socket, data: Uint8Array, name: Uint8Array | null, flags: number,
  task: Task | null): Promise<number> {
  const nlk = nlk_of(sock);
  const t = table(nlk.protocol)!;
  if (data.length > NETLINK_MAX_MSG) return -EMSGSIZE;
  let dst_portid = nlk.dst_portid, dst_group = nlk.dst_group;
  if (name) {
    if (name.length < SOCKADDR_NL_SIZE) return -EINVAL;
    const a = sockaddr_nl_read(name);
    if (a.family !== AF_NETLINK) return -EINVAL;
    dst_portid = a.pid;
    dst_group = a.groups ? 32 - Math.clz32(a.groups & -a.groups) : 0; // ffs
    if (dst_group && !(t.flags & NL_CFG_F_NONROOT_SEND) && task && task.cred.euid !== 0) return -EPERM;
  }
  if (!nlk.bound) {
    const r = netlink_autobind(nlk);
    if (r) return r;
  }
  const skb = new SkBuff(data);
  skb.portid = nlk.portid;
  skb.sk = nlk;
  if (dst_group) {
    const b = netlink_broadcast(nlk, skb, nlk.portid, dst_group);
    if (b < 0 && b !== -ESRCH) return b;
    if (!dst_portid) return data.length;
  }
  const r = await netlink_unicast(nlk, skb, dst_portid, (flags & MSG_DONTWAIT) !== 0);
  return r < 0 ? r : data.length;
}

async function netlink_recvmsg(sock: Socket, flags: number, task: Task | null): Promise<RecvResult | number> {
  const nlk = nlk_of(sock);
  const ready = () => nlk.rcvq.length > 0 || nlk.sk_err !== 0 || sock.ops === null;
  if (!ready()) {
    if (flags & MSG_DONTWAIT || sock.nonblocking) return -EAGAIN;
    if (await wait_event_interruptible(nlk.wait, ready, task)) return -ERESTARTSYS;
  }
  if (nlk.sk_err) {
    const e = nlk.sk_err;
    nlk.sk_err = 0;
    return -e;
  }
  const skb = flags & MSG_PEEK ? nlk.rcvq[0] : nlk.rcvq.shift();
  if (!skb) return -EAGAIN;
  if (!(flags & MSG_PEEK)) nlk.rcvq_bytes -= skb.len;
  return { data: skb.data, name: sockaddr_nl(skb.portid, skb.dst_group ? 1 << (skb.dst_group - 1) : 0) };
}

function netlink_poll(sock: Socket, file: import('../../fs/fs.js').File | null, pt: import('../../fs/poll_table.js').PollTable | null): number {
  const nlk = nlk_of(sock);
  if (file) poll_wait(file, nlk.wait, pt);
  let mask = POLLOUT | POLLWRNORM;
  if (nlk.rcvq.length) mask |= POLLIN | POLLRDNORM;
  if (nlk.sk_err) mask |= POLLERR;
  return mask;
}

function netlink_release(sock: Socket): void {
  const nlk = nlk_of(sock);
  const t = table(nlk.protocol);
  if (t && nlk.bound && t.ports.get(nlk.portid) === nlk) t.ports.delete(nlk.portid);
  if (t && t.kernel === nlk) {
    t.kernel = null;
    t.groups = 0;
    t.flags = 0;
  }
  nlk.rcvq.length = 0;
  nlk.rcvq_bytes = 0;
  nlk.wait.wake();
}

const netlink_ops: ProtoOps = {
  family: AF_NETLINK,
  bind: netlink_bind,
  getname: netlink_getname,
  sendmsg: netlink_sendmsg,
  recvmsg: netlink_recvmsg,
  poll: netlink_poll,
  release: netlink_release,
};

function netlink_create(sock: Socket, protocol: number, kern: boolean, task: Task | null): number {
  if (sock.type !== SOCK_RAW && sock.type !== SOCK_DGRAM) return -ESOCKTNOSUPPORT_;
  if (protocol < 0 || protocol >= MAX_LINKS) return -EPROTONOSUPPORT;
  if (!kern && !nl_table[protocol].kernel) return -EPROTONOSUPPORT;
  sock.ops = netlink_ops;
  sock.sk = new NetlinkSock(sock, protocol, task);
  return 0;
}

/**
 * netlink_kernel_create(unit, cfg): the kernel's socket of a protocol. Null when the unit is out of range
 * or already has one (a protocol in use is refused).
 */
export function netlink_kernel_create(unit: number, cfg: NetlinkKernelCfg = {}): NetlinkSock | null {
  const t = table(unit);
  if (!t) return null;
  if (t.kernel) {
    pr_err(`netlink: protocol ${unit} is already in use`);
    return null;
  }
  const groups = cfg.groups ?? 32;
  if (!Number.isInteger(groups) || groups < 0 || groups > NLGRPSZ_MAX) return null;
  const sock = sock_create_kern(AF_NETLINK, SOCK_DGRAM, unit);
  if (typeof sock === 'number') return null;
  const nlk = nlk_of(sock);
  nlk.kernel_cfg = cfg;
  nlk.bound = true;
  nlk.portid = 0;
  t.kernel = nlk;
  t.groups = groups || 32;
  t.flags = cfg.flags ?? 0;
  return nlk;
}

/** netlink_kernel_release: frees the protocol; user sockets still open keep working among themselves. */
export async function netlink_kernel_release(nlk: NetlinkSock | null): Promise<void> {
  if (nlk) await sock_release(nlk.sock);
}

export function netlink_proto_init(): void {
  nl_table = Array.from({ length: MAX_LINKS }, () => ({ kernel: null, groups: 0, flags: 0, ports: new Map() }));
  rover = -4097;
  sock_register(AF_NETLINK, netlink_create);
  const net = proc_net_dir();
  if (net) proc_create_single('netlink', 0o444, net, (m) => {
    seq_printf(m, '%-4s %-10s %-8s %-8s %-5s\n', 'Eth', 'Pid', 'Groups', 'Rmem', 'Inode');
    nl_table.forEach((t, proto) => {
      const all = t.kernel ? [t.kernel, ...t.ports.values()] : [...t.ports.values()];
      for (const nlk of new Set(all)) {
        seq_printf(m, '%-4d %-10d %08x %-8d %-5d\n', proto, nlk.portid, nlk.groups, nlk.rcvq_bytes,
          nlk.sock.file?.f_inode.i_ino ?? 0);
      }
    });
  });
}
