// procfs's own objects (fs/proc/internal.h, include/linux/proc_fs.h): the proc_dir_entry tree that
// kernel code registers files in, the proc_ops a file's owner fills in, and the legacy read_proc /
// write_proc callbacks of Linux 2.6.
import type { Dentry, File, Inode, Loff, MaybePromise } from '../fs.js';
import type { UserPtr } from '../../mm/uaccess.js';
import type { PollTable } from '../poll_table.js';
import type { VmArea } from '../../mm/mm.js';
import type { Module } from '../../kernel/module_types.js';

/** What a proc file does (include/linux/proc_fs.h struct proc_ops). Every member is optional. */
export interface ProcOps {
  /**
   * Not in Linux's proc_ops (proc uses its own use counts instead): the module whose code these are, so
   * an open file keeps it loaded. Set it to THIS_MODULE in a module.
   */
  owner?: Module | null;
  proc_open?(inode: Inode, file: File): MaybePromise<number>;
  proc_read?(file: File, buf: UserPtr, count: number, ppos: Loff): MaybePromise<number>;
  proc_write?(file: File, buf: UserPtr, count: number, ppos: Loff): MaybePromise<number>;
  proc_lseek?(file: File, offset: number, whence: number): MaybePromise<number>;
  proc_release?(inode: Inode, file: File): MaybePromise<number | void>;
  proc_ioctl?(file: File, cmd: number, arg: UserPtr): MaybePromise<number>;
  proc_poll?(file: File, pt: PollTable): number;
  proc_mmap?(file: File, vma: VmArea): MaybePromise<number>;
}

/**
 * Where the data of a legacy read_proc call starts (`char **start`). Leave `value` null for the simple
 * style (the whole file printed from page[0]; the kernel picks the bytes at `off`); set it to an offset
 * in `page` (`*start = page + n`) when the callback printed the bytes at file offset `off` itself; or set
 * `advance` for the old "*start = (char *)k" hack (the data sits at page[0] and the file position moves
 * by k, not by the byte count).
 */
export interface ProcStart {
  value: number | null;
  advance?: number;
}

/**
 * Linux 2.6's read_proc(page, start, off, count, eof, data): prints into `page` (a PAGE_SIZE kernel
 * buffer), sets eof.value = 1 at the end, returns the byte count (0: end of file) or -errno.
 */
export type ReadProc = (page: Uint8Array, start: ProcStart, off: number, count: number, eof: { value: number },
  data: unknown) => number;
/** Linux 2.6's write_proc(file, buffer, count, data): `buffer` is the user's; returns bytes taken or -errno. */
export type WriteProc = (file: File, buffer: UserPtr, count: number, data: unknown) => MaybePromise<number>;

/** One entry of the /proc tree (struct proc_dir_entry). */
export class ProcDirEntry {
  readonly subdir = new Map<string, ProcDirEntry>();
  proc_ops: ProcOps | null = null;
  /** The private pointer of the entry: PDE_DATA(inode) returns it. */
  data: unknown = undefined;
  /** Legacy callbacks (create_proc_entry); honoured when the entry has no proc_ops. */
  read_proc: ReadProc | null = null;
  write_proc: WriteProc | null = null;
  /** Legacy owner field: the module an open file of this entry pins. */
  owner: Module | null = null;
  /** Target of a symlink entry (proc_symlink). */
  link: string | null = null;
  /** Its dentry in the proc super block, while the entry is registered. */
  dentry: Dentry | null = null;
  /** Set by remove_proc_entry: open files get EIO from then on. */
  removed = false;
  private _mode: number;
  private _uid = 0;
  private _gid = 0;
  private _size = 0;

  constructor(readonly name: string, mode: number, public parent: ProcDirEntry | null) {
    this._mode = mode;
  }

  private get inode(): Inode | null {
    return this.dentry?.d_inode ?? null;
  }
  // Legacy code sets these after creation (entry->size = n; entry->uid = 0): keep the inode in step.
  get mode(): number {
    return this._mode;
  }
  set mode(m: number) {
    this._mode = m;
    if (this.inode) this.inode.i_mode = m;
  }
  get uid(): number {
    return this._uid;
  }
  set uid(u: number) {
    this._uid = u;
    if (this.inode) this.inode.i_uid = u;
  }
  get gid(): number {
    return this._gid;
  }
  set gid(g: number) {
    this._gid = g;
    if (this.inode) this.inode.i_gid = g;
  }
  get size(): number {
    return this._size;
  }
  set size(s: number) {
    this._size = s;
    if (this.inode) this.inode.i_size = s;
  }
}
