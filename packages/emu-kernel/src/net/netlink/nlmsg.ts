// Building and taking apart netlink messages in the kernel (include/net/netlink.h, netlink_rcv_skb and
// netlink_ack from af_netlink.c).
import { EINVAL, EINTR } from '../../uapi/errno.js';
import {
  NLMSG_HDRLEN, NLMSG_ALIGN, NLMSG_LENGTH, NLMSG_ERROR, NLMSG_DONE, NLMSG_MIN_TYPE, NLM_F_REQUEST, NLM_F_ACK,
  NLM_F_MULTI, NLM_F_CAPPED, nlmsghdr_write, nlmsg_parse_all, type NlMsg, type NlMsgHdr,
} from '../../uapi/netlink.js';
import { SkBuff, netlink_unicast, type NetlinkSock } from './af_netlink.js';

/** A message to send: header fields and payload (nlmsg_len is computed). */
export function nlmsg_new_msg(portid: number, seq: number, type: number, flags: number, payload: Uint8Array): Uint8Array {
  const len = NLMSG_LENGTH(payload.length);
  const b = new Uint8Array(NLMSG_ALIGN(len));
  nlmsghdr_write(b, 0, { nlmsg_len: len, nlmsg_type: type, nlmsg_flags: flags, nlmsg_seq: seq, nlmsg_pid: portid });
  b.set(payload, NLMSG_HDRLEN);
  return b;
}

/** An skb holding the concatenation of messages (a multipart reply in one datagram). */
export function nlmsg_skb(...msgs: Uint8Array[]): SkBuff {
  const total = msgs.reduce((a, m) => a + m.length, 0);
  const b = new Uint8Array(total);
  let off = 0;
  for (const m of msgs) {
    b.set(m, off);
    off += m.length;
  }
  return new SkBuff(b);
}

/** nlmsg_unicast: `skb` to `portid`, non-blocking (a full receiver is the receiver's problem: -EAGAIN). */
export function nlmsg_unicast(ssk: NetlinkSock, skb: SkBuff, portid: number): Promise<number> {
  return netlink_unicast(ssk, skb, portid, true).then((r) => (r > 0 ? 0 : r));
}

/** NLMSG_DONE ending a multipart reply: its payload is the int status (0). */
export function nlmsg_done(portid: number, seq: number): Uint8Array {
  return nlmsg_new_msg(portid, seq, NLMSG_DONE, NLM_F_MULTI, new Uint8Array(4));
}

/**
 * netlink_ack: NLMSG_ERROR with `err` (0: an acknowledgement) and the request's header, followed by its
 * payload too when it is an error (unless the socket asked for capped acks, which this one never does).
 */
export async function netlink_ack(ssk: NetlinkSock, in_portid: number, nlh: NlMsgHdr, payload: Uint8Array | null,
  err: number): Promise<number> {
  const orig = err && payload ? payload : new Uint8Array(0);
  const body = new Uint8Array(4 + NLMSG_HDRLEN + orig.length);
  new DataView(body.buffer).setInt32(0, err, true);
  nlmsghdr_write(body, 4, nlh);
  body.set(orig, 4 + NLMSG_HDRLEN);
  const flags = err && payload ? 0 : NLM_F_CAPPED;
  return nlmsg_unicast(ssk, new SkBuff(nlmsg_new_msg(in_portid, nlh.nlmsg_seq, NLMSG_ERROR, flags, body)), in_portid);
}

export type NetlinkRcvCb = (skb: SkBuff, nlh: NlMsg) => number | Promise<number>;

/**
 * netlink_rcv_skb: runs `cb` for each message of a datagram from user space and answers NLMSG_ERROR
 * when `cb` fails or an ACK was asked for. Requests without NLM_F_REQUEST and control messages (type below
 * NLMSG_MIN_TYPE) are acknowledged, not passed on. Unlike Linux, which drops the rest of a datagram with
 * a short or lying nlmsg_len in silence, the sender gets NLMSG_ERROR EINVAL for it (with the header as
 * far as it could be read), so the mistake is visible.
 */
export async function netlink_rcv_skb(ssk: NetlinkSock, skb: SkBuff, cb: NetlinkRcvCb): Promise<number> {
  const { msgs, bad } = nlmsg_parse_all(skb.data);
  for (const m of msgs) {
    let err = 0;
    if (m.nlmsg_flags & NLM_F_REQUEST && m.nlmsg_type >= NLMSG_MIN_TYPE) {
      err = await cb(skb, m);
      if (err === -EINTR) continue;
    }
    if (m.nlmsg_flags & NLM_F_ACK || err) await netlink_ack(ssk, skb.portid, m, m.payload, err);
  }
  if (bad) {
    const h: NlMsgHdr = bad === 'short'
      ? { nlmsg_len: skb.len - msgs.reduce((a, m) => a + NLMSG_ALIGN(m.nlmsg_len), 0), nlmsg_type: 0, nlmsg_flags: 0, nlmsg_seq: 0, nlmsg_pid: 0 }
      : bad;
    await netlink_ack(ssk, skb.portid, h, null, -EINVAL);
    return -EINVAL;
  }
  return 0;
}
