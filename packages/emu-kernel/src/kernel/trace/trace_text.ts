// The small text files of tracefs: read shows a string made at each read, write hands the written text
// to a parser. An open for writing with O_TRUNC (the shell's `>`) first runs `truncate`, which is how
// Linux's set_event, set_event_pid and trace clear themselves before a new list comes.
import { EFAULT, EINVAL } from '../../uapi/errno.js';
import { O_TRUNC } from '../../uapi/fcntl.js';
import { FMODE_WRITE, type File, type FileOperations } from '../../fs/fs.js';
import { default_llseek, simple_read_from_buffer } from '../../fs/libfs.js';
import { copy_from_user, type UserPtr } from '../../mm/uaccess.js';

/** The most a single write may carry (Linux's trace_parser takes a page-sized token at a time). */
export const TRACE_WRITE_MAX = 64 * 1024;

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface TextFile {
  show: (file: File) => string;
  /** Takes the written text; 0 or -errno. Without it the file is read-only. */
  store?: (text: string, file: File) => number;
  truncate?: (file: File) => void;
}

/** Copies a write's bytes in and decodes them; -EFAULT or -EINVAL when it cannot. */
export function trace_get_user(buf: UserPtr, count: number): string | number {
  if (count > TRACE_WRITE_MAX) return -EINVAL;
  const b = new Uint8Array(count);
  if (count && copy_from_user(b, buf, count)) return -EFAULT;
  return dec.decode(b);
}

export function text_fops(t: TextFile): FileOperations {
  return {
    open(_inode, file) {
      if (file.f_mode & FMODE_WRITE && file.f_flags & O_TRUNC) t.truncate?.(file);
      return 0;
    },
    read: (file, buf, count, ppos) => simple_read_from_buffer(buf, count, ppos, enc.encode(t.show(file))),
    write: t.store ? (file, buf, count) => {
      const text = trace_get_user(buf, count);
      if (typeof text === 'number') return text;
      const r = t.store!(text, file);
      return r < 0 ? r : count;
    } : undefined,
    llseek: default_llseek,
  };
}

/** "0"/"1" as the enable files and tracing_on take them (kstrtoul of base 10, at most 1). */
export function parse_bool01(text: string): boolean | null {
  const s = text.trim();
  if (s === '0') return false;
  if (s === '1') return true;
  return null;
}
