// The interface of /dev/ioctl_ex shared by the driver (ioctl_ex) and its program (ioctl_user), as a C
// driver's header would be: the ioctl commands, built with the _IO/_IOR/_IOW/_IOWR encoding, and sizes.
import { _IO, _IOR, _IOW, _IOWR } from '@urfs/emu-kernel/uapi/ioctl';

export const IOCTL_EX_NAME = 'ioctl_ex';
/** Size of a message either way, NUL included (the command encodes it). */
export const IOCTL_EX_MSG_SIZE = 200;
export const IOCTL_EX_MAGIC = 'k';

/** Forgets both messages. */
export const IOCTL_EX_RESET = _IO(IOCTL_EX_MAGIC, 0);
/** Copies the kernel's message to the user's 200-byte buffer. */
export const IOCTL_EX_GET_MSG = _IOR(IOCTL_EX_MAGIC, 1, IOCTL_EX_MSG_SIZE);
/** Gives the kernel a message (200-byte buffer, NUL-terminated); readers of the device are woken. */
export const IOCTL_EX_SET_MSG = _IOW(IOCTL_EX_MAGIC, 2, IOCTL_EX_MSG_SIZE);
/** Sends a message and gets the kernel's answer in the same buffer. */
export const IOCTL_EX_XCHG = _IOWR(IOCTL_EX_MAGIC, 3, IOCTL_EX_MSG_SIZE);
/** Arms a timer: `arg` milliseconds later the kernel posts a message and wakes pollers. */
export const IOCTL_EX_POST_LATER = _IO(IOCTL_EX_MAGIC, 4);

/** The answer IOCTL_EX_XCHG gives. */
export function ioctl_ex_reply(msg: string): string {
  return `kernel got ${new TextEncoder().encode(msg).length} bytes: "${msg}"`;
}
