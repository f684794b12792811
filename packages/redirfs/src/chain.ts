// The VFS hook and the callback chain (RedirFS's rfs_precall_flts / rfs_postcall_flts). One hook is
// installed when the framework starts. For each operation it finds the object, its type and so the
// operation id; when no active filter has a callback for that id, or none covers the object, or the
// object is a file opened for a listener (FMODE_NONOTIFY), the operation runs as if no hook were there. Otherwise the covering filters' pre-callbacks run by priority,
// then the operation, then the post-callbacks in reverse order.
import {
  vfs_set_hook, vfs_run, VFS_OPS, type VfsHook, type VfsOp, type VfsOpArgs, type VfsCaller, type VfsImpl,
} from '@urfs/emu-kernel/fs/vfs_hook';
import { FMODE_NONOTIFY, type Dentry, type File, type VfsMount } from '@urfs/emu-kernel/fs/fs';
import type { Task } from '@urfs/emu-kernel/kernel/task';
import { pr_err, pr_info, pr_warn } from '@urfs/emu-kernel/kernel/printk';
import { die } from '@urfs/emu-kernel/kernel/panic';
import { EBUSY, EIO, ERESTARTSYS } from '@urfs/emu-kernel/uapi/errno';
import { RFS_STOP, RFS_CONTINUE, type rfs_args, type rfs_op_args, type rfs_op_type, type rfs_callback } from './rfs.js';
import { RFS_NONE, RFS_DIR, RFS_TYPES, RFS_OP_END, rfs_obj_type, rfs_op_id, rfs_op_name, type rfs_op_id as op_id_t } from './ops.js';
import { filters_reset, flt_op_users, type filter } from './filter.js';
import { paths_reset, paths_count, path_cover } from './path.js';
import { context } from './context.js';
import { rfs_retv_valid } from './retv.js';
import { redirfs_trace_exit, redirfs_trace_init, trace_redirfs_callback } from './trace.js';
import { host } from '@urfs/emu-kernel/kernel/host';

// What locate found besides the dentry (variables, not an object: the hook runs on every operation).
let where_type: rfs_obj_type = RFS_NONE;
let where_mnt: VfsMount | null = null;
let where_ids = 0;

/** Object type by the file type bits of a mode (mode >> 12 & 15), to save a switch per operation. */
const TYPE_BY_FMT = Int8Array.from({ length: 16 }, (_, t) => rfs_obj_type(t << 12));
const type_of_mode = (mode: number): rfs_obj_type => TYPE_BY_FMT[(mode >>> 12) & 15] as rfs_obj_type;

/** Operation id (-1: none) by VFS op and object type: OP_IDS[ids_of(op) + type]. One table for all. */
const OP_IDS = new Int16Array(VFS_OPS.length * RFS_TYPES);
VFS_OPS.forEach((op, i) => {
  for (let t = 0; t < RFS_TYPES; t++) OP_IDS[i * RFS_TYPES + t] = rfs_op_id(op, t as rfs_obj_type);
});
const ids_of = (op: VfsOp): number => VFS_OPS.indexOf(op) * RFS_TYPES;
const PERMISSION = ids_of('permission'), SETATTR = ids_of('setattr'), RENAME = ids_of('rename');
const OPEN = ids_of('open'), RELEASE = ids_of('release'), READ = ids_of('read'), WRITE = ids_of('write');
const LLSEEK = ids_of('llseek'), READDIR = ids_of('readdir'), FLUSH = ids_of('flush'), IOCTL = ids_of('ioctl');
const POLL = ids_of('poll'), MMAP = ids_of('mmap'), LOOKUP = ids_of('lookup'), CREATE = ids_of('create');
const MKDIR = ids_of('mkdir'), MKNOD = ids_of('mknod'), UNLINK = ids_of('unlink'), RMDIR = ids_of('rmdir');
const LINK = ids_of('link'), SYMLINK = ids_of('symlink');

/** The dentry, with the caller's mount when the caller's path is that dentry (the VFS passes it so). */
function at(dentry: Dentry | null, c: VfsCaller): Dentry | null {
  where_mnt = dentry !== null && c.path !== undefined && c.path.dentry === dentry ? c.path.mnt : null;
  return dentry;
}
/**
 * A file the kernel opened for a listener (FMODE_NONOTIFY, dentry_open_nonotify) is no filter's business:
 * no object, so the operation runs as if no filter were there, from its open to its release.
 */
function of_file(ids: number, file: File): Dentry | null {
  if (file.f_mode & FMODE_NONOTIFY) return null;
  where_ids = ids;
  where_type = type_of_mode(file.f_inode.i_mode);
  where_mnt = file.f_path.mnt;
  return file.f_path.dentry;
}
function in_dir(ids: number, dentry: Dentry, c: VfsCaller): Dentry | null {
  where_ids = ids;
  where_type = RFS_DIR;
  return at(dentry.d_parent, c);
}

/**
 * Where the object an operation acts on is: its dentry (null when unknown; for name operations, the
 * directory), its type (where_type), its mount (where_mnt) and where the op's ids start (where_ids).
 * A switch rather than a table of functions: every case is inlined and the most frequent come first.
 */
function locate<K extends VfsOp>(op: K, args: VfsOpArgs[K], c: VfsCaller): Dentry | null {
  const o = op as VfsOp;
  switch (o) {
    case 'permission': {
      const a = args as VfsOpArgs['permission'];
      where_ids = PERMISSION;
      where_type = type_of_mode(a.inode.i_mode);
      return at(a.dentry ?? (c.path && c.path.dentry.d_inode === a.inode ? c.path.dentry : null), c);
    }
    case 'read': return of_file(READ, (args as VfsOpArgs['read']).file);
    case 'write': return of_file(WRITE, (args as VfsOpArgs['write']).file);
    case 'open': return of_file(OPEN, (args as VfsOpArgs['open']).file);
    case 'flush': return of_file(FLUSH, (args as VfsOpArgs['flush']).file);
    case 'release': return of_file(RELEASE, (args as VfsOpArgs['release']).file);
    case 'llseek': return of_file(LLSEEK, (args as VfsOpArgs['llseek']).file);
    case 'readdir': return of_file(READDIR, (args as VfsOpArgs['readdir']).file);
    case 'ioctl': return of_file(IOCTL, (args as VfsOpArgs['ioctl']).file);
    case 'poll': return of_file(POLL, (args as VfsOpArgs['poll']).file);
    case 'mmap': return of_file(MMAP, (args as VfsOpArgs['mmap']).file);
    case 'lookup': return in_dir(LOOKUP, (args as VfsOpArgs['lookup']).dentry, c);
    case 'create': return in_dir(CREATE, (args as VfsOpArgs['create']).dentry, c);
    case 'mkdir': return in_dir(MKDIR, (args as VfsOpArgs['mkdir']).dentry, c);
    case 'mknod': return in_dir(MKNOD, (args as VfsOpArgs['mknod']).dentry, c);
    case 'unlink': return in_dir(UNLINK, (args as VfsOpArgs['unlink']).dentry, c);
    case 'rmdir': return in_dir(RMDIR, (args as VfsOpArgs['rmdir']).dentry, c);
    case 'link': return in_dir(LINK, (args as VfsOpArgs['link']).dentry, c);
    case 'symlink': return in_dir(SYMLINK, (args as VfsOpArgs['symlink']).dentry, c);
    case 'rename': return in_dir(RENAME, (args as VfsOpArgs['rename']).old_dentry, c);
    case 'setattr': {
      const a = args as VfsOpArgs['setattr'];
      where_ids = SETATTR;
      where_type = rfs_obj_type(a.dentry.d_inode?.i_mode);
      return at(a.dentry, c);
    }
    default: {
      // Every op has its case (the compiler checks); an unknown one at run time is left alone.
      const unknown: never = o;
      void unknown;
      return null;
    }
  }
}

/** The hook that was installed before ours (operations go on through it); null when none or not running. */
let prev_hook: VfsHook | null = null;
let running = false;

function lower<K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>, task: Task | null):
  Promise<number> | number {
  return prev_hook === null ? vfs_run(impl, args, task) : prev_hook(op, args, caller, impl, task);
}

/**
 * The hook. The common cases leave early and allocate nothing: no path set, no active filter with a
 * callback for this operation id, no filter covering the object (a cached answer, see path_cover), or
 * no covering filter with a callback for the id. Only a call that reaches a callback makes its context
 * and args.
 */
const redirfs_hook: VfsHook = <K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>,
  task: Task | null) => {
  if (!running || !paths_count()) return lower(op, args, caller, impl, task);
  const dentry = locate(op, args, caller);
  const id = OP_IDS[where_ids + where_type];
  if (id < 0 || dentry === null || !flt_op_users(id)) return lower(op, args, caller, impl, task);
  const chain = path_cover(dentry, where_mnt);
  let first = 0;
  while (first < chain.length && !chain[first].has_cb(id)) first++;
  if (first === chain.length) return lower(op, args, caller, impl, task);
  return rfs_call(op, args, caller, impl, task, chain, id);
};

/**
 * One filtered operation, in line for the usual case: every covering filter active, callbacks and the
 * operation returning plain values, none stopping. Anything else goes on in rfs_call_chain and the *_wait
 * functions from where it happened (the same rules). Kept out of the hook, which stays small enough to
 * be inlined where the VFS dispatches.
 */
function rfs_call<K extends VfsOp>(op: K, args: VfsOpArgs[K], caller: VfsCaller, impl: VfsImpl<K>, task: Task | null,
  chain: readonly filter[], id: op_id_t): number | Promise<number> {
  const cx = new context(caller);
  const a: rfs_op_args<K> = { op, args, retv: 0, type: PRE_TYPES[id] };
  const n = chain.length;
  for (let i = 0; i < n; i++) {
    const f = chain[i];
    if (!f.f_active || !f.f_registered) return rfs_call_chain(cx, a, chain, id, impl, task, i, i, null);
    const cb = f.f_pre_cbs[id];
    if (cb === undefined) continue;
    a.type = PRE_TYPES[id];
    const r = run_cb(f, cb, cx, a);
    if (r !== RFS_CONTINUE) {
      return typeof r === 'number' ? post_calls(cx, a, chain, id, i)
        : pre_wait(r, cx, a, chain, id, impl, task, i + 1, i + 1, null);
    }
  }
  const r = prev_hook === null ? vfs_run(impl, args, task) : prev_hook(op, args, caller, impl, task);
  if (typeof r !== 'number') return impl_wait(r, cx, a, chain, id, n);
  a.retv = r;
  for (let i = n - 1; i >= 0; i--) {
    const f = chain[i];
    const cb = f.f_post_cbs[id];
    if (cb === undefined || !f.f_registered) continue;
    a.type = POST_TYPES[id];
    const p = run_cb(f, cb, cx, a);
    if (typeof p !== 'number') return post_wait(p, cx, a, chain, id, i - 1);
  }
  return finish(a, id);
}

const is_promise = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as PromiseLike<unknown>).then === 'function';

/** A kernel filter's callback that throws is a fault in the kernel (an oops); the call goes on without it. */
function cb_failed(f: filter, a: { type: { call: string; id: op_id_t } }, e: unknown): typeof RFS_CONTINUE {
  die(`BUG: kernel fault in redirfs: ${f.name}: ${a.type.call}-callback of ${rfs_op_name(a.type.id)}: ` +
    (e instanceof Error ? e.stack ?? e.message : String(e)));
  return RFS_CONTINUE;
}

/**
 * Runs one callback: RFS_STOP or RFS_CONTINUE, synchronously when the callback is synchronous (so a
 * chain of plain callbacks costs no promise), else a promise of it. A throw or rejection is logged and
 * counts as RFS_CONTINUE. No closure in here (they would cost a context allocation on every call): the
 * promise case is cb_async's.
 */
function run_cb<K extends VfsOp>(f: filter, cb: rfs_callback, cx: context, a: rfs_op_args<K>): number | Promise<number> {
  if (trace_redirfs_callback.enabled) return run_cb_traced(f, cb, cx, a);
  return call_cb(f, cb, cx, a);
}

function call_cb<K extends VfsOp>(f: filter, cb: rfs_callback, cx: context, a: rfs_op_args<K>): number | Promise<number> {
  cx.cx_flt = f;
  let r: unknown;
  try {
    r = cb(cx, a as unknown as rfs_args);
  } catch (e) {
    cx.cx_flt = null;
    return cb_failed(f, a, e);
  }
  if (typeof r === 'number') {
    cx.cx_flt = null;
    return r === RFS_STOP ? RFS_STOP : RFS_CONTINUE;
  }
  if (!is_promise(r)) {
    cx.cx_flt = null;
    return RFS_CONTINUE;
  }
  return cb_async(f, cx, a, r);
}

/** run_cb while redirfs:callback is on: the callback, timed to its (maybe later) verdict. */
function run_cb_traced<K extends VfsOp>(f: filter, cb: rfs_callback, cx: context, a: rfs_op_args<K>): number | Promise<number> {
  const clock = host();
  const t0 = clock.now();
  const type = a.type;
  const emit = (v: number): number => {
    if (trace_redirfs_callback.enabled) {
      trace_redirfs_callback.emit(cx.caller.pid, { filter: f.name, op: rfs_op_name(type.id), call: type.call,
        verdict: v === RFS_STOP ? 'stop' : 'continue', retv: a.retv, duration_us: Math.round((clock.now() - t0) * 1000) });
    }
    return v;
  };
  const r = call_cb(f, cb, cx, a);
  return typeof r === 'number' ? emit(r) : r.then(emit);
}

function cb_async<K extends VfsOp>(f: filter, cx: context, a: rfs_op_args<K>, r: PromiseLike<unknown>): Promise<number> {
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
 * Runs one operation through its filter chain (the covering filters by priority, shared and never
 * modified) from pre-call position `pre` on: rfs_call's general case. A filter takes part if it is
 * active when its turn in the pre-call phase comes; a
 * pre-callback returning RFS_STOP ends that phase and skips the operation (the filter has set retv);
 * post-callbacks then run, in reverse, for the filters that took part up to and including the one that
 * stopped. Post-callbacks' return values are ignored.
 * A call is its context and its args, nothing else: the phases keep their place in local variables, as
 * long as callbacks and the operation return plain values. When one returns a promise, the *_wait
 * functions carry the place over to its resolution (their closures are made only then: a closure made
 * in here would cost every call a context allocation). `parts` lists the filters that took part when
 * that is not simply chain[0..took_part): made only once a filter is passed over (deactivated or
 * unregistered while the call was under way).
 */
function rfs_call_chain<K extends VfsOp>(cx: context, a: rfs_op_args<K>, chain: readonly filter[], id: op_id_t,
  impl: VfsImpl<K>, task: Task | null, pre: number, took_part: number, parts: filter[] | null): number | Promise<number> {
  while (pre < chain.length) {
    const f = chain[pre++];
    if (!f.f_active || !f.f_registered) {
      parts ??= chain.slice(0, took_part);
      continue;
    }
    if (parts !== null) parts.push(f);
    took_part++;
    const cb = f.f_pre_cbs[id];
    if (cb === undefined) continue;
    a.type = PRE_TYPES[id];
    const r = run_cb(f, cb, cx, a);
    if (typeof r !== 'number') return pre_wait(r, cx, a, chain, id, impl, task, pre, took_part, parts);
    if (r === RFS_STOP) return post_calls(cx, a, parts ?? chain, id, took_part - 1);
  }
  const r = prev_hook === null ? vfs_run(impl, a.args, task) : prev_hook(a.op, a.args, cx.caller, impl, task);
  if (typeof r !== 'number') return impl_wait(r, cx, a, parts ?? chain, id, took_part);
  a.retv = r;
  return post_calls(cx, a, parts ?? chain, id, took_part - 1);
}

function pre_wait<K extends VfsOp>(r: Promise<number>, cx: context, a: rfs_op_args<K>, chain: readonly filter[],
  id: op_id_t, impl: VfsImpl<K>, task: Task | null, pre: number, took_part: number, parts: filter[] | null):
  Promise<number> {
  return r.then((v) => (v === RFS_STOP ? post_calls(cx, a, parts ?? chain, id, took_part - 1)
    : rfs_call_chain(cx, a, chain, id, impl, task, pre, took_part, parts)));
}

function impl_wait<K extends VfsOp>(r: Promise<number>, cx: context, a: rfs_op_args<K>, parts: readonly filter[],
  id: op_id_t, took_part: number): Promise<number> {
  return r.then((v) => {
    a.retv = v;
    return post_calls(cx, a, parts, id, took_part - 1);
  });
}

/** The post-call phase, from the filter at index `post` of those that took part down to the first. */
function post_calls<K extends VfsOp>(cx: context, a: rfs_op_args<K>, parts: readonly filter[], id: op_id_t,
  post: number): number | Promise<number> {
  while (post >= 0) {
    const f = parts[post--];
    const cb = f.f_post_cbs[id];
    if (cb === undefined || !f.f_registered) continue;
    a.type = POST_TYPES[id];
    const r = run_cb(f, cb, cx, a);
    if (typeof r !== 'number') return post_wait(r, cx, a, parts, id, post);
  }
  return finish(a, id);
}

function post_wait<K extends VfsOp>(r: Promise<number>, cx: context, a: rfs_op_args<K>, parts: readonly filter[],
  id: op_id_t, post: number): Promise<number> {
  return r.then(() => post_calls(cx, a, parts, id, post));
}

/**
 * The call's result: one the operation could have produced (retv.ts), else EIO. A callback that slept
 * may end the call with -ERESTARTSYS, the kernel's own "interrupted" (urfs's, when its caller got a signal).
 */
function finish<K extends VfsOp>(a: rfs_op_args<K>, id: op_id_t): number {
  if (a.retv !== -ERESTARTSYS && !rfs_retv_valid(a, a.retv, false)) {
    pr_err(`redirfs: ${rfs_op_name(id)}: a filter left a bad return value (${String(a.retv)})`);
    return -EIO;
  }
  return a.retv;
}

/** Starts the framework: a fresh registry and the VFS hook. -EBUSY when it is already running. */
export function redirfs_init(): number {
  if (running) return -EBUSY;
  filters_reset();
  paths_reset();
  prev_hook = vfs_set_hook(redirfs_hook);
  running = true;
  redirfs_trace_init();
  pr_info('Redirecting File System Framework (RedirFS) started');
  return 0;
}

/** Stops the framework: every filter is dropped and the previous hook comes back. */
export function redirfs_exit(): void {
  if (!running) return;
  const cur = vfs_set_hook(prev_hook);
  if (cur !== redirfs_hook) {
    // Someone hooked on top of us: leave theirs in place (ours now passes everything through).
    vfs_set_hook(cur);
    pr_warn('redirfs: another VFS hook was installed over RedirFS; leaving it in place');
  }
  running = false;
  prev_hook = null;
  redirfs_trace_exit();
  filters_reset();
  paths_reset();
  pr_info('Redirecting File System Framework (RedirFS) stopped');
}

export function redirfs_running(): boolean {
  return running;
}
