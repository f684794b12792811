// relay_ex's device, ioctls and files, shared with relay_user.
export const RELAY_EX_DEV = '/dev/relay_ex';
export const RELAY_EX_DIR = '/sys/kernel/debug/relay_ex';
/** _IO('r', 1): write `arg` records; _IO('r', 2): relay_flush. */
export const RELAY_EX_WRITE = 0x7201, RELAY_EX_FLUSH = 0x7202;
export const RELAY_EX_MAX_RECORDS = 10000;
