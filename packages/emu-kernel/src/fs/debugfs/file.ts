// debugfs files for single values (fs/debugfs/file.c): a kernel variable shown as text and, when the
// mode allows, set by writing text. A C pointer to the variable becomes a `{ value }` box here; the
// file reads the box at each read and writes it at each write.
import { EFAULT, EINVAL } from '../../uapi/errno.js';
import type { Dentry, FileOperations } from '../fs.js';
import { default_llseek, simple_read_from_buffer } from '../libfs.js';
import { copy_from_user } from '../../mm/uaccess.js';
import { kstrtobool } from '../../kernel/params.js';
import { debugfs_create_file } from './inode.js';

/** A kernel variable a debugfs file shows. */
export interface DebugfsValue<T> {
  value: T;
}
/** struct debugfs_blob_wrapper: read-only bytes. */
export interface DebugfsBlobWrapper {
  data: Uint8Array;
  size: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A file over a box: `show` prints the value; `parse` (writable files) reads written text, null if invalid. */
function attr_fops<T>(box: DebugfsValue<T>, show: (v: T) => string, parse: ((s: string) => T | null) | null): FileOperations {
  return {
    read: (_f, buf, count, ppos) => simple_read_from_buffer(buf, count, ppos, enc.encode(show(box.value))),
    write: parse ? (_f, buf, count) => {
      const n = Math.min(count, 64);
      const b = new Uint8Array(n);
      if (copy_from_user(b, buf, n)) return -EFAULT;
      const v = parse(dec.decode(b).trim());
      if (v === null) return -EINVAL;
      box.value = v;
      return count;
    } : undefined,
    llseek: default_llseek,
  };
}

/** Unsigned integer of `bits` bits from C-style text (0x hex, 0 octal); null when invalid or too big. */
function parse_uint(bits: number): (s: string) => number | null {
  return (s) => {
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(s)) return null;
    const v = /^0[xX]/.test(s) ? BigInt(s) : s.length > 1 && s[0] === '0' ? BigInt('0o' + s.slice(1)) : BigInt(s);
    return v >= 1n << BigInt(bits) ? null : Number(v);
  };
}

const writable = (mode: number) => (mode & 0o222) !== 0;

function create_uint(bits: number, hex: boolean) {
  return (name: string, mode: number, parent: Dentry | null, value: DebugfsValue<number>): Dentry | null => {
    const show = hex ? (v: number) => `0x${v.toString(16).padStart(bits / 4, '0')}\n` : (v: number) => `${v}\n`;
    return debugfs_create_file(name, mode, parent, value, attr_fops(value, show, writable(mode) ? parse_uint(bits) : null));
  };
}

export const debugfs_create_u8 = create_uint(8, false);
export const debugfs_create_u16 = create_uint(16, false);
export const debugfs_create_u32 = create_uint(32, false);
export const debugfs_create_u64 = create_uint(64, false);
export const debugfs_create_x8 = create_uint(8, true);
export const debugfs_create_x16 = create_uint(16, true);
export const debugfs_create_x32 = create_uint(32, true);
export const debugfs_create_x64 = create_uint(64, true);
export const debugfs_create_size_t = create_uint(64, false);

/** A boolean shown as Y / N; writes take y/n/1/0/on/off. */
export function debugfs_create_bool(name: string, mode: number, parent: Dentry | null, value: DebugfsValue<boolean>): Dentry | null {
  const parse = (s: string): boolean | null => {
    const b = kstrtobool(s);
    return typeof b === 'boolean' ? b : null;
  };
  return debugfs_create_file(name, mode, parent, value, attr_fops(value, (v) => (v ? 'Y\n' : 'N\n'), writable(mode) ? parse : null));
}

/** The bytes of a blob, read-only. */
export function debugfs_create_blob(name: string, mode: number, parent: Dentry | null, blob: DebugfsBlobWrapper): Dentry | null {
  return debugfs_create_file(name, mode & ~0o222, parent, blob, {
    read: (_f, buf, count, ppos) => simple_read_from_buffer(buf, count, ppos, blob.data.subarray(0, blob.size)),
    llseek: default_llseek,
  });
}
