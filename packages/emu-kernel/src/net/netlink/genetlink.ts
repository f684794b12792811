// Generic netlink (net/netlink/genetlink.c): families multiplexed over NETLINK_GENERIC, each with a
// dynamic id, ops per command, an attribute policy and multicast groups; the controller family
// "nlctrl" (id 0x10) resolves a family name to its id and groups.
import { EEXIST, EINVAL, ENOENT, EOPNOTSUPP, ERANGE, EPERM } from '../../uapi/errno.js';
import { NETLINK_GENERIC, type NlMsg } from '../../uapi/netlink.js';
import {
  GENL_HDRLEN, GENL_ID_CTRL, GENL_MAX_ID, GENL_NAMSIZ, CTRL_CMD_GETFAMILY, CTRL_CMD_NEWFAMILY, CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION, CTRL_ATTR_HDRSIZE, CTRL_ATTR_MAXATTR, CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS, CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID, genlmsghdr, nla_split,
  nla_nested, nla_string, nla_u16, nla_u32, nla_get_string, concat, type NlAttr,
} from '../../uapi/genetlink.js';
import { netlink_kernel_create, netlink_broadcast, SkBuff, NL_CFG_F_NONROOT_RECV, type NetlinkSock } from './af_netlink.js';
import { netlink_rcv_skb, nlmsg_new_msg, nlmsg_unicast } from './nlmsg.js';
import { pr_err } from '../../kernel/printk.js';

export const GENL_ADMIN_PERM = 0x01;

/** struct nla_policy: the type an attribute must have; `len` is the longest string or binary. */
export interface NlaPolicy {
  type: 'u8' | 'u16' | 'u32' | 'u64' | 'string' | 'nul_string' | 'flag' | 'binary' | 'nested';
  len?: number;
}
const FIXED: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, flag: 0 };

/**
 * nla_parse: attributes indexed by type, each checked against `policy`. A malformed attribute (nla_len
 * short or past the end) or a type above `maxtype` is EINVAL; a fixed-size attribute of the wrong size, a
 * string longer than its `len`, or a NUL string without its NUL is ERANGE.
 */
export function nla_parse(b: Uint8Array, maxtype: number, policy: Record<number, NlaPolicy> | undefined):
  (NlAttr | undefined)[] | number {
  const list = nla_split(b);
  if (!list) return -EINVAL;
  const tb: (NlAttr | undefined)[] = new Array(maxtype + 1);
  for (const a of list) {
    if (a.nla_type === 0 || a.nla_type > maxtype) return -EINVAL;
    const p = policy?.[a.nla_type];
    if (p) {
      const fixed = FIXED[p.type];
      if (fixed !== undefined && a.data.length !== fixed) return -ERANGE;
      if (p.type === 'nul_string') {
        const z = a.data.indexOf(0);
        if (z < 0) return -EINVAL;
        if (p.len !== undefined && z > p.len) return -ERANGE;
      }
      if ((p.type === 'string' || p.type === 'binary') && p.len !== undefined) {
        const z = a.data.indexOf(0);
        const n = p.type === 'string' && z >= 0 ? z : a.data.length;
        if (n > p.len) return -ERANGE;
      }
    }
    tb[a.nla_type] = a;
  }
  return tb;
}

/** struct genl_info: what a doit gets. */
export interface GenlInfo {
  snd_portid: number;
  snd_seq: number;
  nlhdr: NlMsg;
  cmd: number;
  version: number;
  attrs: (NlAttr | undefined)[];
  family: GenlFamily;
}
export interface GenlOps {
  cmd: number;
  flags?: number;
  doit(skb: SkBuff, info: GenlInfo): number | Promise<number>;
}
export interface GenlMulticastGroup {
  name: string;
}
/** struct genl_family. `id` and `mcgrp_offset` are set by genl_register_family. */
export interface GenlFamily {
  name: string;
  version: number;
  hdrsize?: number;
  maxattr: number;
  policy?: Record<number, NlaPolicy>;
  ops: GenlOps[];
  mcgrps?: GenlMulticastGroup[];
  id?: number;
  mcgrp_offset?: number;
}

let genl_sock: NetlinkSock | null = null;
const families = new Map<number, GenlFamily>();
let next_group = 2;

function family_by_name(name: string): GenlFamily | undefined {
  for (const f of families.values()) if (f.name === name) return f;
  return undefined;
}

/** genl_register_family: a dynamic id (from 0x11) and global numbers for its multicast groups. */
export function genl_register_family(family: GenlFamily): number {
  if (!family.name || family.name.length >= GENL_NAMSIZ) return -EINVAL;
  if (family_by_name(family.name)) return -EEXIST;
  const cmds = new Set<number>();
  for (const op of family.ops) {
    if (cmds.has(op.cmd)) return -EINVAL;
    cmds.add(op.cmd);
  }
  let id = GENL_ID_CTRL;
  if (family.name !== 'nlctrl') {
    id = GENL_ID_CTRL + 1;
    while (families.has(id)) id++;
    if (id > GENL_MAX_ID) return -ENOMEM_;
  }
  const ngroups = family.mcgrps?.length ?? 0;
  if (next_group + ngroups - 1 > 32) return -ENOMEM_; // the groups of NETLINK_GENERIC
  family.id = id;
  family.mcgrp_offset = family.name === 'nlctrl' ? 1 : next_group;
  if (family.name !== 'nlctrl') next_group += ngroups;
  families.set(id, family);
  return 0;
}
const ENOMEM_ = 12;

/** genl_unregister_family. Its group numbers are not reused (Linux keeps them too). */
export function genl_unregister_family(family: GenlFamily): number {
  if (family.id === undefined || families.get(family.id) !== family) return -ENOENT;
  families.delete(family.id);
  family.id = undefined;
  return 0;
}

/** genlmsg_put + the attributes: one whole generic netlink message. */
export function genlmsg_build(portid: number, seq: number, family: GenlFamily, flags: number, cmd: number,
  attrs: Uint8Array[]): Uint8Array {
  return nlmsg_new_msg(portid, seq, family.id ?? 0, flags, concat([genlmsghdr(cmd, family.version), ...attrs]));
}
/** genlmsg_reply: the answer to the request `info` describes. */
export function genlmsg_reply(msg: Uint8Array, info: GenlInfo): Promise<number> {
  return genlmsg_unicast(msg, info.snd_portid);
}
export function genlmsg_unicast(msg: Uint8Array, portid: number): Promise<number> {
  if (!genl_sock) return Promise.resolve(-EINVAL);
  return nlmsg_unicast(genl_sock, new SkBuff(msg), portid);
}
/** genlmsg_multicast: to the family's group `group` (an index into its mcgrps). */
export function genlmsg_multicast(family: GenlFamily, msg: Uint8Array, portid: number, group: number): number {
  if (!genl_sock || family.mcgrp_offset === undefined || group < 0 || group >= (family.mcgrps?.length ?? 0)) return -EINVAL;
  return netlink_broadcast(genl_sock, new SkBuff(msg), portid, family.mcgrp_offset + group);
}

async function genl_rcv_msg(skb: SkBuff, nlh: NlMsg): Promise<number> {
  const family = families.get(nlh.nlmsg_type);
  if (!family) return -ENOENT;
  const hdrlen = GENL_HDRLEN + (family.hdrsize ?? 0);
  if (nlh.payload.length < hdrlen) return -EINVAL;
  const cmd = nlh.payload[0], version = nlh.payload[1];
  const op = family.ops.find((o) => o.cmd === cmd);
  if (!op) return -EOPNOTSUPP;
  if (op.flags && op.flags & GENL_ADMIN_PERM && skb.sk?.cred && skb.sk.cred.euid !== 0) return -EPERM;
  const attrs = nla_parse(nlh.payload.subarray(hdrlen), family.maxattr, family.policy);
  if (typeof attrs === 'number') return attrs;
  return op.doit(skb, { snd_portid: skb.portid, snd_seq: nlh.nlmsg_seq, nlhdr: nlh, cmd, version, attrs, family });
}

const ctrl_family: GenlFamily = {
  name: 'nlctrl',
  version: 2,
  maxattr: CTRL_ATTR_MCAST_GROUPS,
  policy: { [CTRL_ATTR_FAMILY_ID]: { type: 'u16' }, [CTRL_ATTR_FAMILY_NAME]: { type: 'nul_string', len: GENL_NAMSIZ - 1 } },
  mcgrps: [{ name: 'notify' }],
  ops: [{
    cmd: CTRL_CMD_GETFAMILY,
    doit(_skb, info) {
      const byName = info.attrs[CTRL_ATTR_FAMILY_NAME];
      const byId = info.attrs[CTRL_ATTR_FAMILY_ID];
      let f: GenlFamily | undefined;
      if (byName) f = family_by_name(nla_get_string(byName));
      else if (byId) f = families.get(new DataView(byId.data.buffer, byId.data.byteOffset).getUint16(0, true));
      else return -EINVAL;
      if (!f) return -ENOENT;
      const attrs = [nla_u16(CTRL_ATTR_FAMILY_ID, f.id!), nla_string(CTRL_ATTR_FAMILY_NAME, f.name),
        nla_u32(CTRL_ATTR_VERSION, f.version), nla_u32(CTRL_ATTR_HDRSIZE, f.hdrsize ?? 0), nla_u32(CTRL_ATTR_MAXATTR, f.maxattr),
        nla_nested(CTRL_ATTR_OPS, f.ops.map((o, i) => nla_nested(i + 1, [nla_u32(CTRL_ATTR_OP_ID, o.cmd), nla_u32(CTRL_ATTR_OP_FLAGS, o.flags ?? 0)])))];
      if (f.mcgrps?.length) {
        attrs.push(nla_nested(CTRL_ATTR_MCAST_GROUPS, f.mcgrps.map((g, i) =>
          nla_nested(i + 1, [nla_u32(CTRL_ATTR_MCAST_GRP_ID, f!.mcgrp_offset! + i), nla_string(CTRL_ATTR_MCAST_GRP_NAME, g.name)]))));
      }
      return genlmsg_reply(genlmsg_build(0, info.snd_seq, ctrl_family, 0, CTRL_CMD_NEWFAMILY, attrs), info);
    },
  }],
};

/** Boot: the NETLINK_GENERIC kernel socket and the controller family. */
export function genl_init(): void {
  families.clear();
  next_group = 2;
  genl_sock = netlink_kernel_create(NETLINK_GENERIC, {
    groups: 32,
    flags: NL_CFG_F_NONROOT_RECV,
    input: async (skb) => void (await netlink_rcv_skb(genl_sock!, skb, genl_rcv_msg)),
  });
  if (!genl_sock) pr_err('genetlink: cannot create NETLINK_GENERIC');
  genl_register_family(ctrl_family);
}

