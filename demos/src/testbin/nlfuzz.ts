// nlfuzz --seed N --count N [--trace N]: malformed netlink datagrams. Sockets of every netlink protocol
// (the kernel's units and ones nobody registered), bound and not, to multicast groups or not; each input
// is one datagram of one to three messages whose headers lie (nlmsg_len short, long, zero, huge; any type
// and flags; generic netlink families that exist and ones that do not), with payloads a handler expects
// (netlink_ex's text, generic netlink headers and attributes: nested, lying nla_len, unknown types,
// strings without their NUL, overlong) or noise, sent to the kernel, to another socket or to a group,
// through sendto or a sendmsg whose msghdr may lie too. Replies are drained with odd buffers and flags.
// Reports as @urfs/emu-kernel/testbin/lib/fuzz.
import { HEAP, HEAPV, bind, close, getsockname, recvmsg, sendmsg, socket, syscall } from '@urfs/emu-kernel/user/libc';
import { __NR_recvmsg, __NR_sendmsg, __NR_sendto } from '@urfs/emu-kernel/uapi/unistd';
import { AF_NETLINK, MSG_DONTWAIT, MSG_PEEK, MSG_TRUNC, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW } from '@urfs/emu-kernel/uapi/socket';
import {
  NETLINK_GENERIC, NETLINK_ROUTE, NETLINK_USER, NETLINK_USERSOCK, NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, NLM_F_REQUEST,
  NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLMSG_NOOP, NLMSG_OVERRUN, nlmsg_build, nlmsg_parse_all,
  sockaddr_nl, sockaddr_nl_read,
} from '@urfs/emu-kernel/uapi/netlink';
import {
  GENL_ID_CTRL, GENL_HDRLEN, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, NLA_F_NESTED, concat,
  genlmsghdr, nla, nla_nested, nla_split, nla_string, nla_u16, nla_u32, nla_get_u16,
} from '@urfs/emu-kernel/uapi/genetlink';
import { FuzzRun, fuzz_options } from '@urfs/emu-kernel/testbin/lib/fuzz';
import { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import type { Prng } from '@urfs/emu-kernel/testbin/lib/prng';
import { GENL_EX_FAMILY } from '../msg/genl_ex_abi.js';
import { BENCH_GENL_FAMILY, NETLINK_BENCH } from '../bench/bench_abi.js';

const USAGE = 'nlfuzz --seed N --count N [--trace N]';
/** The protocols with a kernel socket (datagrams go there), and ones without (socket() must refuse them). */
const PROTOCOLS = [NETLINK_GENERIC, NETLINK_BENCH, NETLINK_USER];
const ABSENT = [NETLINK_ROUTE, NETLINK_USERSOCK, 5, 17, 32, -1, 2 ** 31];
const enc = new TextEncoder();

interface Sock {
  fd: number;
  proto: number;
  pid: number;
}

/** The id of a generic netlink family, asked of nlctrl as genl_user does; -1 when it is not there. */
function family_id(name: string): number {
  const fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
  if (fd < 0) return -1;
  try {
    const req = nlmsg_build({ nlmsg_type: GENL_ID_CTRL, nlmsg_flags: NLM_F_REQUEST, nlmsg_seq: 1, nlmsg_pid: 0 },
      concat([genlmsghdr(CTRL_CMD_GETFAMILY, 1), nla_string(CTRL_ATTR_FAMILY_NAME, name)]));
    if (sendmsg(fd, [req], 0, sockaddr_nl(0, 0)) < 0) return -1;
    const r = recvmsg(fd, 8192);
    const m = r && nlmsg_parse_all(r.data).msgs[0];
    if (!m || m.nlmsg_type === NLMSG_ERROR) return -1;
    const id = (nla_split(m.payload.subarray(GENL_HDRLEN)) ?? []).find((a) => a.nla_type === CTRL_ATTR_FAMILY_ID);
    return id ? nla_get_u16(id) : -1;
  } finally {
    close(fd);
  }
}

class Gen {
  constructor(readonly rng: Prng, readonly families: number[]) {}

  /** Attributes as a generic netlink handler gets them, right or wrong. */
  attrs(): Uint8Array {
    const rng = this.rng;
    const out: Uint8Array[] = [];
    for (let k = rng.below(4); k > 0; k--) {
      const type = rng.chance(0.7) ? rng.range(0, 8) : rng.u32() & 0xffff;
      switch (rng.below(8)) {
        case 0: out.push(nla_string(type, rng.pick(['hello', '', 'x'.repeat(300), GENL_EX_FAMILY, BENCH_GENL_FAMILY, 'nlctrl']))); break;
        case 1: out.push(nla(type, enc.encode(rng.pick(['no nul', 'x'.repeat(257)])))); break;
        case 2: out.push(nla_u32(type, rng.u32())); break;
        case 3: out.push(nla_u16(type, rng.u32())); break;
        case 4: out.push(nla_nested(type, [nla_string(1, 'in'), nla_u32(2, rng.u32())])); break;
        case 5: out.push(nla(type | NLA_F_NESTED, rng.fill(new Uint8Array(rng.below(24))))); break;
        case 6: {
          const a = nla_string(type, 'lie');
          new DataView(a.buffer).setUint16(0, rng.pick([0, 1, 3, a.length + 4, 0xffff]), true);
          out.push(a);
          break;
        }
        default: out.push(rng.fill(new Uint8Array(rng.below(16))));
      }
    }
    return concat(out);
  }

  payload(type: number): Uint8Array {
    const rng = this.rng;
    if (this.families.includes(type) && rng.chance(0.8)) return concat([genlmsghdr(rng.chance(0.8) ? rng.below(5) : rng.u32(), rng.below(3)), this.attrs()]);
    if (rng.chance(0.4)) return enc.encode(rng.pick(['hi kernel', '', 'x'.repeat(5000)]));
    return rng.fill(new Uint8Array(rng.pick([0, 1, 4, 16, 20, 100])));
  }

  type(): number {
    const rng = this.rng;
    return rng.chance(0.85) ? rng.pick([NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN, NLMSG_MIN_TYPE, NLMSG_MIN_TYPE + 1,
      NLMSG_MIN_TYPE + 2, 0, 5, 15, ...this.families, ...this.families]) : rng.u32() & 0xffff;
  }

  /** One message; its nlmsg_len is right most of the time. */
  message(): Uint8Array {
    const rng = this.rng;
    const type = this.type();
    const flags = rng.chance(0.9) ? (NLM_F_REQUEST | (rng.chance(0.3) ? NLM_F_ACK : 0) | (rng.chance(0.2) ? NLM_F_DUMP : 0) |
      (rng.chance(0.1) ? NLM_F_ECHO : 0)) : rng.u32() & 0xffff;
    const m = nlmsg_build({ nlmsg_type: type, nlmsg_flags: flags, nlmsg_seq: rng.u32(), nlmsg_pid: rng.chance(0.8) ? 0 : rng.u32() }, this.payload(type));
    if (rng.chance(0.15)) {
      const v = new DataView(m.buffer);
      v.setUint32(0, rng.pick([0, 1, NLMSG_HDRLEN - 1, NLMSG_HDRLEN, m.length + 1, m.length + 4096, 2 ** 32 - 1, v.getUint32(0, true) - 1]), true);
    }
    return m;
  }

  datagram(): Uint8Array {
    const rng = this.rng;
    if (rng.chance(0.03)) return new Uint8Array(rng.pick([0, 1, 15]));
    if (rng.chance(0.02)) return new Uint8Array(rng.pick([128 * 1024, 128 * 1024 + 1, 300000]));
    const parts = Array.from({ length: rng.weighted([[80, 1], [15, 2], [5, 3]] as const) }, () => this.message());
    if (rng.chance(0.05)) parts.push(rng.fill(new Uint8Array(rng.range(1, 15))));
    return concat(parts);
  }
}

export default function main(argv: string[]): number {
  const o = fuzz_options(argv, USAGE);
  if (!o) return 2;
  const run = new FuzzRun(o);
  const rng = run.rng;
  const mem = new FuzzMem(rng);
  const families = [GENL_ID_CTRL, family_id(GENL_EX_FAMILY), family_id(BENCH_GENL_FAMILY), 0x20, 1023].filter((x) => x > 0);
  const gen = new Gen(rng, families);
  const socks: Sock[] = [];
  const open_sock = (proto: number): Sock => {
    const fd = socket(AF_NETLINK, (rng.chance(0.85) ? SOCK_RAW : SOCK_DGRAM) | SOCK_NONBLOCK, proto);
    let pid = 0;
    if (fd >= 0 && rng.chance(0.8)) {
      bind(fd, sockaddr_nl(rng.chance(0.8) ? 0 : rng.range(1, 100000), rng.chance(0.7) ? 0 : rng.u32()));
      const a = getsockname(fd);
      if (a) pid = sockaddr_nl_read(a).pid;
    }
    return { fd, proto, pid };
  };
  for (const p of PROTOCOLS) for (let k = 0; k < 3; k++) socks.push(open_sock(p));
  const recv = mem.alloc(256 * 1024);
  for (let i = 0; i < o.count; i++) {
    run.step(i);
    const k = rng.below(socks.length);
    if (rng.chance(0.01)) {
      if (socks[k].fd >= 0) close(socks[k].fd);
      socks[k] = open_sock(socks[k].proto);
      const absent = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, rng.pick(ABSENT));
      run.count(absent < 0 ? 'socket_refused' : 'socket_of_absent_protocol');
      if (absent >= 0) close(absent);
    }
    const s = socks[k];
    const d = gen.datagram();
    const dest = rng.weighted([[80, 0], [10, rng.pick(socks).pid], [5, rng.u32()], [5, -1]] as const);
    const addr = dest === -1 ? sockaddr_nl(0, rng.u32()) : sockaddr_nl(dest, 0);
    if (rng.chance(0.05)) new DataView(addr.buffer).setUint16(0, rng.pick([0, 2, 0xffff]), true);
    const what = () => `${s.proto}/${s.fd} ${d.length} bytes to ${dest}: ${[...d.subarray(0, 64)].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
    run.trace(what);
    const data = mem.put(d);
    const name = mem.put(addr);
    let r: number;
    if (rng.chance(0.3)) {
      r = syscall(__NR_sendto, s.fd, data, d.length, rng.chance(0.9) ? 0 : rng.u32(), rng.chance(0.9) ? name : 0, rng.pick([12, 12, 12, 0, 8, 16, 128]));
    } else {
      const m = mem.alloc(56), iov = mem.alloc(32);
      const split = rng.below(d.length + 1);
      HEAPV.setBigUint64(iov, BigInt(data), true);
      HEAPV.setBigUint64(iov + 8, BigInt(split), true);
      HEAPV.setBigUint64(iov + 16, BigInt(data + split), true);
      HEAPV.setBigUint64(iov + 24, BigInt(d.length - split), true);
      HEAP.fill(0, m, m + 56);
      HEAPV.setBigUint64(m, BigInt(rng.chance(0.9) ? name : 0), true);
      HEAPV.setInt32(m + 8, rng.pick([12, 12, 12, 0, 11, 13, 128, -1]), true);
      HEAPV.setBigUint64(m + 16, BigInt.asUintN(64, BigInt(rng.chance(0.97) ? iov : mem.wild(rng))), true);
      HEAPV.setBigUint64(m + 24, BigInt(rng.chance(0.9) ? 2 : rng.pick([0, 1, 1025, 2 ** 31])), true);
      r = syscall(__NR_sendmsg, s.fd, m, rng.chance(0.9) ? 0 : rng.u32());
    }
    run.libc(r, what);
    // Drain what came back, with buffers that fit, do not, or are not there.
    for (const x of socks) {
      for (let n = 0; n < 8 && x.fd >= 0; n++) {
        const len = rng.pick([8192, 8192, 256 * 1024, 0, 1, 16]);
        const flags = MSG_DONTWAIT | (rng.chance(0.1) ? MSG_PEEK : 0) | (rng.chance(0.1) ? MSG_TRUNC : 0);
        const m = mem.alloc(56), iov = mem.alloc(16);
        HEAP.fill(0, m, m + 56);
        HEAPV.setBigUint64(iov, BigInt(recv), true);
        HEAPV.setBigUint64(iov + 8, BigInt(len), true);
        HEAPV.setBigUint64(m + 16, BigInt(iov), true);
        HEAPV.setBigUint64(m + 24, 1n, true);
        if (syscall(__NR_recvmsg, x.fd, m, flags) < 0) break;
        if (flags & MSG_PEEK) break;
      }
    }
  }
  for (const s of socks) if (s.fd >= 0) close(s.fd);
  return run.finish(o.count);
}
