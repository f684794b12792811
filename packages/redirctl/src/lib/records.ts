// The records /dev/redirctl hands back, checked and turned into what redirctl prints. Pure functions
// (no system calls), so they are tested on the host.
import {
  redirctl_unpack_filters, redirctl_unpack_paths, type redirctl_filter_info, type redirctl_path_info,
} from '@urfs/redirfs/redirctl_abi';
import { RFS_PATH_SINGLE, RFS_PATH_SUBTREE, RFS_PATH_INCLUDE, RFS_PATH_EXCLUDE } from '@urfs/redirfs/rfs';

/** The smallest record of either list: an int32, an empty string (its int32 length) and an int32. */
const MIN_RECORD = 12;

export type path_type = 'include' | 'exclude';
export type path_scope = 'single' | 'subtree';

export interface filter_row {
  name: string;
  priority: number;
  active: boolean;
}
export interface path_row {
  id: number;
  path: string;
  type: path_type;
  scope: path_scope;
  flags: number;
}

/**
 * Walks the packed records (`layout`: 'i' an int32, 's' a length-prefixed string) without trusting
 * them: the bytes they take, or why they do not fit the buffer.
 */
function measure(buf: Uint8Array, layout: string): number | string {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 4) return `reply of ${buf.length} bytes is shorter than its count`;
  const count = v.getInt32(0, true);
  if (count < 0 || count * MIN_RECORD > buf.length - 4) return `reply claims ${count} records in ${buf.length} bytes`;
  let off = 4;
  for (let r = 0; r < count; r++) {
    for (const k of layout) {
      if (off + 4 > buf.length) return `record ${r} runs past the end of the reply`;
      const n = k === 's' ? v.getInt32(off, true) : 0;
      if (n < 0 || off + 4 + n > buf.length) return `record ${r} has a string of ${n} bytes past the end of the reply`;
      off += 4 + n;
    }
  }
  return off;
}

function decode<T>(buf: Uint8Array, layout: string, unpack: (b: Uint8Array) => T[]): T[] | string {
  const used = measure(buf, layout);
  if (typeof used === 'string') return used;
  if (used !== buf.length) return `reply has ${buf.length - used} bytes after its records`;
  return unpack(buf);
}

/** The GET_FILTERS_INFO_DATA reply as rows, or why it is malformed. */
export function decode_filters(buf: Uint8Array): filter_row[] | string {
  const list = decode<redirctl_filter_info>(buf, 'sii', redirctl_unpack_filters);
  if (typeof list === 'string') return list;
  return list.map((f) => ({ name: f.name, priority: f.priority, active: f.active !== 0 }));
}

/** The GET_FILTER_PATHS_INFO_DATA reply as rows, or why it is malformed. */
export function decode_paths(buf: Uint8Array): path_row[] | string {
  const list = decode<redirctl_path_info>(buf, 'isi', redirctl_unpack_paths);
  if (typeof list === 'string') return list;
  return list.map((p) => ({ id: p.id, path: p.path, ...flags_words(p.flags), flags: p.flags }));
}

export function flags_words(flags: number): { type: path_type; scope: path_scope } {
  return {
    type: flags & RFS_PATH_EXCLUDE ? 'exclude' : 'include',
    scope: flags & RFS_PATH_SUBTREE ? 'subtree' : 'single',
  };
}

export function words_flags(type: path_type, scope: path_scope): number {
  return (type === 'include' ? RFS_PATH_INCLUDE : RFS_PATH_EXCLUDE) | (scope === 'subtree' ? RFS_PATH_SUBTREE : RFS_PATH_SINGLE);
}

/** Left-aligned columns two spaces apart; columns listed in `right` are right-aligned. */
export function columns(rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (right.has(i) ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd() + '\n')
    .join('');
}

export function format_filters(rows: readonly filter_row[]): string {
  return columns([['NAME', 'PRIORITY', 'STATE'], ...rows.map((f) => [f.name, String(f.priority), f.active ? 'active' : 'inactive'])],
    new Set([1]));
}

export function format_paths(rows: readonly path_row[]): string {
  return columns([['ID', 'PATH', 'TYPE', 'SCOPE'], ...rows.map((p) => [String(p.id), p.path, p.type, p.scope])], new Set([0]));
}
