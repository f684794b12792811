// The connection calls of the socket layer (net/socket.c): connect, listen, accept4, socketpair, shutdown,
// getpeername, and getsockopt/setsockopt, each handing the socket to its family's proto_ops.
import { EFAULT, EINVAL, EOPNOTSUPP } from '../uapi/errno.js';
import { SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_TYPE_MASK, SOMAXCONN } from '../uapi/socket.js';
import { O_NONBLOCK } from '../uapi/fcntl.js';
import type { Task } from '../kernel/task.js';
import { UserPtr, copy_from_user, copy_to_user } from '../mm/uaccess.js';
import { fput } from '../fs/file.js';
import { vcaller } from '../fs/fs_struct.js';
import {
  Socket, sock_create, sock_map_fd, sock_release, with_sock, addr_from_user, addr_to_user,
} from './socket.js';
import { sock_getsockopt, sock_setsockopt } from './core/sock.js';

const file_flags = (s: Socket): number => (s.nonblocking ? O_NONBLOCK : 0);

export function sys_connect(task: Task, fd: number, uaddr: number, len: number): Promise<number> {
  return with_sock(task, fd, async (s) => {
    const a = addr_from_user(task, uaddr, len);
    if (typeof a === 'number') return a;
    if (!s.ops!.connect) return -EOPNOTSUPP;
    return s.ops!.connect(s, a, file_flags(s), task);
  });
}

export function sys_listen(task: Task, fd: number, backlog: number): Promise<number> {
  return with_sock(task, fd, async (s) => {
    if (!s.ops!.listen) return -EOPNOTSUPP;
    // A negative or oversized backlog is clamped, as Linux does with somaxconn.
    const b = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
    return s.ops!.listen(s, b);
  });
}

export function sys_accept4(task: Task, fd: number, uaddr: number, ulen: number, flags: number): Promise<number> {
  if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) return Promise.resolve(-EINVAL);
  return with_sock(task, fd, async (s) => {
    if (!s.ops!.accept) return -EOPNOTSUPP;
    const ns = new Socket(s.family, s.type, s.protocol);
    const r = await s.ops!.accept(s, ns, file_flags(s), task);
    if (r < 0) return r;
    const nfd = sock_map_fd(task, ns, flags);
    if (nfd < 0) {
      await sock_release(ns);
      return nfd;
    }
    const peer = ns.ops!.getname(ns, true);
    const e = addr_to_user(task, typeof peer === 'number' ? null : peer, uaddr, ulen);
    if (e) {
      await close_new(task, nfd);
      return e;
    }
    return nfd;
  });
}

async function close_new(task: Task, fd: number): Promise<void> {
  const f = task.files.remove(fd);
  if (typeof f !== 'number') await fput(f, vcaller(task));
}

export async function sys_socketpair(task: Task, family: number, type: number, protocol: number, usv: number): Promise<number> {
  if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) return -EINVAL;
  const a = sock_create(family, type, protocol, false, task);
  if (typeof a === 'number') return a;
  const b = sock_create(family, type, protocol, false, task);
  if (typeof b === 'number') {
    await sock_release(a);
    return b;
  }
  const r = a.ops!.socketpair ? a.ops!.socketpair(a, b, task) : -EOPNOTSUPP;
  if (r < 0) {
    await sock_release(a);
    await sock_release(b);
    return r;
  }
  const fa = sock_map_fd(task, a, type);
  if (fa < 0) {
    await sock_release(a);
    await sock_release(b);
    return fa;
  }
  const fb = sock_map_fd(task, b, type);
  if (fb < 0) {
    await sock_release(b);
    await close_new(task, fa);
    return fb;
  }
  const sv = new Uint8Array(8);
  new DataView(sv.buffer).setInt32(0, fa, true);
  new DataView(sv.buffer).setInt32(4, fb, true);
  if (copy_to_user(new UserPtr(task.mm, usv), sv)) {
    await close_new(task, fa);
    await close_new(task, fb);
    return -EFAULT;
  }
  return 0;
}

export function sys_shutdown(task: Task, fd: number, how: number): Promise<number> {
  return with_sock(task, fd, async (s) => {
    if (how < 0 || how > 2) return -EINVAL;
    return s.ops!.shutdown ? s.ops!.shutdown(s, how) : -EOPNOTSUPP;
  });
}

export function sys_getpeername(task: Task, fd: number, uaddr: number, ulen: number): Promise<number> {
  return with_sock(task, fd, async (s) => {
    const a = s.ops!.getname(s, true);
    if (typeof a === 'number') return a;
    return addr_to_user(task, a, uaddr, ulen);
  });
}

export function sys_getsockopt(task: Task, fd: number, level: number, optname: number, uval: number, ulen: number): Promise<number> {
  return with_sock(task, fd, async (s) => {
    const lb = new Uint8Array(4);
    if (copy_from_user(lb, new UserPtr(task.mm, ulen), 4)) return -EFAULT;
    const max = new DataView(lb.buffer).getInt32(0, true);
    if (max < 0) return -EINVAL;
    const v = sock_getsockopt(s, level, optname);
    if (typeof v === 'number') return v;
    const n = Math.min(max, v.length);
    if (n && copy_to_user(new UserPtr(task.mm, uval), v.subarray(0, n))) return -EFAULT;
    new DataView(lb.buffer).setInt32(0, n, true);
    return copy_to_user(new UserPtr(task.mm, ulen), lb) ? -EFAULT : 0;
  });
}

export function sys_setsockopt(task: Task, fd: number, level: number, optname: number, uval: number, len: number): Promise<number> {
  return with_sock(task, fd, async (s) => {
    if (len < 0 || len > 4096) return -EINVAL;
    const v = new Uint8Array(len);
    if (len && copy_from_user(v, new UserPtr(task.mm, uval), len)) return -EFAULT;
    return sock_setsockopt(s, level, optname, v);
  });
}
