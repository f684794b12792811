// Socket control messages (net/core/scm.c): SCM_RIGHTS descriptors read from a sendmsg's control buffer
// into file references, and written back into a recvmsg's as new descriptors of the receiver.
import { EBADF, EFAULT, EINVAL, EPERM } from '../../uapi/errno.js';
import { O_CLOEXEC } from '../../uapi/fcntl.js';
import {
  SOL_SOCKET, SCM_RIGHTS, SCM_CREDENTIALS, SCM_MAX_FD, CMSGHDR_SIZE, CMSG_LEN_OFF, CMSG_LEVEL_OFF, CMSG_TYPE_OFF,
  CMSG_ALIGN, CMSG_LEN, CMSG_SPACE, MSG_CTRUNC, MSG_CMSG_CLOEXEC, UCRED_SIZE,
} from '../../uapi/socket.js';
import type { File } from '../../fs/fs.js';
import { fd_install_task, fput, get_file } from '../../fs/file.js';
import { vcaller } from '../../fs/fs_struct.js';
import type { Task } from '../../kernel/task.js';
import { UserPtr, copy_from_user, copy_to_user } from '../../mm/uaccess.js';

/** The credentials a message carries (struct ucred). */
export interface Ucred {
  pid: number;
  uid: number;
  gid: number;
}

/** struct scm_cookie: what a sendmsg's control messages hand to the family. */
export interface ScmCookie {
  /** SCM_RIGHTS: each a reference of the cookie's, dropped by scm_destroy. */
  files: File[];
  /** SCM_CREDENTIALS, when the sender gave them. */
  creds: Ucred | null;
}

/** Largest control buffer sendmsg reads (net.core.optmem_max). */
export const OPTMEM_MAX = 20480;

/** __scm_send: parses `len` bytes of control messages at `uctl`; the cookie holds references on the files. */
export async function scm_send(task: Task, uctl: number, len: number): Promise<ScmCookie | number> {
  const scm: ScmCookie = { files: [], creds: null };
  if (!uctl || len === 0) return scm;
  if (len < 0 || len > OPTMEM_MAX) return -EINVAL;
  const b = new Uint8Array(len);
  if (copy_from_user(b, new UserPtr(task.mm, uctl), len)) return -EFAULT;
  const v = new DataView(b.buffer);
  let err = 0;
  for (let off = 0; off + CMSGHDR_SIZE <= len; ) {
    const clen = Number(v.getBigUint64(off + CMSG_LEN_OFF, true));
    if (clen < CMSGHDR_SIZE || clen > len - off) {
      err = -EINVAL;
      break;
    }
    const level = v.getInt32(off + CMSG_LEVEL_OFF, true), type = v.getInt32(off + CMSG_TYPE_OFF, true);
    const data = off + CMSGHDR_SIZE, dlen = clen - CMSGHDR_SIZE;
    if (level !== SOL_SOCKET) {
      err = -EINVAL;
      break;
    }
    if (type === SCM_RIGHTS) {
      const n = Math.floor(dlen / 4);
      if (n === 0 || n * 4 !== dlen || scm.files.length + n > SCM_MAX_FD) {
        err = -EINVAL;
        break;
      }
      for (let i = 0; i < n && !err; i++) {
        const f = task.files.lookup_fd_raw(v.getInt32(data + i * 4, true));
        if (f) scm.files.push(get_file(f));
        else err = -EBADF;
      }
      if (err) break;
    } else if (type === SCM_CREDENTIALS) {
      if (dlen !== UCRED_SIZE) {
        err = -EINVAL;
        break;
      }
      const c = { pid: v.getInt32(data, true), uid: v.getUint32(data + 4, true), gid: v.getUint32(data + 8, true) };
      // Without CAP_SYS_ADMIN/CAP_SETUID (root here) one may only claim what one is.
      const cr = task.cred;
      if (cr.euid !== 0 && (c.pid !== task.pid || ![cr.uid, cr.euid].includes(c.uid) || ![cr.gid, cr.egid].includes(c.gid))) {
        err = -EPERM;
        break;
      }
      scm.creds = c;
    } else {
      err = -EINVAL;
      break;
    }
    off += CMSG_ALIGN(clen);
  }
  if (err) {
    await scm_destroy(task, scm);
    return err;
  }
  return scm;
}

/** scm_destroy: drops the cookie's file references. */
export async function scm_destroy(task: Task | null, scm: ScmCookie): Promise<void> {
  const files = scm.files.splice(0);
  for (const f of files) await put_inflight(task, f);
}

async function put_inflight(task: Task | null, f: File): Promise<void> {
  await fput(f, task ? vcaller(task) : { pid: 0, cred: f.f_cred });
}
export { put_inflight as scm_fput };

/** What the family gives back with a message for recvmsg's control buffer. */
export interface ScmRecv {
  files?: File[];
  creds?: Ucred | null;
}

/**
 * scm_recv + scm_detach_fds: writes the messages into the `clen` bytes at `uctl`, installing each passed
 * file as a new descriptor of `task` (the references become the table's). What does not fit is dropped
 * and MSG_CTRUNC set. Returns the msg_flags to add and the control length used, or -errno.
 */
export async function scm_recv(task: Task, uctl: number, clen: number, r: ScmRecv, flags: number):
  Promise<{ flags: number; used: number } | number> {
  const files = r.files ?? [];
  let used = 0, mflags = 0;
  const out: Uint8Array[] = [];
  if (r.creds) {
    if (!uctl || clen - used < CMSG_LEN(UCRED_SIZE)) mflags |= MSG_CTRUNC;
    else {
      const c = cmsg(SCM_CREDENTIALS, UCRED_SIZE, Math.min(CMSG_SPACE(UCRED_SIZE), clen - used));
      const v = new DataView(c.buffer);
      v.setInt32(CMSGHDR_SIZE, r.creds.pid, true);
      v.setUint32(CMSGHDR_SIZE + 4, r.creds.uid, true);
      v.setUint32(CMSGHDR_SIZE + 8, r.creds.gid, true);
      out.push(c);
      used += c.length;
    }
  }
  let fit = 0;
  if (files.length) {
    fit = uctl ? Math.max(0, Math.min(files.length, Math.floor((clen - used - CMSGHDR_SIZE) / 4))) : 0;
    if (fit < files.length) mflags |= MSG_CTRUNC;
  }
  const fds: number[] = [];
  for (let i = 0; i < files.length; i++) {
    if (i >= fit) {
      await put_inflight(task, files[i]);
      continue;
    }
    const fd = await fd_install_task(task, files[i], flags & MSG_CMSG_CLOEXEC ? O_CLOEXEC : 0);
    if (fd < 0) {
      mflags |= MSG_CTRUNC;
      for (const f of files.slice(i + 1, fit)) await put_inflight(task, f);
      break;
    }
    fds.push(fd);
  }
  if (fds.length) {
    const c = cmsg(SCM_RIGHTS, fds.length * 4, Math.min(CMSG_SPACE(fds.length * 4), clen - used));
    const v = new DataView(c.buffer);
    fds.forEach((fd, i) => v.setInt32(CMSGHDR_SIZE + i * 4, fd, true));
    out.push(c);
    used += c.length;
  }
  let off = 0;
  for (const c of out) {
    if (copy_to_user(new UserPtr(task.mm, uctl + off), c)) return -EFAULT;
    off += c.length;
  }
  return { flags: mflags, used };
}

/** A control message of `dlen` data bytes in a buffer of `space` (the aligned size, or less at the end). */
function cmsg(type: number, dlen: number, space: number): Uint8Array {
  const c = new Uint8Array(Math.max(space, CMSG_LEN(dlen)));
  const v = new DataView(c.buffer);
  v.setBigUint64(CMSG_LEN_OFF, BigInt(CMSG_LEN(dlen)), true);
  v.setInt32(CMSG_LEVEL_OFF, SOL_SOCKET, true);
  v.setInt32(CMSG_TYPE_OFF, type, true);
  return c;
}
