// A filter definition (filter_def.ts) as a kernel module: the definition liburfs's urfs_run runs as a
// ufilter program, loaded into the kernel unchanged. `insmod NAME [path=DIR] [priority=N]` registers it
// on DIR's subtree and activates it; redirctl's and sysfs's requests are carried out; rmmod unregisters.
// Callbacks get the same typed arguments as in user space: the data of a post-read or pre-write is copied
// into a kernel buffer for them and back (a ufilter sees it in its data area), and no descriptor of the
// object is offered (`fd` is -1).
import type { ModuleDef } from '@urfs/emu-kernel/kernel/module';
import { module_param } from '@urfs/emu-kernel/kernel/params';
import { pr_err, pr_info } from '@urfs/emu-kernel/kernel/printk';
import { find_task_by_vpid } from '@urfs/emu-kernel/kernel/task';
import { copy_from_user, copy_to_user, kernel_ptr } from '@urfs/emu-kernel/mm/uaccess';
import type { Dentry, File } from '@urfs/emu-kernel/fs/fs';
import { EFAULT, EINVAL } from '@urfs/emu-kernel/uapi/errno';
import {
  RFS_CONTINUE, RFS_PATH_INCLUDE, RFS_PATH_SUBTREE, RFS_STOP, type rfs_args, type rfs_callback, type rfs_context,
  type rfs_err, type rfs_mod, type rfs_retv,
} from './rfs.js';
import {
  rfs_activate_filter, rfs_deactivate_filter, rfs_register_filter, rfs_set_mod_cb, rfs_set_operations,
  rfs_unregister_filter, type rfs_filter,
} from './filter.js';
import { rfs_get_filename, rfs_rem_path, rfs_rem_paths, rfs_set_path } from './path.js';
import {
  urfs_def_entries, urfs_def_verdict, type urfs_call, type urfs_def_context, type urfs_filter_def,
  type urfs_handler, type urfs_iattr, type urfs_obj, type urfs_op_args_map, type urfs_op_name,
} from './filter_def.js';
import { new_encode_dev } from '@urfs/emu-kernel/kernel/kdev_t';

const name_of = (o: Dentry | File | null | undefined): string => (o ? rfs_get_filename(o).name : '');

function iattr_of(at: { mode?: number; uid?: number; gid?: number; size?: number; atime?: number; mtime?: number }):
  urfs_iattr {
  const r: urfs_iattr = {};
  for (const k of ['mode', 'uid', 'gid', 'size', 'atime', 'mtime'] as const) if (at[k] !== undefined) r[k] = at[k];
  return r;
}

/** The typed arguments of a kernel callback; the data (post-read, pre-write) in a kernel copy. */
function typed_args(a: rfs_args): { args: urfs_op_args_map[urfs_op_name]; data: Uint8Array | null } {
  switch (a.op) {
    case 'open': case 'release': case 'flush': case 'readdir': case 'read': case 'write': case 'llseek':
    case 'ioctl': case 'poll': case 'mmap': {
      const f = a.args.file;
      const path = name_of(f), f_flags = f.f_flags, mode = f.f_inode.i_mode, ino = f.f_inode.i_ino;
      // Each object is built whole: a spread costs microseconds per call.
      if (a.op === 'llseek') {
        return { args: { path, f_flags, mode, ino, fd: -1, offset: a.args.offset, whence: a.args.whence }, data: null };
      }
      if (a.op !== 'read' && a.op !== 'write') return { args: { path, f_flags, mode, ino, fd: -1 }, data: null };
      const x = a.args;
      const n = a.op === 'read' ? (a.type.call === 'post' ? Math.max(0, a.retv) : 0) : (a.type.call === 'pre' ? x.count : 0);
      let data: Uint8Array | null = null;
      if (n > 0) {
        data = new Uint8Array(n);
        if (copy_from_user(data, x.buf, n)) data = null;
      }
      return { args: { path, f_flags, mode, ino, fd: -1, pos: x.ppos.pos, count: x.count, buf: data }, data };
    }
    case 'permission':
      return { args: { path: name_of(a.args.dentry), mask: a.args.mask, mode: a.args.inode.i_mode, ino: a.args.inode.i_ino },
        data: null };
    case 'setattr': {
      const i = a.args.dentry.d_inode;
      return { args: { path: name_of(a.args.dentry), mode: i?.i_mode ?? 0, ino: i?.i_ino ?? 0, attr: iattr_of(a.args.attr) },
        data: null };
    }
    case 'create': case 'mkdir':
      return { args: { path: name_of(a.args.dentry), mode: a.args.mode }, data: null };
    case 'mknod':
      return { args: { path: name_of(a.args.dentry), mode: a.args.mode, dev: new_encode_dev(a.args.dev) }, data: null };
    case 'rename': {
      const i = a.args.old_dentry.d_inode;
      return { args: { from: name_of(a.args.old_dentry), to: name_of(a.args.new_dentry), mode: i?.i_mode ?? 0,
        ino: i?.i_ino ?? 0 }, data: null };
    }
    case 'link': {
      const i = a.args.old_dentry.d_inode;
      return { args: { path: name_of(a.args.dentry), target: name_of(a.args.old_dentry), mode: i?.i_mode ?? 0,
        ino: i?.i_ino ?? 0 }, data: null };
    }
    case 'symlink':
      return { args: { path: name_of(a.args.dentry), target: a.args.target }, data: null };
    default: {
      const d = a.args.dentry;
      return { args: { path: name_of(d), mode: d.d_inode?.i_mode ?? 0, ino: d.d_inode?.i_ino ?? 0 }, data: null };
    }
  }
}

function context_of(cx: rfs_context): urfs_def_context {
  const c = cx.caller;
  return { caller: { pid: c.pid, uid: c.cred.uid, gid: c.cred.gid, comm: c.pid ? find_task_by_vpid(c.pid)?.comm ?? '' : '' },
    interrupted: false };
}

/** The kernel callback of one entry: the typed call, then the data back and the result applied. */
function callback_of(name: urfs_op_name, h: urfs_handler<urfs_op_name>, type: urfs_obj): rfs_callback {
  return async (cx, a) => {
    const { args, data } = typed_args(a);
    const call = { op: name, call: a.type.call, type, id: a.type.id, retv: a.retv, args } as urfs_call;
    const v = urfs_def_verdict(await h(context_of(cx), call), a.type.call);
    if (data && a.op === 'read' && copy_to_user(a.args.buf, data)) {
      a.retv = -EFAULT;
      return RFS_STOP;
    }
    if (data && a.op === 'write') a.args.buf = kernel_ptr(data);
    if (v.retv !== null) a.retv = v.retv;
    return (v.stop ? RFS_STOP : RFS_CONTINUE) as rfs_retv;
  };
}

function apply_mod(f: rfs_filter, mod: rfs_mod): rfs_err | Promise<rfs_err> {
  switch (mod.type) {
    case 'set_path': return rfs_set_path(f, mod.path_info);
    case 'activate': return rfs_activate_filter(f);
    case 'deactivate': return rfs_deactivate_filter(f);
    case 'rem_path': return rfs_rem_path(f, mod.id);
    case 'rem_paths': return rfs_rem_paths(f);
  }
}

/** The module of a definition (its `name` is the module's and the filter's). */
export function rfs_def_module(def: urfs_filter_def): ModuleDef {
  const params = {
    path: module_param('charp', '', 0o444, 'Directory whose subtree it filters (none: set one with redirctl)'),
    priority: module_param('int', def.priority, 0o444, 'RedirFS priority'),
  };
  let flt: rfs_filter | null = null;
  return {
    license: 'GPL',
    author: 'urfs',
    description: def.description ?? def.name,
    version: '1.0',
    depends: ['redirfs'],
    params,
    async init(): Promise<number> {
      const entries = urfs_def_entries(def.ops);
      const refused = typeof entries === 'string' ? entries : def.start?.({});
      if (refused || typeof entries === 'string') {
        pr_err(`${def.name}: ${refused}`);
        return -EINVAL;
      }
      const r = rfs_register_filter({ name: def.name, priority: Number(params.priority.value), active: 0 });
      if (r.err || !r.filter) return r.err || -EINVAL;
      const f = r.filter;
      const path = String(params.path.value ?? '');
      let err: rfs_err = rfs_set_operations(f, entries.map((e) => ({ op_id: e.op_id,
        pre_cb: e.def.pre ? callback_of(e.name, e.def.pre, e.type) : null,
        post_cb: e.def.post ? callback_of(e.name, e.def.post, e.type) : null })));
      err ||= rfs_set_mod_cb(f, (mod) => apply_mod(f, mod));
      if (!err && path) err = await rfs_set_path(f, { path, flags: RFS_PATH_SUBTREE | RFS_PATH_INCLUDE });
      if (!err) err = rfs_activate_filter(f);
      if (err) {
        rfs_unregister_filter(f);
        return err;
      }
      flt = f;
      pr_info(`${def.name}: active${path ? ` on ${path}` : ''}`);
      return 0;
    },
    exit(): void {
      if (flt) {
        rfs_deactivate_filter(flt);
        rfs_unregister_filter(flt);
      }
      flt = null;
    },
  };
}
