// insmod netlink_ex [unit=31]: a netlink protocol in the kernel. NLEX_ECHO requests are answered by
// unicast ("kernel got: TEXT") and announced to multicast group 1 ("PORT said: TEXT"); NLEX_DUMP gets a
// multipart reply ended by NLMSG_DONE; bad requests get NLMSG_ERROR with the errno (an empty echo EINVAL,
// an unknown type EOPNOTSUPP, a short or lying nlmsg_len EINVAL). A unit already in use refuses the load
// with EBUSY.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_info, pr_err } from '@urfs/emu-kernel/kernel/printk';
import {
  netlink_kernel_create, netlink_kernel_release, netlink_broadcast, type NetlinkSock, type SkBuff,
} from '@urfs/emu-kernel/net/netlink/af_netlink';
import { netlink_rcv_skb, nlmsg_new_msg, nlmsg_skb, nlmsg_unicast, nlmsg_done } from '@urfs/emu-kernel/net/netlink/nlmsg';
import { NLM_F_MULTI, type NlMsg } from '@urfs/emu-kernel/uapi/netlink';
import { EBUSY, EINVAL, EOPNOTSUPP } from '@urfs/emu-kernel/uapi/errno';
import { NETLINK_EX, NLEX_ECHO, NLEX_DUMP, NLEX_EVENT, NLEX_GROUP } from '../msg/netlink_ex_abi.js';

const enc = new TextEncoder(), dec = new TextDecoder();

export default function netlink_ex(): ModuleDef {
  const params = { unit: module_param('int', NETLINK_EX, 0o444, 'Netlink protocol number (0-31)') };
  let nl: NetlinkSock | null = null;

  async function handle(skb: SkBuff, nlh: NlMsg): Promise<number> {
    const ssk = nl!;
    const from = skb.portid;
    if (nlh.nlmsg_type === NLEX_ECHO) {
      if (!nlh.payload.length) return -EINVAL;
      const text = dec.decode(nlh.payload);
      pr_info(`netlink_ex: port ${from} seq ${nlh.nlmsg_seq}: ${text}`);
      const r = await nlmsg_unicast(ssk, nlmsg_skb(nlmsg_new_msg(0, nlh.nlmsg_seq, NLEX_ECHO, 0, enc.encode(`kernel got: ${text}`))), from);
      if (r < 0) return r;
      const ev = nlmsg_skb(nlmsg_new_msg(0, 0, NLEX_EVENT, 0, enc.encode(`port ${from} said: ${text}`)));
      netlink_broadcast(ssk, ev, 0, NLEX_GROUP); // -ESRCH: nobody listens, which is fine
      return 0;
    }
    if (nlh.nlmsg_type === NLEX_DUMP) {
      const items = [1, 2, 3].map((i) => nlmsg_new_msg(0, nlh.nlmsg_seq, NLEX_DUMP, NLM_F_MULTI, enc.encode(`item ${i}`)));
      return nlmsg_unicast(ssk, nlmsg_skb(...items, nlmsg_done(0, nlh.nlmsg_seq)), from);
    }
    return -EOPNOTSUPP;
  }

  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Netlink demo: echo by unicast, announce by multicast, multipart dump',
    params,
    init(): number {
      const unit = Number(params.unit.value);
      nl = netlink_kernel_create(unit, { groups: 32, input: (skb) => netlink_rcv_skb(nl!, skb, handle).then(() => {}) });
      if (!nl) {
        pr_err(`netlink_ex: cannot create netlink unit ${unit} (in use or out of range)`);
        return -EBUSY;
      }
      pr_info(`netlink_ex: netlink unit ${unit} ready, events on group ${NLEX_GROUP}`);
      return 0;
    },
    async exit(): Promise<void> {
      await netlink_kernel_release(nl);
      nl = null;
    },
  };
}
