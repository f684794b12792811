// What an operation's result may be, so that no filter can hand an application a descriptor, a count or
// an error the operation itself could not have produced. A failure is always an errno Linux defines; a
// success is what the operation returns on success: a count no larger than asked for (read, write), a
// position (llseek), a mask (poll), an ioctl's int, and 0 for everything else. An open is special: its
// success means the file system opened the file, which only the operation itself can do, so a
// pre-callback that stops an open must fail it, and a post-callback may fail an open but never make a
// failed one succeed.
import { errno_valid } from '@urfs/emu-kernel/uapi/errno';
import type { VfsOp } from '@urfs/emu-kernel/fs/vfs_hook';
import type { rfs_op_args } from './rfs.js';

/** Largest result of an ioctl (an int). */
const INT_MAX = 0x7fffffff;
/** Poll masks are 16 bits. */
const POLL_MASK_MAX = 0xffff;

/**
 * Whether `retv` may become the result of the operation in `a`. `stopping`: a pre-callback that skips the
 * operation sets it; otherwise a post-callback replaces `a.retv`, the result so far.
 */
export function rfs_retv_valid<K extends VfsOp>(a: rfs_op_args<K>, retv: number, stopping: boolean): boolean {
  if (!Number.isSafeInteger(retv)) return false;
  if (retv < 0) return errno_valid(-retv);
  switch (a.op as VfsOp) {
    case 'open':
      return !stopping && a.retv >= 0 && retv === 0;
    case 'read':
    case 'write':
      return retv <= (a as rfs_op_args<'read' | 'write'>).args.count;
    case 'llseek':
      return true;
    case 'ioctl':
      return retv <= INT_MAX;
    case 'poll':
      return retv <= POLL_MASK_MAX;
    default:
      return retv === 0;
  }
}
