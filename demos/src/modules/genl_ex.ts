// insmod genl_ex: the generic netlink family CONTROL_EXMPL. Command ECHO takes the attribute MSG (a NUL
// string of at most 256 bytes, checked by the policy) and replies with MSG "kernel echoes: TEXT"; the
// text is also multicast to the family's group exmpl_events. No MSG is EINVAL.
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { pr_info } from '@urfs/emu-kernel/kernel/printk';
import {
  genl_register_family, genl_unregister_family, genlmsg_build, genlmsg_reply, genlmsg_multicast, type GenlFamily,
} from '@urfs/emu-kernel/net/netlink/genetlink';
import { nla_string, nla_get_string } from '@urfs/emu-kernel/uapi/genetlink';
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import {
  GENL_EX_FAMILY, GENL_EX_VERSION, DOC_EXMPL_C_ECHO, DOC_EXMPL_A_MSG, DOC_EXMPL_A_MAX, GENL_EX_MSG_MAX, GENL_EX_GROUP,
} from '../msg/genl_ex_abi.js';

export default function genl_ex(): ModuleDef {
  const family: GenlFamily = {
    name: GENL_EX_FAMILY,
    version: GENL_EX_VERSION,
    maxattr: DOC_EXMPL_A_MAX,
    policy: { [DOC_EXMPL_A_MSG]: { type: 'nul_string', len: GENL_EX_MSG_MAX } },
    mcgrps: [{ name: GENL_EX_GROUP }],
    ops: [{
      cmd: DOC_EXMPL_C_ECHO,
      async doit(_skb, info) {
        const a = info.attrs[DOC_EXMPL_A_MSG];
        if (!a) return -EINVAL;
        const text = nla_get_string(a);
        pr_info(`genl_ex: port ${info.snd_portid}: ${text}`);
        const r = await genlmsg_reply(genlmsg_build(0, info.snd_seq, family, 0, DOC_EXMPL_C_ECHO,
          [nla_string(DOC_EXMPL_A_MSG, `kernel echoes: ${text}`)]), info);
        if (r < 0) return r;
        genlmsg_multicast(family, genlmsg_build(0, 0, family, 0, DOC_EXMPL_C_ECHO,
          [nla_string(DOC_EXMPL_A_MSG, `port ${info.snd_portid} said: ${text}`)]), 0, 0);
        return 0;
      },
    }],
  };
  return {
    license: 'GPL',
    author: 'urfs',
    description: 'Generic netlink demo: family CONTROL_EXMPL, command ECHO, attribute MSG',
    init(): number {
      const r = genl_register_family(family);
      if (r) return r;
      pr_info(`genl_ex: family ${family.name} has id ${family.id}, group ${GENL_EX_GROUP} is ${family.mcgrp_offset}`);
      return 0;
    },
    exit(): void {
      genl_unregister_family(family);
    },
  };
}
