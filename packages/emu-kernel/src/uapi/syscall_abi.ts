// The "syscall instruction" of this machine: a small shared control block per process.
// User side: writes nr and six args, sets STATE to REQUEST, notifies, and waits while STATE is REQUEST.
// Kernel side: waits (Atomics.waitAsync) for REQUEST, runs the call, writes RET, sets STATE to REPLY.
// Arguments travel as float64 so 53-bit values (offsets, 64-bit ids within range) pass unharmed; they must
// be integers: a call with NaN, an infinity or a fraction in any argument fails with EINVAL.

export const CTRL_BYTES = 128;
/** Int32 index of the state word. */
export const CTRL_STATE = 0;
/** Int32 index of the "signal pending for a user handler" flag, set by the kernel. */
export const CTRL_SIGPENDING = 1;
/** Float64 index of the syscall number; the six arguments follow it. */
export const CTRL_NR = 1;
export const CTRL_ARG0 = 2;
/** Float64 index of the return value. */
export const CTRL_RET = 8;

export const STATE_IDLE = 0, STATE_REQUEST = 1, STATE_REPLY = 2;
/** Set by the kernel when the process is gone: the user side must stop at once. */
export const STATE_DEAD = 3;

/** The message the kernel posts to a thread that should look for pending signals outside a syscall. */
export const MSG_SIGNAL = 'emu:signal';
