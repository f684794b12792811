// Netlink (include/uapi/linux/netlink.h): protocols, struct sockaddr_nl and struct nlmsghdr in their
// byte layout (little-endian, as on x86_64), with the NLMSG_* helpers both sides use.
export const NETLINK_ROUTE = 0, NETLINK_USERSOCK = 2, NETLINK_GENERIC = 16, NETLINK_USER = 31, MAX_LINKS = 32;
export const NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8, NLM_F_DUMP = 0x300,
  NLM_F_CAPPED = 0x100;
export const NLMSG_NOOP = 0x1, NLMSG_ERROR = 0x2, NLMSG_DONE = 0x3, NLMSG_OVERRUN = 0x4, NLMSG_MIN_TYPE = 0x10;
export const NLMSG_ALIGNTO = 4;
export const NLMSG_HDRLEN = 16;
/** struct sockaddr_nl: family u16, pad u16, pid u32, groups u32. */
export const SOCKADDR_NL_SIZE = 12;

export const NLMSG_ALIGN = (len: number): number => (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
export const NLMSG_LENGTH = (len: number): number => len + NLMSG_HDRLEN;
export const NLMSG_SPACE = (len: number): number => NLMSG_ALIGN(NLMSG_LENGTH(len));

export interface NlMsgHdr {
  nlmsg_len: number;
  nlmsg_type: number;
  nlmsg_flags: number;
  nlmsg_seq: number;
  nlmsg_pid: number;
}
/** One message of a buffer: its header and its payload (a view into the buffer). */
export interface NlMsg extends NlMsgHdr {
  payload: Uint8Array;
}

export function nlmsghdr_write(b: Uint8Array, off: number, h: NlMsgHdr): void {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  v.setUint32(off, h.nlmsg_len, true);
  v.setUint16(off + 4, h.nlmsg_type, true);
  v.setUint16(off + 6, h.nlmsg_flags, true);
  v.setUint32(off + 8, h.nlmsg_seq, true);
  v.setUint32(off + 12, h.nlmsg_pid, true);
}
export function nlmsghdr_read(b: Uint8Array, off: number): NlMsgHdr {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { nlmsg_len: v.getUint32(off, true), nlmsg_type: v.getUint16(off + 4, true), nlmsg_flags: v.getUint16(off + 6, true),
    nlmsg_seq: v.getUint32(off + 8, true), nlmsg_pid: v.getUint32(off + 12, true) };
}

/** One message: header (nlmsg_len filled in) and payload, padded to NLMSG_ALIGNTO. */
export function nlmsg_build(h: Omit<NlMsgHdr, 'nlmsg_len'>, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const len = NLMSG_LENGTH(payload.length);
  const b = new Uint8Array(NLMSG_ALIGN(len));
  nlmsghdr_write(b, 0, { ...h, nlmsg_len: len });
  b.set(payload, NLMSG_HDRLEN);
  return b;
}

/**
 * The messages of a datagram (NLMSG_OK / NLMSG_NEXT). `bad` is set when the rest could not be parsed:
 * fewer bytes than a header, or an nlmsg_len below the header size or beyond the datagram.
 */
export function nlmsg_parse_all(b: Uint8Array): { msgs: NlMsg[]; bad: NlMsgHdr | 'short' | null } {
  const msgs: NlMsg[] = [];
  let off = 0;
  while (off < b.length) {
    if (b.length - off < NLMSG_HDRLEN) return { msgs, bad: 'short' };
    const h = nlmsghdr_read(b, off);
    if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > b.length - off) return { msgs, bad: h };
    msgs.push({ ...h, payload: b.subarray(off + NLMSG_HDRLEN, off + h.nlmsg_len) });
    off += NLMSG_ALIGN(h.nlmsg_len);
  }
  return { msgs, bad: null };
}

export function sockaddr_nl(pid: number, groups: number): Uint8Array {
  const b = new Uint8Array(SOCKADDR_NL_SIZE);
  const v = new DataView(b.buffer);
  v.setUint16(0, 16, true); // AF_NETLINK
  v.setUint32(4, pid >>> 0, true);
  v.setUint32(8, groups >>> 0, true);
  return b;
}
export function sockaddr_nl_read(b: Uint8Array): { family: number; pid: number; groups: number } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { family: v.getUint16(0, true), pid: v.getUint32(4, true), groups: v.getUint32(8, true) };
}
