// bench_netlink: the netlink test of the benchmark (thesis ch. 4) on unit NETLINK_BENCH (see
// bench_abi.ts for the commands). Writes: the program copies its data into a message (1), sendmsg copies
// it into an skb (2), this module copies it into its buffer (3). Reads: the module copies its buffer into
// the reply's skb (1), recvmsg copies that to the user (2), the program copies it out of the message (3).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { pr_err } from '@urfs/emu-kernel/kernel/printk';
import { netlink_kernel_create, netlink_kernel_release, SkBuff, type NetlinkSock } from '@urfs/emu-kernel/net/netlink/af_netlink';
import { nlmsg_unicast } from '@urfs/emu-kernel/net/netlink/nlmsg';
import { NLMSG_DONE, NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLMSG_ALIGN, NLMSG_LENGTH, nlmsghdr_read, nlmsghdr_write }
  from '@urfs/emu-kernel/uapi/netlink';
import { EBUSY } from '@urfs/emu-kernel/uapi/errno';
import { BENCH_MAX, BENCH_NL_ACCEPT, BENCH_NL_BLOCK, BENCH_NL_LATENCY, BENCH_NL_READ, BENCH_NL_WRITE, NETLINK_BENCH }
  from '../bench/bench_abi.js';

export default function bench_netlink(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);
  let woff = 0;
  let nl: NetlinkSock | null = null;

  /** A reply of one message whose payload is `n` bytes of `src` from `off`, copied straight into the skb. */
  function reply(type: number, seq: number, src: Uint8Array, off: number, n: number): SkBuff {
    const b = new Uint8Array(NLMSG_ALIGN(NLMSG_LENGTH(n)));
    nlmsghdr_write(b, 0, { nlmsg_len: NLMSG_LENGTH(n), nlmsg_type: type, nlmsg_flags: 0, nlmsg_seq: seq, nlmsg_pid: 0 });
    b.set(src.subarray(off, off + n), NLMSG_HDRLEN);
    return new SkBuff(b);
  }
  const ACCEPT = new Uint8Array([BENCH_NL_ACCEPT]);

  async function input(skb: SkBuff): Promise<void> {
    const d = skb.data;
    for (let off = 0; off + NLMSG_HDRLEN <= d.length;) {
      const h = nlmsghdr_read(d, off);
      if (h.nlmsg_len < NLMSG_HDRLEN + 1 || off + h.nlmsg_len > d.length) return;
      const cmd = d[off + NLMSG_HDRLEN];
      const p = off + NLMSG_HDRLEN + 1, plen = h.nlmsg_len - NLMSG_HDRLEN - 1;
      if (cmd === BENCH_NL_WRITE && plen > 0) {
        const n = Math.min(plen, BENCH_MAX - woff);
        kbuf.set(d.subarray(p, p + n), woff);
        woff += n;
      }
      if (h.nlmsg_type === NLMSG_DONE) {
        let r = 0;
        if (cmd === BENCH_NL_READ && plen >= 8) {
          const v = new DataView(d.buffer, d.byteOffset + p, 8);
          const at = v.getUint32(0, true), n = v.getUint32(4, true);
          if (at + n <= BENCH_MAX && n <= BENCH_NL_BLOCK) r = await nlmsg_unicast(nl!, reply(NLMSG_MIN_TYPE, h.nlmsg_seq, kbuf, at, n), skb.portid);
        } else if (cmd === BENCH_NL_WRITE || cmd === BENCH_NL_LATENCY) {
          woff = 0;
          r = await nlmsg_unicast(nl!, reply(NLMSG_DONE, h.nlmsg_seq, ACCEPT, 0, 1), skb.portid);
        }
        if (r < 0) pr_err(`bench_netlink: reply to port ${skb.portid}: ${r}`);
      }
      off += NLMSG_ALIGN(h.nlmsg_len);
    }
  }

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark netlink: command byte, blocks under 128 KiB, NLMSG_DONE makes the kernel reply',
    init(): number {
      nl = netlink_kernel_create(NETLINK_BENCH, { input });
      return nl ? 0 : -EBUSY;
    },
    async exit(): Promise<void> {
      await netlink_kernel_release(nl);
      nl = null;
    },
  };
}
