// The VFS hook and the callback chain (RedirFS's rfs_precall_flts / rfs_postcall_flts). One hook is
// installed when the framework starts. For each operation it finds the object, its type and so the
// operation id; when no active filter has a callback for that id, or none covers the object, the
// operation runs as if no hook were there. Otherwise the covering filters' pre-callbacks run by priority,
// then the operation, then the post-callbacks in reverse order.
import {
  vfs_set_hook, type VfsHook, type VfsOp, type VfsOpArgs, type VfsCaller, type VfsImpl,
} from '@urfs/emu-kernel/fs/vfs_hook';
import type { Dentry, VfsMount } from '@urfs/emu-kernel/fs/fs';
import { pr_err, pr_info, pr_warn } from '@urfs/emu-kernel/kernel/printk';
import { EBUSY, EIO } from '@urfs/emu-kernel/uapi/errno';
import { RFS_STOP, RFS_CONTINUE, type rfs_args, type rfs_op_args, type rfs_callback } from './rfs.js';
import { RFS_DIR, rfs_obj_type, rfs_op_id, rfs_op_name, type rfs_op_id as op_id_t } from './ops.js';
import { filters_reset, flt_list, flt_op_users, type filter } from './filter.js';
import { paths_reset, paths_count, path_filters } from './path.js';
import { context } from './context.js';

/** Where the object an operation acts on sits: its dentry and, when the VFS told us, its mount. */
interface Where {
  dentry: Dentry;
  mnt: VfsMount | null;
}

type TypeOf = { [K in VfsOp]: (a: VfsOpArgs[K]) => rfs_obj_type };
type WhereOf = { [K in VfsOp]: (a: VfsOpArgs[K], c: VfsCaller) => Where | null };

const file_type = (a: { file: { f_inode: { i_mode: number } } }) => rfs_obj_type(a.file.f_inode.i_mode);
const dir_type = (): rfs_obj_type => RFS_DIR;

/** The type of the object each operation acts on; for name operations that is the directory. */
const TYPE_OF: TypeOf = {
  lookup: dir_type, create: dir_type, mkdir: dir_type, mknod: dir_type, unlink: dir_type, rmdir: dir_type,
  rename: dir_type, link: dir_type, symlink: dir_type,
  permission: (a) => rfs_obj_type(a.inode.i_mode),
  setattr: (a) => rfs_obj_type(a.dentry.d_inode?.i_mode),
  open: file_type, release: file_type, read: file_type, write: file_type, llseek: file_type, readdir: file_type,
  flush: file_type, ioctl: file_type, poll: file_type, mmap: file_type,
};

/** The dentry with the caller's mount when the caller's path is that dentry (the VFS passes it so). */
function at(dentry: Dentry | null, c: VfsCaller): Where | null {
  if (!dentry) return null;
  return { dentry, mnt: c.path && c.path.dentry === dentry ? c.path.mnt : null };
}
const in_dir = (a: { dentry: Dentry }, c: VfsCaller) => at(a.dentry.d_parent, c);
const of_file = (a: { file: { f_path: { dentry: Dentry; mnt: VfsMount } } }) =>
  ({ dentry: a.file.f_path.dentry, mnt: a.file.f_path.mnt });

const WHERE_OF: WhereOf = {
  lookup: in_dir, create: in_dir, mkdir: in_dir, mknod: in_dir, unlink: in_dir, rmdir: in_dir, link: in_dir,
  symlink: in_dir,
  rename: (a, c) => at(a.old_dentry.d_parent, c),
  permission: (a, c) => at(a.dentry ?? (c.path && c.path.dentry.d_inode === a.inode ? c.path.dentry : null), c),
  setattr: (a, c) => at(a.dentry, c),
  open: of_file, release: of_file, read: of_file, write: of_file, llseek: of_file, readdir: of_file,
  flush: of_file, ioctl: of_file, poll: of_file, mmap: of_file,
};

interface State {
  /** The hook that was installed before ours: operations go on through it. */
  prev: VfsHook | null;
}
let state: State | null = null;

function lower<K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>): Promise<number> | number {
  const prev = state?.prev;
  return prev ? prev(op, args, caller, impl) : impl(args);
}

const redirfs_hook: VfsHook = <K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>) => {
  if (!state || !paths_count()) return lower(op, args, caller, impl);
  const id = rfs_op_id(op, (TYPE_OF[op] as (a: VfsOpArgs[K]) => rfs_obj_type)(args));
  if (id < 0 || !flt_op_users(id)) return lower(op, args, caller, impl);
  const where = (WHERE_OF[op] as (a: VfsOpArgs[K], c: VfsCaller) => Where | null)(args, caller);
  if (!where) return lower(op, args, caller, impl);
  const covering = path_filters(where.dentry, where.mnt);
  if (!covering.length) return lower(op, args, caller, impl);
  const chain = flt_list().filter((f) => f.f_active && f.has_cb(id) && covering.includes(f));
  if (!chain.length) return lower(op, args, caller, impl);
  return rfs_call_chain(chain, id, op, args, caller, impl);
};

async function run_cb<K extends VfsOp>(f: filter, cb: rfs_callback, cx: context, a: rfs_op_args<K>): Promise<number> {
  cx.cx_flt = f;
  try {
    return (await cb(cx, a as unknown as rfs_args)) === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
  } catch (e) {
    pr_err(`redirfs: ${f.name}: ${a.type.call}-callback of ${rfs_op_name(a.type.id)} failed: ` +
      (e instanceof Error ? e.message : String(e)));
    return RFS_CONTINUE;
  } finally {
    cx.cx_flt = null;
  }
}

/**
 * Runs one operation through its filter chain (sorted by priority). A filter takes part if it is active
 * when its turn in the pre-call phase comes; a pre-callback returning RFS_STOP ends that phase and skips
 * the operation (the filter has set retv); post-callbacks then run, in reverse, for the filters that took
 * part up to and including the one that stopped. Post-callbacks' return values are ignored.
 */
async function rfs_call_chain<K extends VfsOp>(chain: filter[], id: op_id_t, op: K, args: VfsOpArgs[K],
  caller: VfsCaller, impl: VfsImpl<K>): Promise<number> {
  const cx = new context(caller);
  const a: rfs_op_args<K> = { op, args, retv: 0, type: { id, call: 'pre' } };
  const took_part: filter[] = [];
  let stopped = false;
  for (const f of chain) {
    if (!f.f_active || !f.f_registered) continue;
    took_part.push(f);
    const cb = f.f_pre_cbs[id];
    if (!cb) continue;
    a.type = { id, call: 'pre' };
    if ((await run_cb(f, cb, cx, a)) === RFS_STOP) {
      stopped = true;
      break;
    }
  }
  if (!stopped) a.retv = await lower(op, a.args, caller, impl);
  for (let i = took_part.length - 1; i >= 0; i--) {
    const f = took_part[i];
    const cb = f.f_post_cbs[id];
    if (!cb || !f.f_registered) continue;
    a.type = { id, call: 'post' };
    await run_cb(f, cb, cx, a);
  }
  if (!Number.isSafeInteger(a.retv)) {
    pr_err(`redirfs: ${rfs_op_name(id)}: a filter left a bad return value (${String(a.retv)})`);
    return -EIO;
  }
  return a.retv;
}

/** Starts the framework: a fresh registry and the VFS hook. -EBUSY when it is already running. */
export function redirfs_init(): number {
  if (state) return -EBUSY;
  filters_reset();
  paths_reset();
  state = { prev: vfs_set_hook(redirfs_hook) };
  pr_info('Redirecting File System Framework (RedirFS) started');
  return 0;
}

/** Stops the framework: every filter is dropped and the previous hook comes back. */
export function redirfs_exit(): void {
  if (!state) return;
  const cur = vfs_set_hook(state.prev);
  if (cur !== redirfs_hook) {
    // Someone hooked on top of us: leave theirs in place (ours now passes everything through).
    vfs_set_hook(cur);
    pr_warn('redirfs: another VFS hook was installed over RedirFS; leaving it in place');
  }
  state = null;
  filters_reset();
  paths_reset();
  pr_info('Redirecting File System Framework (RedirFS) stopped');
}

export function redirfs_running(): boolean {
  return state !== null;
}
