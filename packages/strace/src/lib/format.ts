// How strace writes values: strings quoted and cut, flag words as OR-ed names, numbers in the base the
// call's manual uses, errors as `-1 ENAME (message)`.
import { errname, strerror } from '@urfs/emu-kernel/uapi/errno';
import { signame } from '@urfs/emu-kernel/uapi/signal';

/** Bytes of a string or buffer shown before `...` (strace's -s default). */
export const DEFAULT_STRSIZE = 32;

/** A table of named values: exact values (xlat) or single bits (flags), in the order strace prints them. */
export type Xlat = readonly (readonly [number, string])[];

function octal_escape(b: number, next: number | undefined): string {
  // The shortest octal form, unless a digit follows and would be read as part of it.
  const digit_follows = next !== undefined && next >= 0x30 && next <= 0x37;
  return '\\' + (digit_follows ? b.toString(8).padStart(3, '0') : b.toString(8));
}

/** Bytes as a C string literal, as strace quotes them; cut at `max` bytes with `...` after the quote. */
export function quote(bytes: Uint8Array, max = DEFAULT_STRSIZE, cut = bytes.length > max): string {
  const n = Math.min(bytes.length, max);
  let s = '"';
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    switch (b) {
      case 0x22: s += '\\"'; break;
      case 0x5c: s += '\\\\'; break;
      case 0x09: s += '\\t'; break;
      case 0x0a: s += '\\n'; break;
      case 0x0b: s += '\\v'; break;
      case 0x0c: s += '\\f'; break;
      case 0x0d: s += '\\r'; break;
      default:
        s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : octal_escape(b, i + 1 < n ? bytes[i + 1] : undefined);
    }
  }
  return s + '"' + (cut ? '...' : '');
}

const enc = new TextEncoder();
export const quote_str = (s: string, max = Infinity): string => quote(enc.encode(s), max);

/** A value that is one of a set (SEEK_SET, AF_NETLINK), or the number with the table's comment. */
export function xlat(table: Xlat, v: number, fallback = `${v}`): string {
  for (const [n, name] of table) if (n === v) return name;
  return fallback;
}

/** OR-ed flag names; bits left over in hex; 0 as `zero` (or "0"). */
export function flags(table: Xlat, v: number, zero = '0'): string {
  const parts: string[] = [];
  let rest = v >>> 0;
  for (const [bit, name] of table) {
    if (bit && (rest & bit) === bit) {
      parts.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) parts.push('0x' + rest.toString(16));
  return parts.length ? parts.join('|') : zero;
}

export const hex = (v: number): string => (v < 0 ? '-0x' + (-v).toString(16) : '0x' + v.toString(16));
export const ptr = (v: number): string => (v === 0 ? 'NULL' : hex(v));
export const octal = (v: number): string => (v === 0 ? '0' : '0' + v.toString(8));

/** A signal by name: SIGTERM. */
export function sig_name(sig: number): string {
  const n = signame(sig);
  return /^\d+$/.test(n) ? n : `SIG${n}`;
}

/** The result part of a line: `3`, `0x1000`, `-1 ENOENT (No such file or directory)`, `?`. */
export function format_ret(ret: number, kind: 'dec' | 'hex' | 'none'): string {
  if (kind === 'none') return '?';
  if (ret < 0 && ret > -4096) {
    const e = -ret;
    if (e === 512) return '? ERESTARTSYS (To be restarted if SA_RESTART is set)';
    return `-1 ${errname(e)} (${strerror(e)})`;
  }
  return kind === 'hex' ? hex(ret) : String(ret);
}

/** strace puts the `= result` at column 40 when the call is shorter. */
export const RESULT_COLUMN = 40;
export function pad_to_result(line: string): string {
  return line.length < RESULT_COLUMN ? line.padEnd(RESULT_COLUMN) : line;
}
