// The errnos af_netlink answers with (ESOCKTNOSUPPORT is missing from uapi/errno.ts).
export { EADDRINUSE, EAGAIN, ECONNREFUSED, EINVAL, EMSGSIZE, EPERM, EPROTONOSUPPORT, ESRCH, ERESTARTSYS } from '../../uapi/errno.js';
/** ESOCKTNOSUPPORT: socket type not supported. */
export const ESOCKTNOSUPPORT_ = 94;
