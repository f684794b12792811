// A filter as a definition, shared by user space and the kernel: a name, a priority, policies and an
// operations table whose members are named after the VFS operations, each callback with that
// operation's own typed arguments and a typed result (libfuse's operations table is the model). liburfs's
// urfs_run runs a definition as a ufilter program; rfs_def_module (filter_def_module.ts) loads the very
// same definition as a kernel module. This file holds only what both sides share: the types, the table of
// operation ids a definition covers, and what a result means.
import { EINVAL } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_BLK, RFS_CHR, RFS_DIR, RFS_FIFO, RFS_LNK, RFS_REG, RFS_SOCK, rfs_op_id, type rfs_obj_type,
} from './ops.js';

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

/** Who made the operation, as both sides can tell it, and whether its caller stopped waiting. */
export interface urfs_def_context {
  readonly caller: { pid: number; uid: number; gid: number; comm: string };
  /** The caller got a signal or was killed: the answer is no longer awaited (user space only). */
  readonly interrupted: boolean;
}

export type urfs_handler<K extends urfs_op_name> =
  (cx: urfs_def_context, call: urfs_call<K>) => urfs_result | Promise<urfs_result>;

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
  /**
   * Options of its own, `--NAME VALUE` (repeatable), listed by --help: e.g. `{ db: { arg: 'FILE', help:
   * 'the signature file' } }`. User space only.
   */
  options?: Readonly<Record<string, { arg: string; help: string }>>;
  /**
   * Called once the command line is parsed (in a kernel module, with no options), before the filter is
   * registered: a message means it cannot start (the program exits 1, the module is refused).
   */
  start?(options: Readonly<Record<string, readonly string[]>>): string | void;
  /**
   * With it, SIGHUP reloads (its configuration, say) instead of stopping the program; a message says why
   * the reload failed (the program goes on as it was). User space only.
   */
  reload?(): string | void;
}


/** setattr's attributes: each one is there only when the operation changes it. */
export interface urfs_iattr {
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  atime?: number;
  mtime?: number;
}

/** What an operation does when the filter gives no valid answer (user space; see liburfs's README). */
export type urfs_policy = 'default' | 'pass' | 'error';

/** The operations a table may name (every VFS operation RedirFS has ids for). */
const VFS_OPS: Record<urfs_op_name, true> = {
  open: true, release: true, flush: true, readdir: true, read: true, write: true, llseek: true, permission: true,
  setattr: true, lookup: true, unlink: true, rmdir: true, create: true, mkdir: true, mknod: true, rename: true,
  link: true, symlink: true,
};

export interface urfs_def_entry {
  name: urfs_op_name;
  type: urfs_obj;
  op_id: number;
  def: urfs_op_def<urfs_op_name>;
}

/** One entry per operation id the table covers, or what is wrong with it. */
export function urfs_def_entries(ops: urfs_ops): urfs_def_entry[] | string {
  const out: urfs_def_entry[] = [];
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
      out.push({ name, type: t, op_id: id, def });
    }
    if (!any) return `${name} applies to none of the types given`;
  }
  return out;
}

/**
 * What a result asks of the operation: `stop` (with `retv`) or not, and whether to cache the verdict. A
 * deny that is no errno is the filter's own error: EINVAL.
 */
export function urfs_def_verdict(r: urfs_result, call: 'pre' | 'post'):
  { stop: boolean; retv: number | null; cache: boolean } {
  if (!r) return { stop: false, retv: null, cache: false };
  const cache = r.cache === true;
  if (r.deny !== undefined) {
    return { stop: true, retv: Number.isInteger(r.deny) && r.deny !== 0 ? -Math.abs(r.deny) : -EINVAL, cache };
  }
  if (r.result !== undefined) return { stop: call === 'pre', retv: r.result, cache };
  return { stop: false, retv: null, cache };
}
