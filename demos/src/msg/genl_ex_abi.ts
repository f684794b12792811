// The generic netlink family genl_ex registers, shared with genl_user.
export const GENL_EX_FAMILY = 'CONTROL_EXMPL';
export const GENL_EX_VERSION = 1;
/** Commands. */
export const DOC_EXMPL_C_UNSPEC = 0, DOC_EXMPL_C_ECHO = 1;
/** Attributes: MSG is a NUL-terminated string of at most GENL_EX_MSG_MAX bytes. */
export const DOC_EXMPL_A_UNSPEC = 0, DOC_EXMPL_A_MSG = 1, DOC_EXMPL_A_MAX = 1;
export const GENL_EX_MSG_MAX = 256;
/** The family's one multicast group: every echo is announced there. */
export const GENL_EX_GROUP = 'exmpl_events';
