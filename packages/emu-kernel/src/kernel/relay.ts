// Relay channels (kernel/relay.c): per-CPU buffers of n_subbufs sub-buffers of subbuf_size bytes that the
// kernel fills with relay_write and user space reads from one file per CPU (in debugfs by default).
// A record never spans two sub-buffers: what is left at the end of one is padding, handed to the
// subbuf_start callback as prev_padding and skipped by readers. When every sub-buffer is full,
// subbuf_start decides: the default (and returning false) drops new records until a reader frees a
// sub-buffer ("no-overwrite" mode); returning true overwrites the oldest ("overwrite"/flight-recorder).
// This kernel runs on one CPU at a time: relay_write uses CPU 0's buffer (smp_processor_id() is 0);
// every CPU still gets its file, as in Linux.
import { POLLIN, POLLRDNORM } from '../uapi/poll.js';
import type { Dentry, File, FileOperations, Inode } from '../fs/fs.js';
import { copy_to_user } from '../mm/uaccess.js';
import { debugfs_create_file, debugfs_remove } from '../fs/debugfs/inode.js';
import { poll_wait } from '../fs/poll_table.js';
import { WaitQueueHead } from './wait.js';
import { host } from './host.js';

/** struct rchan_buf: one CPU's buffer. */
export class RchanBuf {
  readonly data: Uint8Array;
  /** Write offset in the current sub-buffer; subbuf_size + 1 marks "full, writes dropped". */
  offset = 0;
  subbufs_produced = 0;
  subbufs_consumed = 0;
  /** Read offset in the sub-buffer being consumed. */
  bytes_consumed = 0;
  readonly padding: number[];
  prev_padding = 0;
  dentry: Dentry | null = null;
  readonly read_wait = new WaitQueueHead();
  finalized = false;
  constructor(readonly chan: Rchan, readonly cpu: number) {
    this.data = new Uint8Array(chan.subbuf_size * chan.n_subbufs);
    this.padding = new Array(chan.n_subbufs).fill(0);
  }
  /** The current sub-buffer's bytes. */
  subbuf(index: number): Uint8Array {
    const s = this.chan.subbuf_size;
    return this.data.subarray(index * s, (index + 1) * s);
  }
}

/** struct rchan_callbacks. */
export interface RchanCallbacks {
  /** A new sub-buffer is about to be used; false refuses it (the record, and later ones, are dropped). */
  subbuf_start?(buf: RchanBuf, subbuf: Uint8Array, prev_subbuf: Uint8Array | null, prev_padding: number): boolean;
  create_buf_file?(filename: string, parent: Dentry | null, mode: number, buf: RchanBuf): Dentry | null;
  remove_buf_file?(dentry: Dentry): void;
}

/** struct rchan. */
export class Rchan {
  readonly buf: RchanBuf[] = [];
  constructor(readonly base_filename: string, readonly parent: Dentry | null, readonly subbuf_size: number,
    readonly n_subbufs: number, readonly cb: RchanCallbacks, readonly private_data: unknown) {}
}

/** relay_buf_full: every sub-buffer written and none read. */
export function relay_buf_full(buf: RchanBuf): boolean {
  return buf.subbufs_produced - buf.subbufs_consumed >= buf.chan.n_subbufs;
}

function relay_subbuf_start(buf: RchanBuf, subbuf: Uint8Array, prev: Uint8Array | null, prev_padding: number): boolean {
  const cb = buf.chan.cb.subbuf_start;
  return cb ? cb(buf, subbuf, prev, prev_padding) : !relay_buf_full(buf);
}

/** relay_switch_subbuf: closes the current sub-buffer and starts the next; 0 when it may not. */
export function relay_switch_subbuf(buf: RchanBuf, length: number): number {
  const { subbuf_size: size, n_subbufs: n } = buf.chan;
  let prev: Uint8Array | null = null;
  if (buf.offset !== size + 1) {
    buf.prev_padding = size - buf.offset;
    const old = buf.subbufs_produced % n;
    buf.padding[old] = buf.prev_padding;
    buf.subbufs_produced++;
    prev = buf.subbuf(old);
    buf.read_wait.wake();
  }
  const next = buf.subbufs_produced % n;
  buf.offset = 0;
  if (!relay_subbuf_start(buf, buf.subbuf(next), prev, buf.prev_padding)) {
    buf.offset = size + 1;
    return 0;
  }
  buf.padding[next] = 0;
  return length > size ? 0 : length;
}

/** __relay_write to `cpu`'s buffer; records longer than a sub-buffer are dropped. Returns bytes written. */
export function __relay_write(chan: Rchan, cpu: number, data: Uint8Array): number {
  const buf = chan.buf[cpu];
  if (!buf || buf.finalized) return 0;
  if (buf.offset + data.length > chan.subbuf_size) {
    if (!relay_switch_subbuf(buf, data.length)) return 0;
  }
  buf.data.set(data, (buf.subbufs_produced % chan.n_subbufs) * chan.subbuf_size + buf.offset);
  buf.offset += data.length;
  buf.read_wait.wake();
  return data.length;
}
/** relay_write: to the current CPU's buffer. */
export const relay_write = (chan: Rchan, data: Uint8Array): number => __relay_write(chan, 0, data);

/** relay_flush: ends every partly written sub-buffer, so readers see it as complete. */
export function relay_flush(chan: Rchan): void {
  for (const buf of chan.buf) if (buf.offset > 0 && buf.offset <= chan.subbuf_size) relay_switch_subbuf(buf, 0);
}

/** Bytes a reader can take now (relay_file_read_avail), after skipping sub-buffers overwritten meanwhile. */
function read_avail(buf: RchanBuf): { slot: number; start: number; end: number } | null {
  const { subbuf_size: size, n_subbufs: n } = buf.chan;
  if (buf.subbufs_produced - buf.subbufs_consumed >= n && buf.offset !== size + 1) {
    // Overwrite mode lapped the reader: resume at the oldest complete sub-buffer.
    buf.subbufs_consumed = buf.subbufs_produced - n + 1;
    buf.bytes_consumed = 0;
  }
  const slot = buf.subbufs_consumed % n;
  const current = buf.subbufs_consumed === buf.subbufs_produced;
  const end = current ? (buf.offset > size ? 0 : buf.offset) : size - buf.padding[slot];
  if (buf.bytes_consumed >= end) {
    if (current) return null;
    buf.subbufs_consumed++;
    buf.bytes_consumed = 0;
    return read_avail(buf);
  }
  return { slot, start: buf.bytes_consumed, end };
}

function buf_of(file: File): RchanBuf {
  return file.private_data as RchanBuf;
}

/** relay_file_operations: read takes whole records in order and frees sub-buffers; empty reads 0. */
export const relay_file_operations: FileOperations = {
  open(inode: Inode, file: File) {
    file.private_data = inode.i_private;
    return 0;
  },
  read(file, ubuf, count) {
    const buf = buf_of(file);
    let done = 0;
    while (done < count) {
      const a = read_avail(buf);
      if (!a) break;
      const n = Math.min(a.end - a.start, count - done);
      const off = a.slot * buf.chan.subbuf_size + a.start;
      if (copy_to_user(ubuf.add(done), buf.data.subarray(off, off + n))) return done ? done : -14;
      buf.bytes_consumed += n;
      done += n;
      if (buf.subbufs_consumed !== buf.subbufs_produced && buf.bytes_consumed >= a.end) {
        buf.subbufs_consumed++;
        buf.bytes_consumed = 0;
      }
    }
    return done;
  },
  poll(file, pt) {
    const buf = buf_of(file);
    poll_wait(file, buf.read_wait, pt);
    return read_avail(buf) ? POLLIN | POLLRDNORM : 0;
  },
  llseek: () => -29, // ESPIPE
};

/**
 * relay_open(base_filename, parent, subbuf_size, n_subbufs, cb, private_data): a channel with one
 * buffer and one file (BASEcpu) per CPU. Null for sizes of 0, or when a file cannot be created.
 */
export function relay_open(base_filename: string, parent: Dentry | null, subbuf_size: number, n_subbufs: number,
  cb: RchanCallbacks = {}, private_data: unknown = null): Rchan | null {
  if (!Number.isInteger(subbuf_size) || !Number.isInteger(n_subbufs) || subbuf_size < 1 || n_subbufs < 1) return null;
  if (subbuf_size * n_subbufs > 64 * 1024 * 1024) return null;
  const chan = new Rchan(base_filename, parent, subbuf_size, n_subbufs, cb, private_data);
  const cpus = Math.max(1, host().info.cpus);
  for (let cpu = 0; cpu < cpus; cpu++) {
    const buf = new RchanBuf(chan, cpu);
    chan.buf.push(buf);
    const name = `${base_filename}${cpu}`;
    const d = cb.create_buf_file
      ? cb.create_buf_file(name, parent, 0o400, buf)
      : debugfs_create_file(name, 0o400, parent, buf, relay_file_operations);
    if (!d) {
      relay_close(chan);
      return null;
    }
    buf.dentry = d;
    // The first sub-buffer starts now (Linux calls subbuf_start for it too).
    relay_subbuf_start(buf, buf.subbuf(0), null, 0);
  }
  return chan;
}

/** relay_close: removes the files; buffers already open stay readable until closed. */
export function relay_close(chan: Rchan | null): void {
  if (!chan) return;
  for (const buf of chan.buf) {
    buf.finalized = true;
    if (buf.dentry) {
      if (chan.cb.remove_buf_file) chan.cb.remove_buf_file(buf.dentry);
      else debugfs_remove(buf.dentry);
    }
    buf.dentry = null;
    buf.read_wait.wake();
  }
}

