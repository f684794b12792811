// The /dev/redirctl interface, shared by the kernel driver and user programs like a uapi header (it
// imports nothing from the kernel). Every command is an ioctl whose argument points at a packed buffer:
// little-endian int32 numbers, no padding, each string as an int32 byte length then its UTF-8 bytes.
//
//   GET_FILTERS_INFO_PREPARE       arg unused; returns the byte size of the filter list
//   GET_FILTERS_INFO_DATA          arg: buffer of that size; filled with
//                                    int32 count, count x { string name, int32 priority, int32 active }
//   GET_FILTER_PATHS_INFO_PREPARE  arg: { string filter }; returns the byte size of its path list
//   GET_FILTER_PATHS_INFO_DATA     arg: buffer of that size; filled with
//                                    int32 count, count x { int32 id, string path, int32 flags }
//   SET_FILTER_PATH                arg: { string filter, string path, int32 flags }
//   ACTIVATE_FILTER                arg: { string filter }
//   DEACTIVATE_FILTER              arg: { string filter }
//
// A DATA command returns what the PREPARE before it on the same open file computed (then forgets it).
// The last three go through the filter's modifier callback. They answer 0 or -errno: ENODEV for an unknown
// filter, EOPNOTSUPP when the filter has no modifier callback, EPERM for a caller who is not root, and the
// filter's rfs_err otherwise.
export const REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE = 0;
export const REDIRCTL_CMD_GET_FILTERS_INFO_DATA = 1;
export const REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE = 2;
export const REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA = 3;
export const REDIRCTL_CMD_SET_FILTER_PATH = 4;
export const REDIRCTL_CMD_ACTIVATE_FILTER = 5;
export const REDIRCTL_CMD_DEACTIVATE_FILTER = 6;

export const REDIRCTL_DEVICE = '/dev/redirctl';

export interface redirctl_filter_info {
  name: string;
  priority: number;
  active: number;
}
export interface redirctl_path_info {
  id: number;
  path: string;
  flags: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Builds a packed buffer from numbers (int32) and strings (int32 length + bytes). */
export function redirctl_pack(...items: (number | string)[]): Uint8Array {
  const parts = items.map((x) => (typeof x === 'string' ? enc.encode(x) : x));
  const size = parts.reduce<number>((n, p) => n + 4 + (typeof p === 'number' ? 0 : p.length), 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let off = 0;
  for (const p of parts) {
    if (typeof p === 'number') {
      v.setInt32(off, p, true);
      off += 4;
    } else {
      v.setInt32(off, p.length, true);
      out.set(p, off + 4);
      off += 4 + p.length;
    }
  }
  return out;
}

/** Reads a packed buffer back; throws RangeError when it is shorter than its contents claim. */
export class redirctl_reader {
  private off = 0;
  private readonly v: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  int(): number {
    const x = this.v.getInt32(this.off, true);
    this.off += 4;
    return x;
  }
  str(): string {
    const n = this.int();
    if (n < 0 || this.off + n > this.buf.length) throw new RangeError('string runs past the buffer');
    const s = dec.decode(this.buf.subarray(this.off, this.off + n));
    this.off += n;
    return s;
  }
}

export function redirctl_pack_filters(list: readonly redirctl_filter_info[]): Uint8Array {
  return redirctl_pack(list.length, ...list.flatMap((f) => [f.name, f.priority, f.active]));
}
export function redirctl_unpack_filters(buf: Uint8Array): redirctl_filter_info[] {
  const r = new redirctl_reader(buf);
  return Array.from({ length: r.int() }, () => ({ name: r.str(), priority: r.int(), active: r.int() }));
}
export function redirctl_pack_paths(list: readonly redirctl_path_info[]): Uint8Array {
  return redirctl_pack(list.length, ...list.flatMap((p) => [p.id, p.path, p.flags]));
}
export function redirctl_unpack_paths(buf: Uint8Array): redirctl_path_info[] {
  const r = new redirctl_reader(buf);
  return Array.from({ length: r.int() }, () => ({ id: r.int(), path: r.str(), flags: r.int() }));
}
