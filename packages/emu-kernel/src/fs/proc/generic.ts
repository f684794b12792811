// Registering entries in /proc (fs/proc/generic.c): proc_mkdir, proc_create(_data), proc_symlink,
// remove_proc_entry, and Linux 2.6's create_proc_entry. An entry appears in the proc dcache at once,
// so a path walk finds it like any dcache-only file system's file.
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, S_IRUGO, S_IXUGO, S_ISDIR } from '../../uapi/stat.js';
import type { SuperBlock } from '../fs.js';
import { simple_create_child, simple_dir_operations, simple_lookup, simple_remove } from '../libfs.js';
import { seq_lseek, seq_open, seq_read, seq_release, single_open, single_release, type SeqFile,
  type SeqOperations } from '../seq_file.js';
import { pr_err, pr_warn } from '../../kernel/printk.js';
import { ProcDirEntry, type ProcOps } from './internal.js';
import { proc_file_inode_operations, proc_notify_change, proc_reg_file_ops } from './inode.js';

interface ProcTree {
  sb: SuperBlock | null;
  root: ProcDirEntry;
}
const tree: ProcTree = { sb: null, root: new ProcDirEntry('/proc', S_IFDIR | 0o555, null) };

/** The /proc directory itself (proc_root); a null parent in the calls below means this one. */
export function proc_root(): ProcDirEntry {
  return tree.root;
}

/** Called by proc_root_init with the (only) proc super block: the root entry is its root dentry. */
export function proc_tree_init(sb: SuperBlock): void {
  tree.sb = sb;
  tree.root = new ProcDirEntry('/proc', S_IFDIR | 0o555, null);
  tree.root.dentry = sb.s_root;
  sb.s_root.d_inode!.i_private = tree.root;
}

const proc_dir_inode_operations = { lookup: simple_lookup, setattr: proc_notify_change };

/** Puts the entry into the proc dcache under its parent's dentry. Returns 0 or -errno. */
function proc_register(parent: ProcDirEntry, de: ProcDirEntry): number {
  if (!parent.dentry) return -2; // ENOENT: the parent was removed
  const t = de.mode & S_IFMT;
  const d = simple_create_child(parent.dentry, de.name, de.mode, {
    data: de, uid: de.uid, gid: de.gid, size: de.size,
    fops: t === S_IFDIR ? simple_dir_operations : t === S_IFREG ? proc_reg_file_ops(de) : undefined,
    iops: t === S_IFDIR ? proc_dir_inode_operations
      : t === S_IFLNK ? { get_link: () => de.link ?? -22, setattr: proc_notify_change }
      : proc_file_inode_operations,
  });
  if (typeof d === 'number') return d;
  if (t === S_IFLNK) d.d_inode!.i_size = de.link?.length ?? 0;
  de.dentry = d;
  parent.subdir.set(de.name, de);
  return 0;
}

/** Splits "a/b/c" under `parent` into the existing directory a/b and the last name (xlate_proc_name). */
function xlate_proc_name(name: string, parent: ProcDirEntry | null): { dir: ProcDirEntry; last: string } | null {
  let dir = parent ?? tree.root;
  const parts = name.split('/');
  const last = parts.pop()!;
  for (const p of parts) {
    if (!p) continue;
    const next = dir.subdir.get(p);
    if (!next || !S_ISDIR(next.mode)) {
      pr_warn(`proc: cannot find ${p} on the way to ${name}`);
      return null;
    }
    dir = next;
  }
  if (!last || last === '.' || last === '..') return null;
  return { dir, last };
}

function proc_create_entry(name: string, mode: number, parent: ProcDirEntry | null): ProcDirEntry | null {
  const x = xlate_proc_name(name, parent);
  if (!x) return null;
  if (x.dir.subdir.has(x.last)) {
    pr_err(`proc_dir_entry '${x.dir === tree.root ? '' : x.dir.name + '/'}${x.last}' already registered`);
    return null;
  }
  const de = new ProcDirEntry(x.last, mode, x.dir);
  if (proc_register(x.dir, de) < 0) return null;
  return de;
}

/** proc_mkdir(name, parent): a directory (mode 0555); null if the name is taken. */
export function proc_mkdir(name: string, parent: ProcDirEntry | null = null): ProcDirEntry | null {
  return proc_mkdir_mode(name, 0o555, parent);
}
export function proc_mkdir_mode(name: string, mode: number, parent: ProcDirEntry | null = null): ProcDirEntry | null {
  return proc_create_entry(name, S_IFDIR | (mode & 0o7777), parent);
}
export function proc_mkdir_data(name: string, mode: number, parent: ProcDirEntry | null, data: unknown): ProcDirEntry | null {
  const de = proc_mkdir_mode(name, mode || 0o555, parent);
  if (de) de.data = data;
  return de;
}

function file_mode(mode: number): number {
  if ((mode & S_IFMT) === 0) mode |= S_IFREG;
  if ((mode & 0o7777) === 0) mode |= S_IRUGO;
  return mode;
}

/** proc_create_data(name, mode, parent, proc_ops, data): a file; mode 0 means 0444. Null if taken. */
export function proc_create_data(name: string, mode: number, parent: ProcDirEntry | null, proc_ops: ProcOps | null,
  data: unknown): ProcDirEntry | null {
  mode = file_mode(mode);
  if ((mode & S_IFMT) !== S_IFREG) {
    pr_err(`proc_create_data: ${name}: not a regular file mode`);
    return null;
  }
  const x = xlate_proc_name(name, parent);
  if (!x) return null;
  if (x.dir.subdir.has(x.last)) {
    pr_err(`proc_dir_entry '${x.last}' already registered`);
    return null;
  }
  const de = new ProcDirEntry(x.last, mode, x.dir);
  de.proc_ops = proc_ops;
  de.data = data;
  if (proc_register(x.dir, de) < 0) return null;
  return de;
}

/** proc_create(name, mode, parent, proc_ops). */
export function proc_create(name: string, mode: number, parent: ProcDirEntry | null, proc_ops: ProcOps | null): ProcDirEntry | null {
  return proc_create_data(name, mode, parent, proc_ops, undefined);
}

/** A seq_file proc file from a seq_operations table (proc_create_seq_data); PDE data becomes m.private. */
export function proc_create_seq_data<V>(name: string, mode: number, parent: ProcDirEntry | null, ops: SeqOperations<V>,
  data?: unknown): ProcDirEntry | null {
  return proc_create_data(name, mode, parent, {
    proc_open(inode, file) {
      const r = seq_open(file, ops);
      (file.private_data as SeqFile<V>).private = (inode.i_private as ProcDirEntry).data;
      return r;
    },
    proc_read: seq_read,
    proc_lseek: seq_lseek,
    proc_release: seq_release,
  }, data);
}
export const proc_create_seq = <V>(name: string, mode: number, parent: ProcDirEntry | null, ops: SeqOperations<V>) =>
  proc_create_seq_data(name, mode, parent, ops);

/** A one-record seq_file proc file (proc_create_single_data): `show` prints the whole file. */
export function proc_create_single_data(name: string, mode: number, parent: ProcDirEntry | null,
  show: (m: SeqFile<unknown>, v: unknown) => number | void, data?: unknown): ProcDirEntry | null {
  return proc_create_data(name, mode, parent, {
    proc_open: (inode, file) => single_open(file, show, (inode.i_private as ProcDirEntry).data),
    proc_read: seq_read,
    proc_lseek: seq_lseek,
    proc_release: single_release,
  }, data);
}
export const proc_create_single = (name: string, mode: number, parent: ProcDirEntry | null,
  show: (m: SeqFile<unknown>, v: unknown) => number | void) => proc_create_single_data(name, mode, parent, show);

/**
 * Linux 2.6's create_proc_entry(name, mode, parent): a file (or, with S_IFDIR in mode, a directory)
 * whose read_proc / write_proc / data fields the caller fills in afterwards. Null if the name is taken.
 */
export function create_proc_entry(name: string, mode: number, parent: ProcDirEntry | null = null): ProcDirEntry | null {
  if (S_ISDIR(mode)) {
    if ((mode & 0o7777) === 0) mode |= S_IRUGO | S_IXUGO;
    return proc_create_entry(name, mode, parent);
  }
  return proc_create_entry(name, file_mode(mode), parent);
}

/** A symlink in /proc pointing at `dest` (proc_symlink). */
export function proc_symlink(name: string, parent: ProcDirEntry | null, dest: string): ProcDirEntry | null {
  const x = xlate_proc_name(name, parent);
  if (!x) return null;
  if (x.dir.subdir.has(x.last)) return null;
  const de = new ProcDirEntry(x.last, S_IFLNK | 0o777, x.dir);
  de.link = dest;
  de.size = dest.length;
  if (proc_register(x.dir, de) < 0) return null;
  return de;
}

export function proc_set_size(de: ProcDirEntry, size: number): void {
  de.size = size;
}
export function proc_set_user(de: ProcDirEntry, uid: number, gid: number): void {
  de.uid = uid;
  de.gid = gid;
}

function unlink_entry(de: ProcDirEntry): void {
  for (const c of [...de.subdir.values()]) unlink_entry(c);
  de.subdir.clear();
  de.removed = true;
  if (de.dentry) simple_remove(de.dentry);
  de.dentry = null;
  if (de.parent?.subdir.get(de.name) === de) de.parent.subdir.delete(de.name);
}

/**
 * remove_proc_entry(name, parent): removes the entry. A directory that still has entries loses them too,
 * with a warning (Linux leaks them). Open files of a removed entry read and write EIO.
 */
export function remove_proc_entry(name: string, parent: ProcDirEntry | null = null): void {
  const x = xlate_proc_name(name, parent);
  const de = x?.dir.subdir.get(x.last);
  if (!de) {
    pr_err(`remove_proc_entry: ${name}: no such entry`);
    return;
  }
  if (de.subdir.size) {
    pr_warn(`remove_proc_entry: removing non-empty directory '${de.name}', leaking at least '${de.subdir.keys().next().value}'`);
  }
  unlink_entry(de);
}

/** Removes an entry and everything below it (remove_proc_subtree). Returns 0 or -ENOENT. */
export function remove_proc_subtree(name: string, parent: ProcDirEntry | null = null): number {
  const x = xlate_proc_name(name, parent);
  const de = x?.dir.subdir.get(x.last);
  if (!de) return -2;
  unlink_entry(de);
  return 0;
}

/** proc_remove(de): removes the entry and its subtree; a null entry is ignored. */
export function proc_remove(de: ProcDirEntry | null | undefined): void {
  if (de && !de.removed) unlink_entry(de);
}
