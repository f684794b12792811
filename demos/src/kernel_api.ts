// The RFS API as kernel filters get it, plus the two data helpers liburfs also offers, so a filter's code
// (scramble_filter.ts) runs in the kernel and in user space with only this import changed.
import { copy_to_user, kernel_ptr, memdup_user } from '@urfs/emu-kernel/mm/uaccess';
import type { rfs_args } from '@urfs/redirfs/rfs';

export * from '@urfs/redirfs/rfs';
export * from '@urfs/redirfs/ops';
export {
  rfs_register_filter, rfs_unregister_filter, rfs_set_operations, rfs_activate_filter, rfs_deactivate_filter,
  rfs_set_mod_cb,
} from '@urfs/redirfs/filter';
export type { rfs_filter } from '@urfs/redirfs/filter';
export { rfs_set_path, rfs_rem_path, rfs_rem_paths } from '@urfs/redirfs/path';

/** The bytes a post-read got, or a pre-write is about to write, copied from the application. */
export function rfs_args_data(a: rfs_args): Uint8Array | null {
  if (a.op === 'read' && a.type.call === 'post' && a.retv > 0) {
    const d = memdup_user(a.args.buf, Math.min(a.retv, a.args.count));
    return typeof d === 'number' ? null : d;
  }
  if (a.op === 'write' && a.type.call === 'pre' && a.args.count > 0) {
    const d = memdup_user(a.args.buf, a.args.count);
    return typeof d === 'number' ? null : d;
  }
  return null;
}

/**
 * Puts changed bytes where they take effect: into the application's buffer after a read; for a write the
 * operation gets a kernel buffer instead (the application's memory stays as it was).
 */
export function rfs_args_set_data(a: rfs_args, d: Uint8Array): void {
  if (a.op === 'read') copy_to_user(a.args.buf, d);
  else if (a.op === 'write') a.args.buf = kernel_ptr(d);
}
