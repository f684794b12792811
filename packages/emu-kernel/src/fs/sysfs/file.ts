// Attribute files of sysfs (fs/sysfs/file.c with kernfs's file.c): one value per file. A read at offset
// 0 calls the type's show into a PAGE_SIZE buffer; a write hands at most PAGE_SIZE bytes to its store.
//
// Choices, as Linux does:
// - show output longer than PAGE_SIZE is cut to PAGE_SIZE with a warning (as 2.6 allowed a full page);
// - a write of more than PAGE_SIZE bytes is cut to PAGE_SIZE (a short write), not refused;
// - an attribute whose mode has no write bits cannot be opened for writing, by root either (EACCES), and
//   one with no read bits cannot be opened for reading; a ktype without show/store refuses opens the same
//   way, while a kobj_attribute without its own store answers writes with EIO;
// - once the attribute (or its kobject) is removed, open files read and write ENODEV.
import { mutex_init, mutex_lock_interruptible, mutex_trylock, mutex_unlock, type Mutex } from '../../kernel/mutex.js';
import { EACCES, EFAULT, EIO, ENODEV, ENOENT, EEXIST } from '../../uapi/errno.js';
import { S_IFREG } from '../../uapi/stat.js';
import { PAGE_SIZE } from '../../uapi/mman.js';
import { POLLERR, POLLIN, POLLOUT, POLLPRI, POLLRDNORM, POLLWRNORM } from '../../uapi/poll.js';
import { FMODE_READ, FMODE_WRITE, type Dentry, type File, type FileOperations, type Inode,
  type InodeOperations } from '../fs.js';
import type { Cred } from '../../kernel/cred.js';
import { default_llseek, simple_create_child, simple_read_from_buffer, simple_remove } from '../libfs.js';
import { generic_permission, MAY_READ, MAY_WRITE } from '../namei.js';
import { copy_from_user } from '../../mm/uaccess.js';
import { pr_warn } from '../../kernel/printk.js';
import { WaitQueueHead } from '../../kernel/wait.js';
import { poll_wait } from '../poll_table.js';
import { format } from '../../lib/vsprintf.js';
import { kobj_sysfs_ops, type Attribute, type Kobject, type SysfsOps } from '../../lib/kobject.js';
import { sysfs_path, sysfs_setattr, sysfs_warn_dup } from './dir.js';

/** What a sysfs attribute inode carries (kernfs_node's attribute part). */
export interface SysfsAttrNode {
  kobj: Kobject;
  attr: Attribute;
  /** Bumped by sysfs_notify; pollers see POLLPRI | POLLERR when it moved since their last read. */
  event: number;
  readonly poll: WaitQueueHead;
}

interface SysfsOpenFile {
  buf: Uint8Array | null;
  /** The page show() writes into, allocated at the first read and kept while open (as 2.6's buffer->page). */
  page: Uint8Array | null;
  /** Serialises reads of one open file, which share `page` (Linux's of->mutex). */
  mutex: Mutex;
  event: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function sysfs_ops_of(kobj: Kobject): SysfsOps {
  return kobj.ktype?.sysfs_ops ?? kobj_sysfs_ops;
}

function node_of(inode: Inode): SysfsAttrNode {
  return inode.i_private as SysfsAttrNode;
}

/** Mode bits bind root too on sysfs attributes (kernfs_fop_open's S_IRUGO / S_IWUGO checks). */
export function sysfs_permission(inode: Inode, mask: number, cred: Cred): number {
  if (mask & MAY_WRITE && !(inode.i_mode & 0o222)) return -EACCES;
  if (mask & MAY_READ && !(inode.i_mode & 0o444)) return -EACCES;
  return generic_permission(inode, mask, cred);
}

const sysfs_attr_inode_operations: InodeOperations = { permission: sysfs_permission, setattr: sysfs_setattr };

/** Calls show into the open file's page and returns the bytes the file reads as, or -errno. */
async function fill_read_buffer(node: SysfsAttrNode, file: File, s: SysfsOpenFile): Promise<Uint8Array | number> {
  const ops = sysfs_ops_of(node.kobj);
  if (!ops.show) return -EIO;
  const page = (s.page ??= new Uint8Array(PAGE_SIZE));
  const r = await ops.show(node.kobj, node.attr, page);
  let out: Uint8Array;
  if (typeof r === 'string') out = enc.encode(r);
  else if (typeof r === 'number' && Number.isInteger(r)) {
    if (r < 0) return r;
    out = page.subarray(0, Math.min(r, PAGE_SIZE));
  } else return -EIO;
  if (out.length > PAGE_SIZE) {
    pr_warn(`fill_read_buffer: ${sysfs_path(file.f_dentry)} show returned bad count ${out.length}`);
    out = out.subarray(0, PAGE_SIZE);
  }
  return out;
}

function st(file: File): SysfsOpenFile {
  return file.private_data as SysfsOpenFile;
}

export const sysfs_file_operations: FileOperations = {
  open(inode, file) {
    const node = node_of(inode);
    if (!file.f_dentry.d_hashed) return -ENODEV;
    const ops = sysfs_ops_of(node.kobj);
    if (file.f_mode & FMODE_WRITE && (!(inode.i_mode & 0o222) || !ops.store)) return -EACCES;
    if (file.f_mode & FMODE_READ && (!(inode.i_mode & 0o444) || !ops.show)) return -EACCES;
    file.private_data = { buf: null, page: null, mutex: mutex_init(), event: node.event } satisfies SysfsOpenFile;
    return 0;
  },
  async read(file, buf, count, ppos) {
    if (!file.f_dentry.d_hashed) return -ENODEV;
    const node = node_of(file.f_inode);
    const s = st(file);
    if (!mutex_trylock(s.mutex)) {
      const e = await mutex_lock_interruptible(s.mutex);
      if (e) return e;
    }
    try {
      if (ppos.pos === 0 || !s.buf) {
        s.event = node.event;
        const r = await fill_read_buffer(node, file, s);
        if (typeof r === 'number') return r;
        s.buf = r;
      }
      return simple_read_from_buffer(buf, count, ppos, s.buf);
    } finally {
      mutex_unlock(s.mutex);
    }
  },
  async write(file, buf, count, ppos) {
    if (!file.f_dentry.d_hashed) return -ENODEV;
    const node = node_of(file.f_inode);
    const n = Math.min(count, PAGE_SIZE);
    if (!n) return 0;
    const bytes = new Uint8Array(n);
    if (copy_from_user(bytes, buf, n)) return -EFAULT;
    const ops = sysfs_ops_of(node.kobj);
    if (!ops.store) return -EIO;
    const r = await ops.store(node.kobj, node.attr, dec.decode(bytes), n, bytes);
    if (typeof r !== 'number' || !Number.isInteger(r)) return -EIO;
    if (r > 0) ppos.pos += r;
    return r;
  },
  llseek: default_llseek,
  poll(file, pt) {
    const node = node_of(file.f_inode);
    poll_wait(file, node.poll, pt);
    const base = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    return st(file).event !== node.event ? base | POLLERR | POLLPRI : base;
  },
  release(_inode, file) {
    file.private_data = undefined;
    return 0;
  },
};

/** Adds an attribute file to the directory `dir` of `kobj`, with `mode`. 0 or -errno. */
export function sysfs_add_file_mode(dir: Dentry, kobj: Kobject, attr: Attribute, mode: number): number {
  const node: SysfsAttrNode = { kobj, attr, event: 0, poll: new WaitQueueHead() };
  const d = simple_create_child(dir, attr.name, S_IFREG | (mode & 0o777), {
    fops: sysfs_file_operations, iops: sysfs_attr_inode_operations, data: node, size: PAGE_SIZE,
  });
  if (typeof d === 'number') {
    if (d === -EEXIST) sysfs_warn_dup(dir, attr.name);
    return d;
  }
  return 0;
}

/** sysfs_create_file(kobj, attr): a file named attr.name with attr.mode in kobj's directory. */
export function sysfs_create_file(kobj: Kobject, attr: Attribute): number {
  if (!kobj.sd) return -ENOENT;
  return sysfs_add_file_mode(kobj.sd, kobj, attr, attr.mode);
}

export function sysfs_create_files(kobj: Kobject, attrs: readonly Attribute[]): number {
  for (let i = 0; i < attrs.length; i++) {
    const r = sysfs_create_file(kobj, attrs[i]);
    if (r) {
      for (let j = 0; j < i; j++) sysfs_remove_file(kobj, attrs[j]);
      return r;
    }
  }
  return 0;
}

/** Removes the attribute's file; open files of it read ENODEV from then on. */
export function sysfs_remove_file(kobj: Kobject, attr: Attribute): void {
  const d = kobj.sd?.child(attr.name);
  if (d) simple_remove(d);
}
export function sysfs_remove_files(kobj: Kobject, attrs: readonly Attribute[]): void {
  for (const a of attrs) sysfs_remove_file(kobj, a);
}

/** Changes the mode of an attribute's file. */
export function sysfs_chmod_file(kobj: Kobject, attr: Attribute, mode: number): number {
  const d = kobj.sd?.child(attr.name);
  if (!d?.d_inode) return -ENOENT;
  d.d_inode.i_mode = S_IFREG | (mode & 0o777);
  return 0;
}

/**
 * Wakes pollers of an attribute (sysfs_notify(kobj, dir, attr)): `dir` names a group subdirectory or is
 * null. Readers see POLLPRI | POLLERR until they read the file again.
 */
export function sysfs_notify(kobj: Kobject, dir: string | null, attr: string): void {
  let d = kobj.sd;
  if (d && dir) d = d.child(dir) ?? null;
  const a = d?.child(attr);
  if (!a?.d_inode) return;
  const node = node_of(a.d_inode);
  node.event++;
  node.poll.wake();
}

/** sysfs_emit(buf, fmt, ...): prints into a show() buffer and returns the count (at most PAGE_SIZE). */
export function sysfs_emit(buf: Uint8Array, fmt: string, ...args: unknown[]): number {
  return sysfs_emit_at(buf, 0, fmt, ...args);
}
export function sysfs_emit_at(buf: Uint8Array, at: number, fmt: string, ...args: unknown[]): number {
  const bytes = enc.encode(format(fmt, ...args));
  const n = Math.max(0, Math.min(bytes.length, PAGE_SIZE - at, buf.length - at));
  buf.set(bytes.subarray(0, n), at);
  return n;
}

/** Compares a written value with a keyword, ignoring one trailing newline (sysfs_streq). */
export function sysfs_streq(s1: string, s2: string): boolean {
  return s1.replace(/\n$/, '') === s2.replace(/\n$/, '');
}
