import { describe, it, expect, beforeEach } from 'vitest';
import { sock_init, sock_create, sock_release, type Socket, type RecvResult } from '../socket.js';
import {
  netlink_proto_init, netlink_kernel_create, netlink_kernel_release, netlink_broadcast, netlink_unicast, SkBuff,
} from './af_netlink.js';
import { netlink_rcv_skb, nlmsg_new_msg, nlmsg_skb } from './nlmsg.js';
import { AF_NETLINK, SOCK_RAW, SOCK_STREAM, MSG_DONTWAIT } from '../../uapi/socket.js';
import {
  NLM_F_REQUEST, NLM_F_ACK, NLMSG_ERROR, nlmsg_build, nlmsg_parse_all, nlmsghdr_read, nlmsghdr_write, sockaddr_nl,
} from '../../uapi/netlink.js';
import { POLLIN } from '../../uapi/poll.js';
import { EADDRINUSE, EAGAIN, ECONNREFUSED, EINVAL, EMSGSIZE, EPROTONOSUPPORT, ESRCH } from '../../uapi/errno.js';

function user_sock(unit: number, pid: number, groups = 0): Socket {
  const s = sock_create(AF_NETLINK, SOCK_RAW, unit, false, null);
  if (typeof s === 'number') throw new Error(`sock_create: ${s}`);
  expect(s.ops!.bind(s, sockaddr_nl(pid, groups))).toBe(0);
  return s;
}
async function recv(s: Socket): Promise<RecvResult | number> {
  return s.ops!.recvmsg(s, MSG_DONTWAIT, null);
}

describe('af_netlink', () => {
  beforeEach(() => sock_init([netlink_proto_init]));

  it('refuses a protocol in use and units out of range; release frees the unit', async () => {
    const a = netlink_kernel_create(25, {});
    expect(a).not.toBeNull();
    expect(netlink_kernel_create(25, {})).toBeNull();
    expect(netlink_kernel_create(32, {})).toBeNull();
    expect(netlink_kernel_create(-1, {})).toBeNull();
    expect(netlink_kernel_create(24, { groups: 33 })).toBeNull();
    await netlink_kernel_release(a);
    expect(netlink_kernel_create(25, {})).not.toBeNull();
  });

  it('user sockets need a registered protocol and a datagram type; port ids are unique', () => {
    expect(sock_create(AF_NETLINK, SOCK_RAW, 20, false, null)).toBe(-EPROTONOSUPPORT);
    netlink_kernel_create(20, {});
    expect(sock_create(AF_NETLINK, SOCK_STREAM, 20, false, null)).toBe(-94);
    user_sock(20, 100);
    const s = sock_create(AF_NETLINK, SOCK_RAW, 20, false, null) as Socket;
    expect(s.ops!.bind(s, sockaddr_nl(100, 0))).toBe(-EADDRINUSE);
    expect(s.ops!.bind(s, new Uint8Array(4))).toBe(-EINVAL);
  });

  it('broadcasts to each of 32 groups only to its listeners; none listening is ESRCH', async () => {
    const k = netlink_kernel_create(21, { groups: 32 })!;
    const g1 = user_sock(21, 11, 1), g32 = user_sock(21, 12, 1 << 31), none = user_sock(21, 13, 0);
    expect(netlink_broadcast(k, nlmsg_skb(nlmsg_build({ nlmsg_type: 16, nlmsg_flags: 0, nlmsg_seq: 0, nlmsg_pid: 0 })), 0, 32)).toBe(0);
    expect(g32.ops!.poll(g32, null, null) & POLLIN).toBe(POLLIN);
    expect(g1.ops!.poll(g1, null, null) & POLLIN).toBe(0);
    expect(await recv(g1)).toBe(-EAGAIN);
    expect(await recv(none)).toBe(-EAGAIN);
    const r = await recv(g32) as RecvResult;
    expect(nlmsghdr_read(r.data, 0).nlmsg_type).toBe(16);
    expect(netlink_broadcast(k, new SkBuff(new Uint8Array(16)), 0, 5)).toBe(-ESRCH);
    expect(netlink_broadcast(k, new SkBuff(new Uint8Array(16)), 0, 33)).toBe(-EINVAL);
  });

  it('unicast to a missing port is ECONNREFUSED; more than 128 KiB is EMSGSIZE', async () => {
    const k = netlink_kernel_create(22, {})!;
    expect(await netlink_unicast(k, new SkBuff(new Uint8Array(16)), 999, true)).toBe(-ECONNREFUSED);
    const u = user_sock(22, 50);
    expect(await netlink_unicast(k, new SkBuff(new Uint8Array(128 * 1024 + 1)), 50, true)).toBe(-EMSGSIZE);
    expect(await u.ops!.sendmsg(u, new Uint8Array(128 * 1024 + 1), sockaddr_nl(0, 0), 0, null)).toBe(-EMSGSIZE);
  });

  it('netlink_rcv_skb acks on request, answers a lying nlmsg_len with EINVAL, and a released socket leaves the table', async () => {
    const seen: number[] = [];
    const k: ReturnType<typeof netlink_kernel_create> = netlink_kernel_create(23, {
      input: async (skb) => void (await netlink_rcv_skb(k!, skb, (_s, m) => (seen.push(m.nlmsg_seq), 0))),
    });
    const u = user_sock(23, 77);
    const ok = nlmsg_new_msg(77, 5, 16, NLM_F_REQUEST | NLM_F_ACK, new Uint8Array([1, 2, 3]));
    await u.ops!.sendmsg(u, ok, sockaddr_nl(0, 0), 0, null);
    let r = await recv(u) as RecvResult;
    let m = nlmsg_parse_all(r.data).msgs[0];
    expect(m.nlmsg_type).toBe(NLMSG_ERROR);
    expect(new DataView(m.payload.buffer, m.payload.byteOffset).getInt32(0, true)).toBe(0);
    const lie = ok.slice();
    nlmsghdr_write(lie, 0, { ...nlmsghdr_read(ok, 0), nlmsg_len: 200, nlmsg_seq: 6 });
    await u.ops!.sendmsg(u, lie, sockaddr_nl(0, 0), 0, null);
    r = await recv(u) as RecvResult;
    m = nlmsg_parse_all(r.data).msgs[0];
    expect(new DataView(m.payload.buffer, m.payload.byteOffset).getInt32(0, true)).toBe(-EINVAL);
    expect(seen).toEqual([5]);
    await sock_release(u);
    expect(await netlink_unicast(k!, new SkBuff(new Uint8Array(16)), 77, true)).toBe(-ECONNREFUSED);
  });
});
