// The declarative filter API (the definition's types are RedirFS's, @urfs/redirfs/filter_def, shared
// with the kernel's loader) in user space: one event of the main loop becomes one typed call, and the
// result becomes the RFS answer. urfs_run (run.ts) runs a whole definition as a program.
import { RFS_CONTINUE, RFS_STOP, type rfs_retv } from '@urfs/redirfs/rfs';
import {
  urfs_def_entries, urfs_def_verdict, type urfs_call, type urfs_handler, type urfs_obj, type urfs_op_args_map,
  type urfs_op_name, type urfs_ops, type urfs_result,
} from '@urfs/redirfs/filter_def';
import type { rfs_args, rfs_callback, rfs_op_info } from './types.js';

export type {
  urfs_filter_def, urfs_ops, urfs_op_def, urfs_op_name, urfs_op_args_map, urfs_call, urfs_result, urfs_handler,
  urfs_obj, urfs_def_context,
} from '@urfs/redirfs/filter_def';

/** The typed arguments of an event (rfs_args from the main loop) for operation `op`. */
function typed_args(op: urfs_op_name, a: rfs_args): urfs_op_args_map[urfs_op_name] {
  const x = a.args;
  // Each object is built whole: a spread costs microseconds per event.
  switch (op) {
    case 'open': case 'release': case 'flush': case 'readdir':
      return { path: x.path, f_flags: x.f_flags, mode: x.i_mode, ino: x.ino, fd: x.fd };
    case 'read': case 'write':
      return { path: x.path, f_flags: x.f_flags, mode: x.i_mode, ino: x.ino, fd: x.fd, pos: x.pos, count: x.count,
        buf: x.buf };
    case 'llseek':
      return { path: x.path, f_flags: x.f_flags, mode: x.i_mode, ino: x.ino, fd: x.fd, offset: x.pos, whence: x.count };
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
  const v = urfs_def_verdict(r, a.type.call);
  if (v.cache) a.cache = true;
  if (v.retv !== null) a.retv = v.retv;
  return v.stop ? RFS_STOP : RFS_CONTINUE;
}

function callback_of<K extends urfs_op_name>(op: K, h: urfs_handler<K>, type: urfs_obj): rfs_callback {
  return (cx, a) => {
    const call = { op, call: a.type.call, type, id: a.type.id, retv: a.retv, args: typed_args(op, a) } as urfs_call<K>;
    const r = h(cx, call);
    return r instanceof Promise ? r.then((v) => apply_result(v, a)) : apply_result(r, a);
  };
}

/** The RFS operations table of a definition: one entry per operation id it covers, or what is wrong. */
export function filter_def_ops(ops: urfs_ops): rfs_op_info[] | string {
  const entries = urfs_def_entries(ops);
  if (typeof entries === 'string') return entries;
  return entries.map((e) => ({ op_id: e.op_id, pre_cb: e.def.pre ? callback_of(e.name, e.def.pre, e.type) : null,
    post_cb: e.def.post ? callback_of(e.name, e.def.post, e.type) : null, object_fd: e.def.object_fd }));
}
