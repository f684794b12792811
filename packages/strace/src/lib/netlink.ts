// Netlink messages as strace decodes them: each nlmsghdr, then its payload; for generic netlink the
// genlmsghdr and the attributes (the controller's by name, a family's id by the name the controller gave).
import {
  NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, NLMSG_OVERRUN, NLMSG_ALIGN, NETLINK_GENERIC,
  NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO,
} from '@urfs/emu-kernel/uapi/netlink';
import {
  GENL_HDRLEN, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, CTRL_CMD_DELFAMILY, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION, CTRL_ATTR_HDRSIZE, NLA_HDRLEN, NLA_ALIGN, NLA_TYPE_MASK, NLA_F_NESTED,
} from '@urfs/emu-kernel/uapi/genetlink';
import { errname } from '@urfs/emu-kernel/uapi/errno';
import { flags, hex, quote, xlat, type Xlat } from './format.js';
import { s32, u16, u32 } from './memory.js';

const NLMSG_TYPES: Xlat = [[NLMSG_NOOP, 'NLMSG_NOOP'], [NLMSG_ERROR, 'NLMSG_ERROR'], [NLMSG_DONE, 'NLMSG_DONE'],
  [NLMSG_OVERRUN, 'NLMSG_OVERRUN']];
const NLM_FLAGS: Xlat = [[NLM_F_REQUEST, 'NLM_F_REQUEST'], [NLM_F_MULTI, 'NLM_F_MULTI'], [NLM_F_ACK, 'NLM_F_ACK'],
  [NLM_F_ECHO, 'NLM_F_ECHO'], [0x10, 'NLM_F_DUMP_INTR'], [0x20, 'NLM_F_DUMP_FILTERED'], [0x300, 'NLM_F_DUMP'],
  [0x100, 'NLM_F_ROOT'], [0x200, 'NLM_F_MATCH'], [0x400, 'NLM_F_EXCL'], [0x800, 'NLM_F_CREATE']];
const CTRL_CMDS: Xlat = [[CTRL_CMD_NEWFAMILY, 'CTRL_CMD_NEWFAMILY'], [CTRL_CMD_DELFAMILY, 'CTRL_CMD_DELFAMILY'],
  [CTRL_CMD_GETFAMILY, 'CTRL_CMD_GETFAMILY']];
const CTRL_ATTRS: Xlat = [[CTRL_ATTR_FAMILY_ID, 'CTRL_ATTR_FAMILY_ID'], [CTRL_ATTR_FAMILY_NAME, 'CTRL_ATTR_FAMILY_NAME'],
  [CTRL_ATTR_VERSION, 'CTRL_ATTR_VERSION'], [CTRL_ATTR_HDRSIZE, 'CTRL_ATTR_HDRSIZE'], [5, 'CTRL_ATTR_MAXATTR'],
  [6, 'CTRL_ATTR_OPS'], [7, 'CTRL_ATTR_MCAST_GROUPS']];

/** Generic netlink family ids learnt from the controller's answers, so later messages show the name. */
export class GenlFamilies {
  private readonly names = new Map<number, string>([[GENL_ID_CTRL, 'nlctrl']]);
  name(id: number): string | undefined {
    return this.names.get(id);
  }
  learn(id: number, name: string): void {
    this.names.set(id, name);
  }
}

interface Attr { type: number; nested: boolean; data: Uint8Array }

function split_attrs(b: Uint8Array): Attr[] | null {
  const out: Attr[] = [];
  let off = 0;
  while (off + NLA_HDRLEN <= b.length) {
    const len = u16(b, off), type = u16(b, off + 2);
    if (len < NLA_HDRLEN || off + len > b.length) return null;
    out.push({ type: type & NLA_TYPE_MASK, nested: !!(type & NLA_F_NESTED), data: b.subarray(off + NLA_HDRLEN, off + len) });
    off += NLA_ALIGN(len);
  }
  return off >= b.length ? out : null;
}

function attr_value(a: Attr, ctrl: boolean, strsize: number): string {
  if (ctrl && a.type === CTRL_ATTR_FAMILY_NAME) return quote(trim_nul(a.data), strsize);
  if (a.data.length === 2) return String(u16(a.data, 0));
  if (a.data.length === 4) return String(u32(a.data, 0));
  return quote(a.data, strsize);
}

const trim_nul = (b: Uint8Array): Uint8Array => (b.length && b[b.length - 1] === 0 ? b.subarray(0, b.length - 1) : b);

function format_attrs(attrs: Attr[], ctrl: boolean, strsize: number): string {
  return '[' + attrs.map((a) => {
    const type = ctrl ? xlat(CTRL_ATTRS, a.type, hex(a.type)) : hex(a.type);
    const head = `{nla_len=${a.data.length + NLA_HDRLEN}, nla_type=${a.nested ? 'NLA_F_NESTED|' : ''}${type}}`;
    return `[${head}, ${attr_value(a, ctrl, strsize)}]`;
  }).join(', ') + ']';
}

function genl_payload(b: Uint8Array, family: number, families: GenlFamilies, strsize: number): string {
  if (b.length < GENL_HDRLEN) return quote(b, strsize);
  const ctrl = family === GENL_ID_CTRL;
  const cmd = b[0], version = b[1];
  const head = `{cmd=${ctrl ? xlat(CTRL_CMDS, cmd, hex(cmd)) : hex(cmd)}, version=${ctrl ? version : hex(version)}}`;
  const body = b.subarray(GENL_HDRLEN);
  if (!body.length) return head;
  const attrs = split_attrs(body);
  if (!attrs) return `${head}, ${quote(body, strsize)}`;
  if (ctrl) {
    const id = attrs.find((a) => a.type === CTRL_ATTR_FAMILY_ID && a.data.length >= 2);
    const name = attrs.find((a) => a.type === CTRL_ATTR_FAMILY_NAME);
    if (id && name) families.learn(u16(id.data, 0), new TextDecoder().decode(trim_nul(name.data)));
  }
  return `${head}, ${format_attrs(attrs, ctrl, strsize)}`;
}

function header(b: Uint8Array, off: number, protocol: number, families: GenlFamilies): string {
  const len = u32(b, off), type = u16(b, off + 4), fl = u16(b, off + 6), seq = u32(b, off + 8), pid = u32(b, off + 12);
  let tname = xlat(NLMSG_TYPES, type, '');
  if (!tname) tname = (protocol === NETLINK_GENERIC && families.name(type)) || `${hex(type)} /* NLMSG_??? */`;
  return `{nlmsg_len=${len}, nlmsg_type=${tname}, nlmsg_flags=${flags(NLM_FLAGS, fl)}, nlmsg_seq=${seq}, nlmsg_pid=${pid}}`;
}

function one_message(b: Uint8Array, off: number, len: number, protocol: number, families: GenlFamilies, strsize: number): string {
  const type = u16(b, off + 4);
  const head = header(b, off, protocol, families);
  const payload = b.subarray(off + NLMSG_HDRLEN, off + len);
  if (type === NLMSG_DONE) return payload.length >= 4 ? `[${head}, ${s32(payload, 0)}]` : head;
  if (type === NLMSG_ERROR && payload.length >= 4) {
    const err = s32(payload, 0);
    const e = err < 0 ? `-${errname(-err)}` : String(err);
    const inner = payload.length >= 4 + NLMSG_HDRLEN ? `, msg=${header(payload, 4, protocol, families)}` : '';
    return `[${head}, {error=${e}${inner}}]`;
  }
  if (!payload.length) return head;
  if (protocol === NETLINK_GENERIC && type >= GENL_ID_CTRL) return `[${head}, ${genl_payload(payload, type, families, strsize)}]`;
  return `[${head}, ${quote(payload, strsize)}]`;
}

/** The netlink messages in `b` (a sendmsg's or recvmsg's data) of protocol `protocol`, strace-style. */
export function format_netlink(b: Uint8Array, protocol: number, families: GenlFamilies, strsize: number): string {
  const msgs: string[] = [];
  let off = 0;
  while (off + NLMSG_HDRLEN <= b.length) {
    const len = u32(b, off);
    if (len < NLMSG_HDRLEN || off + len > b.length) break;
    msgs.push(one_message(b, off, len, protocol, families, strsize));
    off += NLMSG_ALIGN(len);
  }
  if (!msgs.length) return quote(b, strsize);
  const rest = off < b.length ? `, ${quote(b.subarray(off), strsize)}` : '';
  return msgs.length === 1 && !rest ? msgs[0] : `[${msgs.join(', ')}${rest}]`;
}
