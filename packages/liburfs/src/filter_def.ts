// The declarative filter API, as libfuse's operations table is to its low-level calls: a filter is a
// definition (name, priority, policies and an operations table whose members are named after the VFS
// operations, each with typed arguments and a typed result), and urfs_run (run.ts) turns it into the RFS
// calls underneath. This file holds the types and the translation of one event into one typed call.
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import { RFS_CONTINUE, RFS_STOP, type rfs_retv } from '@urfs/redirfs/rfs';
import {
  RFS_BLK, RFS_CHR, RFS_DIR, RFS_FIFO, RFS_LNK, RFS_REG, RFS_SOCK, rfs_op_id, type rfs_obj_type,
} from '@urfs/redirfs/ops';
import type { rfs_args, rfs_callback, rfs_context, rfs_op_info, urfs_iattr, urfs_policy } from './types.js';

/** Object types, as an operations table names them. */
export type urfs_obj = 'reg' | 'dir' | 'chr' | 'blk' | 'fifo' | 'lnk' | 'sock';
const OBJ: Record<urfs_obj, rfs_obj_type> = {
  reg: RFS_REG, dir: RFS_DIR, chr: RFS_CHR, blk: RFS_BLK, fifo: RFS_FIFO, lnk: RFS_LNK, sock: RFS_SOCK,
};

interface file_args {
  path: string;
  f_flags: number;
  mode: number;
  ino: number;
  /** A descriptor of the object when the operation asked for one (`object_fd`), else -1. */
  fd: number;
}

/** Each operation's arguments, as its callbacks get them. */
export interface urfs_op_args_map {
  open: file_args;
  release: file_args;
  flush: file_args;
  readdir: file_args;
  /** `buf`: post-read, the bytes read; change them to change what the application gets. */
  read: file_args & { pos: number; count: number; buf: Uint8Array | null };
  /** `buf`: pre-write, the bytes to write; change them to change what is written. */
  write: file_args & { pos: number; count: number; buf: Uint8Array | null };
  llseek: file_args & { offset: number; whence: number };
  permission: { path: string; mask: number; mode: number; ino: number };
  setattr: { path: string; mode: number; ino: number; attr: urfs_iattr };
  lookup: { path: string; mode: number; ino: number };
  unlink: { path: string; mode: number; ino: number };
  rmdir: { path: string; mode: number; ino: number };
  /** `mode`: the mode asked for. */
  create: { path: string; mode: number };
  mkdir: { path: string; mode: number };
  mknod: { path: string; mode: number; dev: number };
  rename: { from: string; to: string; mode: number; ino: number };
  /** `path`: the new name; `target`: the existing file. */
  link: { path: string; target: string; mode: number; ino: number };
  /** `path`: the new link; `target`: what it points to. */
  symlink: { path: string; target: string };
}
export type urfs_op_name = keyof urfs_op_args_map;

/** What a callback receives: the operation, which callback, the result so far and the arguments. */
export type urfs_call<K extends urfs_op_name = urfs_op_name> = {
  [P in K]: {
    op: P;
    call: 'pre' | 'post';
    type: urfs_obj;
    /** The RedirFS operation id (RFS_<TYPE>_<SET>_<OP>). */
    id: number;
    retv: number;
    args: urfs_op_args_map[P];
  }
}[K];

/**
 * What a callback answers: nothing (go on; after the operation: keep its result), `{ deny: EACCES }`
 * (the operation fails with that errno), `{ result: n }` (it ends with that result), with `cache: true`
 * to have the kernel keep a pre-callback's verdict for this object until it changes.
 */
export type urfs_result = void | { deny?: number; result?: number; cache?: boolean };

export type urfs_handler<K extends urfs_op_name> =
  (cx: rfs_context, call: urfs_call<K>) => urfs_result | Promise<urfs_result>;

export interface urfs_op_def<K extends urfs_op_name> {
  pre?: urfs_handler<K>;
  post?: urfs_handler<K>;
  /** The object types it applies to (default: every type the operation exists for). */
  types?: readonly urfs_obj[];
  /** Give the callbacks a read-only descriptor of the object (`args.fd`), seen by no filter. */
  object_fd?: boolean;
}

export type urfs_ops = { [K in urfs_op_name]?: urfs_op_def<K> };

export interface urfs_filter_def {
  name: string;
  /** Unique among the filters; lower runs first (`-p` overrides it). */
  priority: number;
  /** One line for --help. */
  description?: string;
  /** What an operation does when the filter gives no valid answer (see liburfs's README). */
  policy?: urfs_policy;
  data_policy?: urfs_policy;
  ops: urfs_ops;
}

/** The typed arguments of an event (rfs_args from the main loop) for operation `op`. */
function typed_args(op: urfs_op_name, a: rfs_args): urfs_op_args_map[urfs_op_name] {
  const x = a.args;
  const file = { path: x.path, f_flags: x.f_flags, mode: x.i_mode, ino: x.ino, fd: x.fd };
  switch (op) {
    case 'open': case 'release': case 'flush': case 'readdir': return file;
    case 'read': case 'write': return { ...file, pos: x.pos, count: x.count, buf: x.buf };
    case 'llseek': return { ...file, offset: x.pos, whence: x.count };
    case 'permission': return { path: x.path, mask: x.mask, mode: x.i_mode, ino: x.ino };
    case 'setattr': return { path: x.path, mode: x.i_mode, ino: x.ino, attr: x.attr };
    case 'lookup': case 'unlink': case 'rmdir': return { path: x.path, mode: x.i_mode, ino: x.ino };
    case 'create': case 'mkdir': return { path: x.path, mode: x.i_mode };
    case 'mknod': return { path: x.path, mode: x.i_mode, dev: x.dev };
    case 'rename': return { from: x.path, to: x.name2, mode: x.i_mode, ino: x.ino };
    case 'link': return { path: x.path, target: x.name2, mode: x.i_mode, ino: x.ino };
    case 'symlink': return { path: x.path, target: x.name2 };
  }
}

/** Applies a typed result to the RFS arguments: RFS_STOP or RFS_CONTINUE. */
function apply_result(r: urfs_result, a: rfs_args): rfs_retv {
  if (!r) return RFS_CONTINUE;
  if (r.cache) a.cache = true;
  if (r.deny !== undefined) {
    // An errno, given either way round (EACCES or -EACCES); anything else is the filter's own error.
    a.retv = Number.isInteger(r.deny) && r.deny !== 0 ? -Math.abs(r.deny) : -EINVAL;
    return RFS_STOP;
  }
  if (r.result !== undefined) {
    a.retv = r.result;
    return a.type.call === 'pre' ? RFS_STOP : RFS_CONTINUE;
  }
  return RFS_CONTINUE;
}

function callback_of<K extends urfs_op_name>(op: K, h: urfs_handler<K>, type: urfs_obj): rfs_callback {
  return (cx, a) => {
    const call = { op, call: a.type.call, type, id: a.type.id, retv: a.retv, args: typed_args(op, a) } as urfs_call<K>;
    const r = h(cx, call);
    return r instanceof Promise ? r.then((v) => apply_result(v, a)) : apply_result(r, a);
  };
}

/** The RFS operations table of a definition: one entry per operation id it covers. */
export function filter_def_ops(ops: urfs_ops): rfs_op_info[] | string {
  const out: rfs_op_info[] = [];
  for (const [name, def] of Object.entries(ops) as [urfs_op_name, urfs_op_def<urfs_op_name> | undefined][]) {
    if (!def) continue;
    if (!(name in VFS_OPS)) return `no operation named ${name}`;
    const types = def.types ?? (Object.keys(OBJ) as urfs_obj[]);
    let any = false;
    for (const t of types) {
      if (!(t in OBJ)) return `${name}: no object type named ${t}`;
      const id = rfs_op_id(name, OBJ[t]);
      if (id < 0) {
        if (def.types) return `${name} has no ${t} variant`;
        continue;
      }
      any = true;
      out.push({ op_id: id, pre_cb: def.pre ? callback_of(name, def.pre, t) : null,
        post_cb: def.post ? callback_of(name, def.post, t) : null, object_fd: def.object_fd });
    }
    if (!any) return `${name} applies to none of the types given`;
  }
  return out;
}

/** The operations a table may name (every VFS operation RedirFS has ids for). */
const VFS_OPS: Record<urfs_op_name, true> = {
  open: true, release: true, flush: true, readdir: true, read: true, write: true, llseek: true, permission: true,
  setattr: true, lookup: true, unlink: true, rmdir: true, create: true, mkdir: true, mknod: true, rename: true,
  link: true, symlink: true,
};
