// The protocol netlink_ex speaks, shared by the module and its programs.
import { NETLINK_USER, NLMSG_MIN_TYPE } from '@urfs/emu-kernel/uapi/netlink';

/** The netlink unit (protocol number) netlink_ex registers. */
export const NETLINK_EX = NETLINK_USER;
/** Request: the payload is text; the reply is "kernel got: TEXT", and group 1 hears of it. */
export const NLEX_ECHO = NLMSG_MIN_TYPE;
/** Request: a multipart reply of three items ended by NLMSG_DONE. */
export const NLEX_DUMP = NLMSG_MIN_TYPE + 1;
/** What group NLEX_GROUP listeners receive. */
export const NLEX_EVENT = NLMSG_MIN_TYPE + 2;
export const NLEX_GROUP = 1;

export function nlex_type_name(t: number): string {
  return ({ 1: 'NLMSG_NOOP', 2: 'NLMSG_ERROR', 3: 'NLMSG_DONE', 4: 'NLMSG_OVERRUN', [NLEX_ECHO]: 'NLEX_ECHO',
    [NLEX_DUMP]: 'NLEX_DUMP', [NLEX_EVENT]: 'NLEX_EVENT' } as Record<number, string>)[t] ?? `type ${t}`;
}
