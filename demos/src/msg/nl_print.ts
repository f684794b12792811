// How netlink_user and nlmcast_user print a received datagram: one line per message.
import { NLMSG_ERROR, NLMSG_DONE, NLMSG_HDRLEN, nlmsg_parse_all, nlmsghdr_read, type NlMsg } from '@urfs/emu-kernel/uapi/netlink';
import { strerror } from '@urfs/emu-kernel/user/libc';
import { nlex_type_name } from './netlink_ex_abi.js';

const dec = new TextDecoder();

export function nl_describe(m: NlMsg): string {
  const head = `${nlex_type_name(m.nlmsg_type)} flags=0x${m.nlmsg_flags.toString(16)} seq=${m.nlmsg_seq} pid=${m.nlmsg_pid}`;
  if (m.nlmsg_type === NLMSG_ERROR && m.payload.length >= 4 + NLMSG_HDRLEN) {
    const err = new DataView(m.payload.buffer, m.payload.byteOffset).getInt32(0, true);
    const orig = nlmsghdr_read(m.payload, 4);
    const what = err ? `error ${err} (${strerror(-err)})` : 'ack';
    return `${head}: ${what} for ${nlex_type_name(orig.nlmsg_type)} seq=${orig.nlmsg_seq} len=${orig.nlmsg_len}`;
  }
  if (m.nlmsg_type === NLMSG_DONE) return `${head}: done`;
  return `${head}: "${dec.decode(m.payload)}"`;
}

/** The lines for a datagram, and whether it ended the exchange (an NLMSG_ERROR or NLMSG_DONE). */
export function nl_lines(data: Uint8Array): { lines: string[]; end: boolean; multi: boolean } {
  const { msgs, bad } = nlmsg_parse_all(data);
  const lines = msgs.map(nl_describe);
  if (bad) lines.push(`(${data.length}-byte datagram: unparsable rest)`);
  return { lines, end: msgs.some((m) => m.nlmsg_type === NLMSG_ERROR || m.nlmsg_type === NLMSG_DONE),
    multi: msgs.some((m) => (m.nlmsg_flags & 2) !== 0) };
}
