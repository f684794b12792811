// bench_genl: the generic netlink test of the benchmark, family BENCH_GENL (see bench_abi.ts). Messages
// of at most 128 KiB carry the data in DATA attributes. Writes: the program copies its data into the
// message (1), sendmsg copies it into an skb (2), the WRITE command copies each DATA attribute into the
// module's buffer (3); the last message asks for an ACK. Reads: READ(OFFSET, LEN) makes the module copy
// that much of its buffer into a reply (1), recvmsg copies it to the user (2), the program copies it out
// of the message (3). NULL answers with an empty message (the null round trip).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { genl_register_family, genl_unregister_family, genlmsg_build, genlmsg_reply, genlmsg_unicast, type GenlFamily }
  from '@urfs/emu-kernel/net/netlink/genetlink';
import { GENL_HDRLEN, NLA_HDRLEN, NLA_ALIGN, nla_split, nla_get_u32 } from '@urfs/emu-kernel/uapi/genetlink';
import { NLMSG_HDRLEN, NLMSG_ALIGN, nlmsghdr_write } from '@urfs/emu-kernel/uapi/netlink';
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import {
  BENCH_MAX, BENCH_GENL_FAMILY, BENCH_GENL_VERSION, BENCH_GENL_C_WRITE, BENCH_GENL_C_READ, BENCH_GENL_C_NULL,
  BENCH_GENL_A_OFFSET, BENCH_GENL_A_LEN, BENCH_GENL_A_DATA, BENCH_GENL_A_MAX, BENCH_GENL_ATTR, BENCH_GENL_BLOCK,
} from '../bench/bench_abi.js';

export default function bench_genl(): ModuleDef {
  const kbuf = new Uint8Array(BENCH_MAX);

  /** The READ reply: one message, `n` bytes of the buffer from `at` in DATA attributes, written in place (one copy). */
  function read_reply(seq: number, at: number, n: number): Uint8Array {
    let len = NLMSG_HDRLEN + GENL_HDRLEN;
    for (let done = 0; done < n; done += BENCH_GENL_ATTR) len += NLA_ALIGN(NLA_HDRLEN + Math.min(BENCH_GENL_ATTR, n - done));
    const b = new Uint8Array(NLMSG_ALIGN(len));
    const v = new DataView(b.buffer);
    nlmsghdr_write(b, 0, { nlmsg_len: len, nlmsg_type: family.id ?? 0, nlmsg_flags: 0, nlmsg_seq: seq, nlmsg_pid: 0 });
    b[NLMSG_HDRLEN] = BENCH_GENL_C_READ;
    b[NLMSG_HDRLEN + 1] = BENCH_GENL_VERSION;
    let off = NLMSG_HDRLEN + GENL_HDRLEN;
    for (let done = 0; done < n;) {
      const k = Math.min(BENCH_GENL_ATTR, n - done);
      v.setUint16(off, NLA_HDRLEN + k, true);
      v.setUint16(off + 2, BENCH_GENL_A_DATA, true);
      b.set(kbuf.subarray(at + done, at + done + k), off + NLA_HDRLEN);
      off += NLA_ALIGN(NLA_HDRLEN + k);
      done += k;
    }
    return b;
  }

  const family: GenlFamily = {
    name: BENCH_GENL_FAMILY,
    version: BENCH_GENL_VERSION,
    maxattr: BENCH_GENL_A_MAX,
    policy: {
      [BENCH_GENL_A_OFFSET]: { type: 'u32' },
      [BENCH_GENL_A_LEN]: { type: 'u32' },
      [BENCH_GENL_A_DATA]: { type: 'binary', len: BENCH_GENL_ATTR },
    },
    ops: [
      {
        cmd: BENCH_GENL_C_WRITE,
        doit(_skb, info) {
          const o = info.attrs[BENCH_GENL_A_OFFSET];
          if (!o) return -EINVAL;
          let at = nla_get_u32(o);
          // Every DATA attribute in order (nla_for_each_attr): the table keeps only the last of a type.
          for (const a of nla_split(info.nlhdr.payload.subarray(GENL_HDRLEN)) ?? []) {
            if (a.nla_type !== BENCH_GENL_A_DATA) continue;
            if (at + a.data.length > BENCH_MAX) return -EINVAL;
            kbuf.set(a.data, at);
            at += a.data.length;
          }
          return 0;
        },
      },
      {
        cmd: BENCH_GENL_C_READ,
        doit(_skb, info) {
          const o = info.attrs[BENCH_GENL_A_OFFSET], l = info.attrs[BENCH_GENL_A_LEN];
          if (!o || !l) return -EINVAL;
          const at = nla_get_u32(o), n = nla_get_u32(l);
          if (n > BENCH_GENL_BLOCK || at + n > BENCH_MAX) return -EINVAL;
          return genlmsg_unicast(read_reply(info.snd_seq, at, n), info.snd_portid);
        },
      },
      {
        cmd: BENCH_GENL_C_NULL,
        doit: (_skb, info) => genlmsg_reply(genlmsg_build(0, info.snd_seq, family, 0, BENCH_GENL_C_NULL, []), info),
      },
    ],
  };

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Benchmark generic netlink: family BENCH_GENL, WRITE/READ/NULL, messages under 128 KiB',
    init(): number {
      return genl_register_family(family);
    },
    exit(): void {
      genl_unregister_family(family);
    },
  };
}
