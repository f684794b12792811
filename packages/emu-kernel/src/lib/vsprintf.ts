// The kernel's printf (lib/vsprintf.c), for the call sites that keep their C shape: seq_printf,
// sprintf into a read_proc page, sysfs show functions. Conversions: d i u x X o c s p %, length
// modifiers h hh l ll z (ignored: numbers are JavaScript numbers or bigints), flags - 0 + space #,
// width and precision (also `*`). An unknown conversion is copied as written.

const enc = new TextEncoder();

type Arg = unknown;

function toInt(v: Arg): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  const n = Number(v);
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    const pre = /^[-+ ]?0[xX]/.test(s) ? s.slice(0, sign.length + 2) : sign;
    return pre + '0'.repeat(width - s.length) + s.slice(pre.length);
  }
  return ' '.repeat(width - s.length) + s;
}

/** Formats like the kernel's vsnprintf and returns the string (kasprintf). */
export function format(fmt: string, ...args: Arg[]): string {
  let out = '';
  let ai = 0;
  const re = /%([-0+ #]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|t|L)?([diuxXocspn%])/g;
  let last = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    const [, flags, w, p, , conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    const width = w === '*' ? Number(args[ai++]) : w ? Number(w) : 0;
    const prec = p === '*' ? Number(args[ai++]) : p !== undefined ? Number(p) : -1;
    const left = flags.includes('-') || width < 0;
    const zero = flags.includes('0') && !left && prec < 0;
    const v = args[ai++];
    let s: string;
    switch (conv) {
      case 'd':
      case 'i': {
        const n = toInt(v);
        s = (n < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + (n < 0n ? -n : n).toString();
        break;
      }
      case 'u': {
        let n = toInt(v);
        if (n < 0n) n += 1n << 64n;
        s = n.toString();
        break;
      }
      case 'x':
      case 'X':
      case 'o': {
        let n = toInt(v);
        if (n < 0n) n += 1n << 64n;
        s = n.toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') s = s.toUpperCase();
        if (prec >= 0) s = s.padStart(prec, '0');
        if (flags.includes('#') && n !== 0n) s = (conv === 'o' ? '0' : conv === 'X' ? '0X' : '0x') + s;
        break;
      }
      case 'c':
        s = typeof v === 'number' ? String.fromCharCode(v) : String(v ?? '').slice(0, 1);
        break;
      case 's':
        s = v === null || v === undefined ? '(null)' : String(v);
        if (prec >= 0) s = s.slice(0, prec);
        break;
      case 'p':
        s = '0x' + toInt(v).toString(16).padStart(16, '0');
        break;
      default:
        s = m[0];
    }
    out += pad(s, Math.abs(width), left, zero && conv !== 's' && conv !== 'c');
  }
  return out + fmt.slice(last);
}

/**
 * Writes the formatted text into `buf` (NUL-terminated when room is left); returns the bytes written.
 * C's sprintf would run past the end of the buffer: this one stops there.
 */
export function sprintf(buf: Uint8Array, fmt: string, ...args: Arg[]): number {
  const bytes = enc.encode(format(fmt, ...args));
  const n = Math.min(bytes.length, buf.length);
  buf.set(bytes.subarray(0, n));
  if (n < buf.length) buf[n] = 0;
  return n;
}

/**
 * Writes at most `size` bytes (including the terminating NUL) into `buf`; returns the length the whole
 * text would have had, as snprintf does.
 */
export function snprintf(buf: Uint8Array, size: number, fmt: string, ...args: Arg[]): number {
  const bytes = enc.encode(format(fmt, ...args));
  const room = Math.max(0, Math.min(size, buf.length) - 1);
  buf.set(bytes.subarray(0, room));
  if (size > 0 && room < buf.length) buf[Math.min(bytes.length, room)] = 0;
  return bytes.length;
}

/** As snprintf, but returns the bytes actually written (without the NUL). */
export function scnprintf(buf: Uint8Array, size: number, fmt: string, ...args: Arg[]): number {
  const bytes = enc.encode(format(fmt, ...args));
  const room = Math.max(0, Math.min(size, buf.length) - (size > 0 ? 1 : 0));
  const n = Math.min(bytes.length, room);
  buf.set(bytes.subarray(0, n));
  if (n < buf.length) buf[n] = 0;
  return n;
}
