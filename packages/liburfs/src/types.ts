// liburfs's public types: what a callback gets (the context and the operation's arguments), the
// connection and the filter handles. The RFS names are the kernel's, so a filter's code moves between
// kernel and user space with only its import changed.
import type { rfs_err, rfs_retv, rfs_filter_info, rfs_mod, rfs_op_type } from '@urfs/redirfs/rfs';
import type { rfs_op_id } from '@urfs/redirfs/ops';
import type { urfs_omsg } from '@urfs/urfs-kmod/uapi';
import type { urfs_iattr, urfs_policy } from '@urfs/redirfs/filter_def';

/**
 * setattr's attributes (urfs_iattr), and what an operation does when the filter gives no valid answer
 * (urfs_policy: 'pass' goes on as if unfiltered, 'error' fails with EIO, 'default' takes the urfs module's
 * `policy` parameter): shared with the declarative API.
 */
export type { urfs_iattr, urfs_policy };

/** Who made the operation (the kernel's rfs_context.caller, as far as user space may know it). */
export interface rfs_caller {
  pid: number;
  uid: number;
  gid: number;
  /** The caller's command name (at most 15 bytes, as /proc/PID/comm). */
  comm: string;
}
export interface rfs_context {
  readonly caller: rfs_caller;
  /**
   * The operation stopped waiting for this callback (its caller got a signal or was killed): whatever the
   * callback answers now is refused. A long callback may look and give up early (FUSE's
   * fuse_req_interrupted).
   */
  readonly interrupted: boolean;
}

/**
 * The operation's arguments. `buf` is the data of a post-read (what was read) or a pre-write (what will
 * be written): a view of memory the kernel shares with this process; changing its bytes changes what the
 * application reads or what is written. `path` is the object's path (rename: the old name; link and
 * symlink: the new entry); `name2` is rename's new name, link's existing file or symlink's target.
 */
export interface urfs_op_args {
  path: string;
  name2: string;
  /** permission: MAY_* bits. */
  mask: number;
  /** read/write: file position; llseek: offset. */
  pos: number;
  /** read/write: bytes asked for; llseek: whence. */
  count: number;
  f_flags: number;
  /** The object's mode (create, mkdir, mknod: the mode asked for). */
  i_mode: number;
  /** The object's inode number (0: none yet). */
  ino: number;
  /** mknod: the device number. */
  dev: number;
  /** setattr: what changes. */
  attr: urfs_iattr;
  /**
   * A read-only descriptor of the object, open in this process, that no filter sees (-1 when the
   * operation has none): read the very file being judged. liburfs closes it after the callback.
   */
  fd: number;
  buf: Uint8Array | null;
}

/** struct rfs_args: the operation (its VFS name), its arguments, its result and which callback runs. */
export interface rfs_args {
  readonly op: string;
  readonly type: rfs_op_type;
  /** Set it in a pre-callback that returns RFS_STOP; a post-callback may change it. */
  retv: number;
  readonly args: urfs_op_args;
  /**
   * Set it to have the kernel remember this callback's verdict for this object until the object changes
   * (a write, truncation, rename, chmod/chown, unlink or new link) or the filter's paths, operations or
   * activity change: the same callback on the same object then costs no trip to user space.
   */
  cache: boolean;
}

export type rfs_callback = (context: rfs_context, args: rfs_args) => rfs_retv | Promise<rfs_retv>;
export interface rfs_op_info {
  op_id: rfs_op_id;
  pre_cb?: rfs_callback | null;
  post_cb?: rfs_callback | null;
  /**
   * urfs 2 (liburfs's extension): give this operation's callbacks a read-only descriptor of the object
   * (args.fd), which no filter sees: a scanner reads the very file it judges.
   */
  object_fd?: boolean;
}
export type rfs_mod_cb = (mod: rfs_mod) => rfs_err | Promise<rfs_err>;

export interface urfs_filter_info extends rfs_filter_info {
  /** For every callback but the data ones. */
  policy?: urfs_policy;
  /**
   * For the callbacks that may change data (post-read, pre-write): unless this is 'pass', a missing
   * answer fails the operation with EIO, so data is never left unchanged in silence.
   */
  data_policy?: urfs_policy;
}

export type urfs_event = Extract<urfs_omsg, { kind: 'event' }>;
export type urfs_interrupt = Extract<urfs_omsg, { kind: 'interrupt' }>;

/** An event in hand: the 2007 kind (arguments by GET_ARGS) or urfs 2's (arguments inline). */
export interface urfs_pending_event {
  ufilter_id: number;
  request_id: bigint;
  op_id: number;
  call: number;
  retv: number;
  /** urfs 2: the decoded event; 2007: null (its arguments come with GET_ARGS). */
  inline: import('@urfs/urfs-kmod/uapi_v2').urfs_event2 | null;
  caller: rfs_caller;
}

/** A connection (struct urfs_conn): the device descriptor and its filters by ufilter id. */
export interface urfs_conn {
  fd: number;
  /** 1: the 2007 protocol; 2: urfs 2 (the default). */
  readonly protocol: 1 | 2;
  readonly filters: Map<number, urfs_filter>;
  debug: boolean;
  /** Events read while waiting for a reply. */
  readonly backlog: urfs_pending_event[];
  /** Events being handled (ufilter id:request id), each with whether the kernel stopped waiting for it. */
  readonly running: Map<string, { interrupted: boolean }>;
  /** Scratch memory: one message each way, the fetch structure, and (urfs 2) the event buffer. */
  readonly msg: number;
  readonly evbuf: number;
  /**
   * A worker: its file is a channel attached to another process's connection (urfs_spawn_workers),
   * whose filters it serves; until it serves, its set-up calls bind to those filters instead of changing
   * them.
   */
  readonly worker: ReadonlyMap<string, number> | null;
  /** Set once urfs_main runs: from then on a worker's calls are real commands (a modifier callback's). */
  serving: boolean;
  /** The workers this process started (urfs_spawn_workers): urfs_close waits for them. */
  readonly workers: number[];
  /** urfs 2's data area in our memory (urfs_close unmaps it). */
  area: { addr: number; len: number } | null;
}

/** A user filter (struct urfs_filter): its connection, kernel id and callbacks. */
export interface urfs_filter {
  readonly conn: urfs_conn;
  id: number;
  name: string;
  readonly pre_cbs: Map<number, rfs_callback>;
  readonly post_cbs: Map<number, rfs_callback>;
  mod_cb: rfs_mod_cb | null;
}
/** The filter handle the RFS API takes. */
export type rfs_filter = urfs_filter;
