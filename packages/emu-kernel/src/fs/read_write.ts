// read, write, pread, pwrite, lseek (fs/read_write.c), each through the VFS hook.
import { EBADF, EINVAL, ESPIPE, EFAULT, EISDIR, EINTR } from '../uapi/errno.js';
import { SEEK_CUR, SEEK_END, SEEK_SET, O_APPEND } from '../uapi/fcntl.js';
import { S_ISDIR, S_ISFIFO, S_ISREG, S_ISUID, S_ISGID } from '../uapi/stat.js';
import { FMODE_READ, FMODE_WRITE, type File, type Inode, type Loff } from './fs.js';
import { mutex_init, mutex_lock_interruptible, mutex_unlock, type Mutex } from '../kernel/mutex.js';
import { vfs_dispatch, type VfsCaller } from './vfs_hook.js';
import { UserPtr, kernel_ptr } from '../mm/uaccess.js';
import type { Task } from '../kernel/task.js';
import { vcaller } from './fs_struct.js';
import { fdget, fdput, with_fd } from './file.js';
import { iversion_on_success } from './iversion.js';
import { file_remove_privs } from './open.js';

/** Largest count one read or write moves, as Linux's MAX_RW_COUNT. */
export const MAX_RW_COUNT = 0x7ffff000;

export async function vfs_read(file: File, buf: UserPtr, count: number, ppos: Loff, caller: VfsCaller): Promise<number> {
  if (!(file.f_mode & FMODE_READ)) return -EBADF;
  if (S_ISDIR(file.f_inode.i_mode)) return -EISDIR;
  if (!file.f_op.read) return -EINVAL;
  // Counts arrive as float64: NaN or a fraction is as invalid as a negative size_t would be.
  if (!Number.isInteger(count) || count < 0) return -EINVAL;
  count = Math.min(count, MAX_RW_COUNT);
  if (count && !buf.mm.access_ok(buf.addr, count)) return -EFAULT;
  return vfs_dispatch('read', { file, buf, count, ppos }, caller, (a) => a.file.f_op.read!(a.file, a.buf, a.count, a.ppos));
}

export async function vfs_write(file: File, buf: UserPtr, count: number, ppos: Loff, caller: VfsCaller): Promise<number> {
  if (!(file.f_mode & FMODE_WRITE)) return -EBADF;
  if (!file.f_op.write) return -EINVAL;
  if (!Number.isInteger(count) || count < 0) return -EINVAL;
  count = Math.min(count, MAX_RW_COUNT);
  if (count && !buf.mm.access_ok(buf.addr, count)) return -EFAULT;
  if (file.f_flags & O_APPEND && file.f_op.append_at_size) return append_write(file, buf, count, ppos, caller);
  return dispatch_write(file, buf, count, ppos, caller);
}

/**
 * Appends to a file that asks for it start at its size, set before the write is dispatched (as Linux's
 * generic_write_checks sets ki_pos), so a filter's pre-write sees where the bytes will land. Appends to
 * one inode are serialised meanwhile (Linux holds i_rwsem), so that size is still the end when the file
 * system writes, however long a filter takes.
 */
const append_locks = new WeakMap<Inode, Mutex>();
async function append_write(file: File, buf: UserPtr, count: number, ppos: Loff, caller: VfsCaller): Promise<number> {
  const inode = file.f_inode;
  let lock = append_locks.get(inode);
  if (!lock) append_locks.set(inode, (lock = mutex_init()));
  if (await mutex_lock_interruptible(lock)) return -EINTR;
  try {
    ppos.pos = inode.i_size;
    return await dispatch_write(file, buf, count, ppos, caller);
  } finally {
    mutex_unlock(lock);
  }
}

function dispatch_write(file: File, buf: UserPtr, count: number, ppos: Loff, caller: VfsCaller): Promise<number> | number {
  // A write that moved bytes changed the object (the file systems' file_modified): bumped before the
  // post-callbacks run, so they see the version the data now has.
  // A regular file written by an unprivileged caller loses its set-id bits first (file_remove_privs, as
  // the file systems' write_iter does); a write of nothing changes nothing.
  // Only a file with such a bit takes the slower way.
  return vfs_dispatch('write', { file, buf, count, ppos }, caller, (a) => {
    const write = () => iversion_on_success(a.file.f_op.write!(a.file, a.buf, a.count, a.ppos), 1, a.file.f_inode);
    const inode = a.file.f_inode;
    if (a.count === 0 || !S_ISREG(inode.i_mode) || !(inode.i_mode & (S_ISUID | S_ISGID))) return write();
    return file_remove_privs(a.file, caller).then((k) => (k < 0 ? k : write()));
  });
}

/** Reads into a kernel buffer (kernel_read): used by exec and by modules that read files. */
export function kernel_read(file: File, buf: Uint8Array, pos: Loff, caller: VfsCaller): Promise<number> {
  return vfs_read(file, kernel_ptr(buf), buf.length, pos, caller);
}
export function kernel_write(file: File, buf: Uint8Array, pos: Loff, caller: VfsCaller): Promise<number> {
  return vfs_write(file, kernel_ptr(buf), buf.length, pos, caller);
}

/** Files whose position means nothing (pipes, sockets) read and write without moving one. */
function stream(file: File): boolean {
  return S_ISFIFO(file.f_inode.i_mode);
}

type RwFn = (file: File, buf: UserPtr, count: number, ppos: Loff, caller: VfsCaller) => Promise<number>;

/**
 * read(2)/write(2) at the file position. The file is referenced for the whole call (fdget/fdput): a
 * close or exit while a filter holds the call up cannot release it under the operation.
 */
async function rw_at_pos(task: Task, fd: number, buf: number, count: number, op: RwFn): Promise<number> {
  const f = fdget(task, fd);
  if (!f) return -EBADF;
  try {
    const pos = { pos: f.f_pos };
    const r = await op(f, new UserPtr(task.mm, buf), count, pos, vcaller(task, f.f_path));
    if (r > 0 && !stream(f)) f.f_pos = pos.pos;
    return r;
  } finally {
    const p = fdput(f, task);
    if (p) await p;
  }
}

export function sys_read(task: Task, fd: number, buf: number, count: number): Promise<number> {
  return rw_at_pos(task, fd, buf, count, vfs_read);
}

export function sys_write(task: Task, fd: number, buf: number, count: number): Promise<number> {
  return rw_at_pos(task, fd, buf, count, vfs_write);
}

export function sys_pread64(task: Task, fd: number, buf: number, count: number, pos: number): Promise<number> {
  return with_fd(task, fd, (f) => {
    if (pos < 0) return -EINVAL;
    if (stream(f)) return -ESPIPE;
    return vfs_read(f, new UserPtr(task.mm, buf), count, { pos }, vcaller(task, f.f_path));
  });
}

export function sys_pwrite64(task: Task, fd: number, buf: number, count: number, pos: number): Promise<number> {
  return with_fd(task, fd, (f) => {
    if (pos < 0) return -EINVAL;
    if (stream(f)) return -ESPIPE;
    return vfs_write(f, new UserPtr(task.mm, buf), count, { pos }, vcaller(task, f.f_path));
  });
}

/** lseek over the file's own llseek, or the default (no size limit) one. */
export async function vfs_llseek(file: File, offset: number, whence: number, caller: VfsCaller): Promise<number> {
  if (whence !== SEEK_SET && whence !== SEEK_CUR && whence !== SEEK_END) return -EINVAL;
  if (stream(file)) return -ESPIPE;
  return vfs_dispatch('llseek', { file, offset, whence }, caller, (a) => {
    if (a.file.f_op.llseek) return a.file.f_op.llseek(a.file, a.offset, a.whence);
    const base = a.whence === SEEK_SET ? 0 : a.whence === SEEK_CUR ? a.file.f_pos : a.file.f_inode.i_size;
    const pos = base + a.offset;
    if (pos < 0) return -EINVAL;
    a.file.f_pos = pos;
    return pos;
  });
}

export function sys_lseek(task: Task, fd: number, offset: number, whence: number): Promise<number> {
  return with_fd(task, fd, (f) => vfs_llseek(f, offset, whence, vcaller(task, f.f_path)));
}
