// The VFS hook and the callback chain (RedirFS's rfs_precall_flts / rfs_postcall_flts). One hook is
// installed when the framework starts. For each operation it finds the object, its type and so the
// operation id; when no active filter has a callback for that id, or none covers the object, the
// operation runs as if no hook were there. Otherwise the covering filters' pre-callbacks run by priority,
// then the operation, then the post-callbacks in reverse order.
import {
  vfs_set_hook, VFS_OPS, type VfsHook, type VfsOp, type VfsOpArgs, type VfsCaller, type VfsImpl,
} from '@urfs/emu-kernel/fs/vfs_hook';
import type { Dentry, VfsMount } from '@urfs/emu-kernel/fs/fs';
import { pr_err, pr_info, pr_warn } from '@urfs/emu-kernel/kernel/printk';
import { EBUSY, EIO } from '@urfs/emu-kernel/uapi/errno';
import { RFS_STOP, RFS_CONTINUE, type rfs_args, type rfs_op_args, type rfs_op_type, type rfs_callback } from './rfs.js';
import { RFS_DIR, RFS_TYPES, RFS_OP_END, rfs_obj_type, rfs_op_id, rfs_op_name, type rfs_op_id as op_id_t } from './ops.js';
import { filters_reset, flt_list, flt_op_users, type filter } from './filter.js';
import { paths_reset, paths_count, path_walk } from './path.js';
import { context } from './context.js';

type TypeOf = { [K in VfsOp]: (a: VfsOpArgs[K]) => rfs_obj_type };
/** The dentry of the object an operation acts on (null when unknown); its mount goes to `where_mnt`. */
type WhereOf = { [K in VfsOp]: (a: VfsOpArgs[K], c: VfsCaller) => Dentry | null };

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

/** Operation id by VFS op and object type (-1: none), flattened for the hook. */
const OP_IDS = Object.fromEntries(VFS_OPS.map((op) => [op, Int16Array.from({ length: RFS_TYPES }, (_, t) => rfs_op_id(op, t as rfs_obj_type))])) as
  Record<VfsOp, Int16Array>;

/** The mount of the dentry WHERE_OF last returned (a variable, not an object: the hook runs on every operation). */
let where_mnt: VfsMount | null = null;

/** The dentry, with the caller's mount when the caller's path is that dentry (the VFS passes it so). */
function at(dentry: Dentry | null, c: VfsCaller): Dentry | null {
  where_mnt = dentry && c.path && c.path.dentry === dentry ? c.path.mnt : null;
  return dentry;
}
const in_dir = (a: { dentry: Dentry }, c: VfsCaller) => at(a.dentry.d_parent, c);
const of_file = (a: { file: { f_path: { dentry: Dentry; mnt: VfsMount } } }) => {
  where_mnt = a.file.f_path.mnt;
  return a.file.f_path.dentry;
};

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
  const id = OP_IDS[op][(TYPE_OF[op] as (a: VfsOpArgs[K]) => rfs_obj_type)(args)];
  if (id < 0 || !flt_op_users(id)) return lower(op, args, caller, impl);
  const dentry = (WHERE_OF[op] as (a: VfsOpArgs[K], c: VfsCaller) => Dentry | null)(args, caller);
  if (!dentry) return lower(op, args, caller, impl);
  const mark = path_walk(dentry, where_mnt);
  if (!mark) return lower(op, args, caller, impl);
  const chain: filter[] = [];
  for (const f of flt_list()) if (f.f_walk_included === mark && f.f_active && f.has_cb(id)) chain.push(f);
  if (!chain.length) return lower(op, args, caller, impl);
  return rfs_call_chain(new call<K>(chain, id, op, args, caller, impl));
};

const is_promise = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';

function cb_failed(f: filter, a: { type: { call: string; id: op_id_t } }, e: unknown): typeof RFS_CONTINUE {
  pr_err(`redirfs: ${f.name}: ${a.type.call}-callback of ${rfs_op_name(a.type.id)} failed: ` +
    (e instanceof Error ? e.message : String(e)));
  return RFS_CONTINUE;
}

/**
 * Runs one callback: RFS_STOP or RFS_CONTINUE, synchronously when the callback is synchronous (so a
 * chain of plain callbacks costs no promise), else a promise of it. A throw or rejection is logged and
 * counts as RFS_CONTINUE.
 */
function run_cb<K extends VfsOp>(f: filter, cb: rfs_callback, cx: context, a: rfs_op_args<K>): number | Promise<number> {
  cx.cx_flt = f;
  let r: unknown;
  try {
    r = cb(cx, a as unknown as rfs_args);
  } catch (e) {
    cx.cx_flt = null;
    return cb_failed(f, a, e);
  }
  if (!is_promise(r)) {
    cx.cx_flt = null;
    return r === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
  }
  return Promise.resolve(r).then(
    (v) => (v === RFS_STOP ? RFS_STOP : RFS_CONTINUE),
    (e: unknown) => cb_failed(f, a, e),
  ).finally(() => {
    cx.cx_flt = null;
  });
}

/** The `type` of every callback's args, one frozen object per id and phase (not one per call). */
const PRE_TYPES: readonly rfs_op_type[] = Array.from({ length: RFS_OP_END }, (_, id) => Object.freeze({ id, call: 'pre' as const }));
const POST_TYPES: readonly rfs_op_type[] = Array.from({ length: RFS_OP_END }, (_, id) => Object.freeze({ id, call: 'post' as const }));

/**
 * One filtered operation on its way through the chain: the context its callbacks get (the public part,
 * rfs_context) and the state the phases below pass on.
 */
class call<K extends VfsOp> extends context {
  readonly a: rfs_op_args<K>;
  /** Next filter of the pre-call phase. */
  pre = 0;
  /**
   * How many filters took part in the pre-call phase: they are moved to the front of `chain` as the
   * phase goes (it only ever reads further on), so chain[0..took_part) are the post-call phase's filters.
   */
  took_part = 0;
  /** Next filter of the post-call phase, counting down. */
  post = 0;
  constructor(readonly chain: filter[], readonly id: op_id_t, readonly op: K, args: VfsOpArgs[K],
    caller: VfsCaller, readonly impl: VfsImpl<K>) {
    super(caller);
    this.a = { op, args, retv: 0, type: PRE_TYPES[id] };
  }
}

/**
 * Runs one operation through its filter chain (sorted by priority). A filter takes part if it is active
 * when its turn in the pre-call phase comes; a pre-callback returning RFS_STOP ends that phase and skips
 * the operation (the filter has set retv); post-callbacks then run, in reverse, for the filters that took
 * part up to and including the one that stopped. Post-callbacks' return values are ignored.
 * Each phase goes on synchronously while callbacks and the operation return plain values, and continues
 * from a promise's resolution when one does not.
 */
function rfs_call_chain<K extends VfsOp>(c: call<K>): number | Promise<number> {
  const { chain, id } = c;
  while (c.pre < chain.length) {
    const f = chain[c.pre++];
    if (!f.f_active || !f.f_registered) continue;
    chain[c.took_part++] = f;
    const cb = f.f_pre_cbs[id];
    if (!cb) continue;
    c.a.type = PRE_TYPES[id];
    const r = run_cb(f, cb, c, c.a);
    if (typeof r !== 'number') return r.then((v) => (v === RFS_STOP ? start_post(c) : rfs_call_chain(c)));
    if (r === RFS_STOP) return start_post(c);
  }
  const r = lower(c.op, c.a.args, c.caller, c.impl);
  if (typeof r !== 'number') {
    return r.then((v) => {
      c.a.retv = v;
      return start_post(c);
    });
  }
  c.a.retv = r;
  return start_post(c);
}

function start_post<K extends VfsOp>(c: call<K>): number | Promise<number> {
  c.post = c.took_part - 1;
  return post_calls(c);
}

function post_calls<K extends VfsOp>(c: call<K>): number | Promise<number> {
  while (c.post >= 0) {
    const f = c.chain[c.post--];
    const cb = f.f_post_cbs[c.id];
    if (!cb || !f.f_registered) continue;
    c.a.type = POST_TYPES[c.id];
    const r = run_cb(f, cb, c, c.a);
    if (typeof r !== 'number') return r.then(() => post_calls(c));
  }
  return finish(c);
}

function finish<K extends VfsOp>(c: call<K>): number {
  if (!Number.isSafeInteger(c.a.retv)) {
    pr_err(`redirfs: ${rfs_op_name(c.id)}: a filter left a bad return value (${String(c.a.retv)})`);
    return -EIO;
  }
  return c.a.retv;
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
