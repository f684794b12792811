// Generic netlink (include/uapi/linux/genetlink.h) and netlink attributes (struct nlattr): the layouts
// and the small builders/parsers both the kernel and programs use.
export const GENL_HDRLEN = 4;
export const GENL_ID_CTRL = 0x10, GENL_MIN_ID = GENL_ID_CTRL, GENL_MAX_ID = 1023;
export const GENL_NAMSIZ = 16;
export const CTRL_CMD_NEWFAMILY = 1, CTRL_CMD_DELFAMILY = 2, CTRL_CMD_GETFAMILY = 3;
export const CTRL_ATTR_FAMILY_ID = 1, CTRL_ATTR_FAMILY_NAME = 2, CTRL_ATTR_VERSION = 3, CTRL_ATTR_HDRSIZE = 4,
  CTRL_ATTR_MAXATTR = 5, CTRL_ATTR_OPS = 6, CTRL_ATTR_MCAST_GROUPS = 7;
export const CTRL_ATTR_OP_ID = 1, CTRL_ATTR_OP_FLAGS = 2;
export const CTRL_ATTR_MCAST_GRP_NAME = 1, CTRL_ATTR_MCAST_GRP_ID = 2;
export const NLA_HDRLEN = 4, NLA_ALIGNTO = 4, NLA_F_NESTED = 0x8000, NLA_TYPE_MASK = 0x3fff;
export const NLA_ALIGN = (n: number): number => (n + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);

const enc = new TextEncoder(), dec = new TextDecoder();

/** struct genlmsghdr: cmd u8, version u8, reserved u16. */
export function genlmsghdr(cmd: number, version: number): Uint8Array {
  return new Uint8Array([cmd & 0xff, version & 0xff, 0, 0]);
}

/** One attribute, padded. */
export function nla(type: number, payload: Uint8Array): Uint8Array {
  const len = NLA_HDRLEN + payload.length;
  const b = new Uint8Array(NLA_ALIGN(len));
  const v = new DataView(b.buffer);
  v.setUint16(0, len, true);
  v.setUint16(2, type, true);
  b.set(payload, NLA_HDRLEN);
  return b;
}
export const nla_string = (type: number, s: string): Uint8Array => nla(type, enc.encode(s + '\0'));
export function nla_u32(type: number, x: number): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, x >>> 0, true);
  return nla(type, p);
}
export function nla_u16(type: number, x: number): Uint8Array {
  const p = new Uint8Array(2);
  new DataView(p.buffer).setUint16(0, x & 0xffff, true);
  return nla(type, p);
}
export function concat(parts: Uint8Array[]): Uint8Array {
  const b = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    b.set(p, off);
    off += p.length;
  }
  return b;
}
export const nla_nested = (type: number, attrs: Uint8Array[]): Uint8Array => nla(type | NLA_F_NESTED, concat(attrs));

export interface NlAttr {
  nla_type: number;
  data: Uint8Array;
}
/** The attributes of a buffer in order, or null when an nla_len is short or runs past the end. */
export function nla_split(b: Uint8Array): NlAttr[] | null {
  const out: NlAttr[] = [];
  let off = 0;
  while (off + NLA_HDRLEN <= b.length) {
    const v = new DataView(b.buffer, b.byteOffset + off);
    const len = v.getUint16(0, true), type = v.getUint16(2, true);
    if (len < NLA_HDRLEN || off + len > b.length) return null;
    out.push({ nla_type: type & NLA_TYPE_MASK, data: b.subarray(off + NLA_HDRLEN, off + len) });
    off += NLA_ALIGN(len);
  }
  return off >= b.length ? out : null;
}
export const nla_get_u32 = (a: NlAttr): number => new DataView(a.data.buffer, a.data.byteOffset).getUint32(0, true);
export const nla_get_u16 = (a: NlAttr): number => new DataView(a.data.buffer, a.data.byteOffset).getUint16(0, true);
export function nla_get_string(a: NlAttr): string {
  const z = a.data.indexOf(0);
  return dec.decode(z >= 0 ? a.data.subarray(0, z) : a.data);
}
