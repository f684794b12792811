// Sequential files (fs/seq_file.c): a driver describes its output as a sequence of records (start, next,
// stop, show) and seq_read turns that into read(2) at any offset, a page-sized buffer at a time, growing
// the buffer when one record does not fit. single_open covers the one-record case.
import { EFAULT, EINVAL, ENOMEM } from '../uapi/errno.js';
import { SEEK_CUR, SEEK_SET } from '../uapi/fcntl.js';
import { PAGE_SIZE } from '../uapi/mman.js';
import type { File, Inode, Loff } from './fs.js';
import { copy_to_user, type UserPtr } from '../mm/uaccess.js';
import { format } from '../lib/vsprintf.js';
import { pr_warn } from '../kernel/printk.js';

const enc = new TextEncoder();

/** An error returned where an iterator is expected (the kernel's ERR_PTR). */
export class ErrPtr {
  constructor(readonly err: number) {}
}
export const ERR_PTR = (err: number): ErrPtr => new ErrPtr(err);
export const IS_ERR = (v: unknown): v is ErrPtr => v instanceof ErrPtr;
export const PTR_ERR = (v: ErrPtr): number => v.err;

/** The first "record" of files whose start returns a header before the real records. */
export const SEQ_START_TOKEN: unique symbol = Symbol('SEQ_START_TOKEN');
/** show() returns this to drop what it printed for the record. */
export const SEQ_SKIP = 1;

/** A record iterator: null (or undefined) ends the sequence, ERR_PTR(-errno) fails the read. */
export type SeqIter<V> = V | null | undefined | ErrPtr;

export interface SeqOperations<V = unknown> {
  /** The record at `pos.pos`, or null past the end. */
  start(m: SeqFile<V>, pos: Loff): SeqIter<V>;
  /** Advances `pos.pos` and returns the next record, or null. */
  next(m: SeqFile<V>, v: V, pos: Loff): SeqIter<V>;
  stop(m: SeqFile<V>, v: SeqIter<V>): void;
  /** Prints one record: 0, SEQ_SKIP, or -errno. */
  show(m: SeqFile<V>, v: V): number | void;
}

export class SeqFile<V = unknown> {
  buf: Uint8Array | null = null;
  size = 0;
  /** Offset in buf of the bytes not yet copied out. */
  from = 0;
  /** Bytes in buf (size when the last show overflowed). */
  count = 0;
  /** Position in the sequence (the record index). */
  index = 0;
  /** File offset of the bytes handed out so far. */
  read_pos = 0;
  /** The driver's private pointer (single_open's data, seq_open_private's state). */
  private: unknown = undefined;
  constructor(readonly op: SeqOperations<V>, readonly file: File) {}
}

function seq_buf_alloc(size: number): Uint8Array | null {
  // Same ceiling as kvmalloc in practice: a record of more than 64 MiB is a runaway show().
  if (size > 64 * 1024 * 1024) return null;
  return new Uint8Array(size);
}

/** seq_open: attaches a SeqFile to `file` (its private_data). Returns 0. */
export function seq_open<V>(file: File, op: SeqOperations<V>): number {
  file.private_data = new SeqFile(op, file);
  return 0;
}

export function seq_file_of<V = unknown>(file: File): SeqFile<V> {
  return file.private_data as SeqFile<V>;
}

export function seq_has_overflowed<V>(m: SeqFile<V>): boolean {
  return m.count === m.size;
}
function seq_set_overflow<V>(m: SeqFile<V>): void {
  m.count = m.size;
}

/** Appends raw bytes; on overflow marks the buffer full so seq_read retries with a bigger one. */
export function seq_write<V>(m: SeqFile<V>, data: Uint8Array): number {
  if (!m.buf) return -1;
  if (m.count + data.length < m.size) {
    m.buf.set(data, m.count);
    m.count += data.length;
    return 0;
  }
  seq_set_overflow(m);
  return -1;
}
export function seq_puts<V>(m: SeqFile<V>, s: string): void {
  seq_write(m, enc.encode(s));
}
export function seq_putc<V>(m: SeqFile<V>, c: string | number): void {
  seq_write(m, typeof c === 'number' ? Uint8Array.of(c & 0xff) : enc.encode(c.slice(0, 1)));
}
/** seq_printf(m, fmt, ...args): the kernel's printf formats (see lib/vsprintf.ts). */
export function seq_printf<V>(m: SeqFile<V>, fmt: string, ...args: unknown[]): void {
  seq_puts(m, args.length ? format(fmt, ...args) : fmt.replace(/%%/g, '%'));
}
/** Replays the sequence from the start up to file offset `offset` (a seek or a read at a new position). */
function traverse<V>(m: SeqFile<V>, offset: number): number {
  let pos = 0;
  let error = 0;
  m.index = 0;
  m.count = m.from = 0;
  if (!offset) return 0;
  if (!m.buf) {
    m.size = PAGE_SIZE;
    m.buf = seq_buf_alloc(m.size);
    if (!m.buf) return -ENOMEM;
  }
  const idx: Loff = { pos: m.index };
  let p = m.op.start(m, idx);
  m.index = idx.pos;
  while (p !== null && p !== undefined) {
    if (IS_ERR(p)) {
      error = p.err;
      break;
    }
    const r = m.op.show(m, p) ?? 0;
    if (r < 0) {
      error = r;
      break;
    }
    if (r) m.count = 0;
    if (seq_has_overflowed(m)) {
      m.op.stop(m, p);
      m.size <<= 1;
      m.buf = seq_buf_alloc(m.size);
      m.count = 0;
      return m.buf ? -11 /* EAGAIN: retry with the bigger buffer */ : -ENOMEM;
    }
    idx.pos = m.index;
    p = m.op.next(m, p, idx);
    m.index = idx.pos;
    if (pos + m.count > offset) {
      m.from = offset - pos;
      m.count -= m.from;
      break;
    }
    pos += m.count;
    m.count = 0;
    if (pos === offset) break;
  }
  m.op.stop(m, p);
  return error;
}

/** The read of a seq_file: fills the user buffer from the records at *ppos on. */
export function seq_read(file: File, ubuf: UserPtr, size: number, ppos: Loff): number {
  const m = seq_file_of(file);
  let copied = 0;
  let err = 0;
  if (ppos.pos !== m.read_pos) {
    // Someone moved the position (pread, lseek on another layer): replay up to it.
    while ((err = traverse(m, ppos.pos)) === -11);
    if (err) {
      m.read_pos = 0;
      m.index = 0;
      m.count = 0;
      return err;
    }
    m.read_pos = ppos.pos;
  }
  if (!m.buf) {
    m.size = PAGE_SIZE;
    m.buf = seq_buf_alloc(m.size);
    if (!m.buf) return -ENOMEM;
  }
  const copyOut = (n: number): boolean => {
    if (copy_to_user(ubuf.add(copied), m.buf!.subarray(m.from, m.from + n), n)) return false;
    m.count -= n;
    m.from += n;
    copied += n;
    size -= n;
    return true;
  };
  // Leftovers of the last record first.
  if (m.count) {
    const n = Math.min(m.count, size);
    if (!copyOut(n)) return -EFAULT;
    if (!size) return finish();
  }
  m.from = 0;
  const idx: Loff = { pos: m.index };
  let p = m.op.start(m, idx);
  m.index = idx.pos;
  let filled = false;
  for (;;) {
    if (p === null || p === undefined) break;
    if (IS_ERR(p)) {
      err = p.err;
      break;
    }
    const r = m.op.show(m, p) ?? 0;
    if (r < 0) {
      err = r;
      break;
    }
    if (r) m.count = 0;
    if (!m.count) {
      idx.pos = m.index;
      p = m.op.next(m, p, idx);
      m.index = idx.pos;
      continue;
    }
    if (!seq_has_overflowed(m)) {
      filled = true;
      break;
    }
    // One record did not fit a buffer: grow it and print the record again.
    m.op.stop(m, p);
    m.size <<= 1;
    m.buf = seq_buf_alloc(m.size);
    m.count = 0;
    if (!m.buf) return copied || -ENOMEM;
    idx.pos = m.index;
    p = m.op.start(m, idx);
    m.index = idx.pos;
  }
  if (!filled) {
    m.op.stop(m, p);
    m.count = 0;
    return finish();
  }
  // Add whole records while they fit and the reader wants more.
  for (;;) {
    const offs = m.count;
    const pos = m.index;
    idx.pos = m.index;
    p = m.op.next(m, p, idx);
    m.index = idx.pos;
    if (pos === m.index) {
      pr_warn(`seq_file: buggy .next function did not update position index`);
      m.index++;
    }
    if (p === null || p === undefined || IS_ERR(p)) break;
    if (m.count >= size) break;
    const r = m.op.show(m, p) ?? 0;
    if (r > 0) m.count = offs;
    else if (r < 0 || seq_has_overflowed(m)) {
      m.count = offs;
      break;
    }
  }
  m.op.stop(m, p);
  const n = Math.min(m.count, size);
  m.from = 0;
  if (n && !copyOut(n)) return copied || -EFAULT;
  return finish();

  function finish(): number {
    if (!copied) return m.count ? -EFAULT : err;
    ppos.pos += copied;
    m.read_pos += copied;
    return copied;
  }
}

/** llseek of a seq_file: SEEK_SET and SEEK_CUR only. */
export function seq_lseek(file: File, offset: number, whence: number): number {
  const m = seq_file_of(file);
  switch (whence) {
    case SEEK_CUR:
    case SEEK_SET: {
      if (whence === SEEK_CUR) offset += file.f_pos;
      if (offset < 0) return -EINVAL;
      if (offset !== m.read_pos) {
        let r: number;
        while ((r = traverse(m, offset)) === -11);
        if (r) {
          file.f_pos = 0;
          m.read_pos = 0;
          m.index = 0;
          m.count = 0;
          return r;
        }
        m.read_pos = offset;
      }
      file.f_pos = offset;
      return offset;
    }
    default:
      return -EINVAL;
  }
}

export function seq_release(_inode: Inode, file: File): number {
  const m = seq_file_of(file);
  if (m) m.buf = null;
  return 0;
}

/** seq_open_private: a SeqFile plus a fresh state object in m.private. */
export function seq_open_private<V, P extends object>(file: File, op: SeqOperations<V>, state: P): P | number {
  seq_open(file, op);
  seq_file_of(file).private = state;
  return state;
}
export const seq_release_private = seq_release;

/** A file of one record printed by `show`; `data` becomes m.private. */
export function single_open<D = unknown>(file: File, show: (m: SeqFile<unknown>, v: unknown) => number | void,
  data?: D): number {
  const op: SeqOperations<unknown> = {
    start: (_m, pos) => (pos.pos === 0 ? SEQ_START_TOKEN : null),
    next: (_m, _v, pos) => {
      pos.pos++;
      return null;
    },
    stop: () => {},
    show,
  };
  seq_open(file, op);
  seq_file_of(file).private = data;
  return 0;
}

/** single_open with a first buffer of `size` bytes (for output known to be big). */
export function single_open_size<D = unknown>(file: File, show: (m: SeqFile<unknown>, v: unknown) => number | void,
  data: D, size: number): number {
  single_open(file, show, data);
  const m = seq_file_of(file);
  m.size = Math.max(PAGE_SIZE, size);
  m.buf = seq_buf_alloc(m.size);
  return m.buf ? 0 : -ENOMEM;
}
export const single_release = seq_release;

/** A seq_operations over a list: list_start/list_next in Linux's seq_list_* helpers. */
export function seq_list_start<T>(list: readonly T[], pos: number): T | null {
  return pos < list.length ? list[pos] : null;
}
export function seq_list_next<T>(list: readonly T[], pos: Loff): T | null {
  pos.pos++;
  return pos.pos < list.length ? list[pos.pos] : null;
}
