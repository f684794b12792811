// Kernel tunables (kernel/sysctl.c, include/linux/sysctl.h): tables of ctl_table entries registered under
// a path and shown as files in /proc/sys (fs/proc/proc_sysctl.ts), and the standard handlers that turn
// a read or write of such a file into the variable it describes.
//
// A C table entry points at its variable (`.data = &value`); here `data` is a box `{ value }` the entry
// shares with its owner. An int vector is a box holding an array; maxlen is its size in bytes
// (sizeof(int) per element), as in Linux.
import { EINVAL, ENOMEM } from '../uapi/errno.js';
import type { Loff } from '../fs/fs.js';
import { UTS } from './sys.js';
import { pr_err } from './printk.js';
import { add_taint, get_taint } from './panic.js';

/** proc_handler(table, write, buffer, lenp, ppos): buffer is the kernel copy of the user's data (5.8+). */
export type ProcHandler = (table: CtlTable, write: number, buffer: Uint8Array, lenp: { value: number }, ppos: Loff) => number;

/** The variable behind an entry. */
export interface CtlData<T> {
  value: T;
}

/** struct ctl_table. A directory entry (old-style tree) has `child` and mode 0555. */
export interface CtlTable {
  procname: string;
  data?: CtlData<number> | CtlData<number[]> | CtlData<string>;
  maxlen?: number;
  mode: number;
  proc_handler?: ProcHandler;
  /** Bounds for the _minmax handlers (pointers to int in Linux). */
  extra1?: CtlData<number> | number;
  extra2?: CtlData<number> | number;
  child?: CtlTable[];
}

/** What register_sysctl hands back: its key to unregister. */
export interface CtlTableHeader {
  path: string[];
  table: CtlTable[];
  unregistering: boolean;
}

/** The /proc/sys side: fs/proc/proc_sysctl.ts plugs itself in here at boot. */
export interface SysctlBackend {
  insert(path: string[], table: CtlTable[], header: CtlTableHeader): number;
  remove(path: string[], table: CtlTable[]): void;
}
let backend: SysctlBackend | null = null;
export function sysctl_set_backend(b: SysctlBackend | null): void {
  backend = b;
}

export const SYSCTL_ZERO = 0, SYSCTL_ONE = 1, SYSCTL_INT_MAX = 0x7fffffff;
const INT_MIN = -0x80000000, INT_MAX = 0x7fffffff;

/**
 * register_sysctl(path, table): adds the entries of `table` in the directory `path` ("net/test", or with
 * dots "net.test"), creating missing directories. Null when a name is taken or an entry is malformed.
 */
export function register_sysctl(path: string, table: CtlTable[]): CtlTableHeader | null {
  const parts = path.split(/[./]/).filter(Boolean);
  return __register(parts, table);
}
/** Older name of register_sysctl (kernels up to 6.5 had register_sysctl_paths / _table variants). */
export const register_sysctl_sz = (path: string, table: CtlTable[]) => register_sysctl(path, table);

/**
 * register_sysctl_table(table): the pre-6.6 form, a tree whose directory entries have `child` tables;
 * registered from the root of /proc/sys.
 */
export function register_sysctl_table(table: CtlTable[]): CtlTableHeader | null {
  return __register([], table);
}

function __register(path: string[], table: CtlTable[]): CtlTableHeader | null {
  if (!backend) return null;
  if (!sysctl_check_table(path, table)) return null;
  const header: CtlTableHeader = { path, table, unregistering: false };
  return backend.insert(path, table, header) < 0 ? null : header;
}

/** unregister_sysctl_table(header): removes what the registration added (directories left empty go too). */
export function unregister_sysctl_table(header: CtlTableHeader | null | undefined): void {
  if (!header || header.unregistering) return;
  header.unregistering = true;
  backend?.remove(header.path, header.table);
}

/** sysctl_check_table: names present, files have a handler, directories a child table. */
function sysctl_check_table(path: string[], table: CtlTable[]): boolean {
  for (const e of table) {
    const where = [...path, e.procname].join('/');
    if (!e.procname || /[/]/.test(e.procname) || e.procname === '.' || e.procname === '..') {
      pr_err(`sysctl table check failed: ${where}: bad procname`);
      return false;
    }
    if (e.child) {
      if (!sysctl_check_table([...path, e.procname], e.child)) return false;
      continue;
    }
    if (!e.proc_handler) {
      pr_err(`sysctl table check failed: ${where}: No proc_handler`);
      return false;
    }
    if (e.proc_handler === proc_dointvec || e.proc_handler === proc_dointvec_minmax) {
      if (!e.data || (e.maxlen ?? 0) < 4 || (e.maxlen ?? 0) % 4) {
        pr_err(`sysctl table check failed: ${where}: maxlen must be a multiple of sizeof(int)`);
        return false;
      }
    }
    if (e.mode & ~0o777) {
      pr_err(`sysctl table check failed: ${where}: bogus .mode 0${e.mode.toString(8)}`);
      return false;
    }
  }
  return true;
}

/** sysctl_perm's test: root is judged by the owner bits, everyone else by the others' bits. */
export function sysctl_perm(mode: number, euid: number, egid: number, op: number): number {
  let m = mode;
  if (euid === 0) m >>= 6;
  else if (egid === 0) m >>= 3;
  return (m & op & 0o7) === op ? 0 : -13; // EACCES
}

const enc = new TextEncoder(), dec = new TextDecoder();

/** Copies `s` out for a read at position 0; a read past the start gets nothing (Linux's rule). */
function emit(s: string, buffer: Uint8Array, lenp: { value: number }, ppos: Loff): number {
  const b = enc.encode(s);
  const n = Math.min(b.length, lenp.value);
  buffer.set(b.subarray(0, n));
  lenp.value = n;
  ppos.pos += n;
  return 0;
}

function ints_of(table: CtlTable): number[] {
  const v = table.data!.value;
  return Array.isArray(v) ? v : [v as number];
}
function bound(x: CtlData<number> | number | undefined): number | undefined {
  return typeof x === 'object' ? x.value : x;
}

function do_proc_dointvec(table: CtlTable, write: number, buffer: Uint8Array, lenp: { value: number }, ppos: Loff,
  min?: number, max?: number): number {
  if (!table.data || !table.maxlen || !lenp.value || (ppos.pos && !write)) {
    lenp.value = 0;
    return 0;
  }
  const n = Math.floor(table.maxlen / 4);
  if (!write) return emit(ints_of(table).slice(0, n).join('\t') + '\n', buffer, lenp, ppos);
  if (ppos.pos) {
    // SYSCTL_WRITES_STRICT: a write that does not start at the beginning is ignored.
    ppos.pos += lenp.value;
    return 0;
  }
  const text = dec.decode(buffer.subarray(0, lenp.value));
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (!words.length || words.length > n) return -EINVAL;
  const vals: number[] = [];
  for (const w of words) {
    if (!/^[+-]?(0x[0-9a-f]+|\d+)$/i.test(w)) return -EINVAL;
    const neg = w.startsWith('-');
    const v = Number(w.replace(/^[+-]/, '')) * (neg ? -1 : 1);
    if (v < INT_MIN || v > INT_MAX) return -EINVAL;
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) return -EINVAL;
    vals.push(v);
  }
  const d = table.data as CtlData<number | number[]>;
  if (Array.isArray(d.value)) vals.forEach((v, i) => ((d.value as number[])[i] = v));
  else d.value = vals[0];
  ppos.pos += lenp.value;
  return 0;
}

/** proc_dointvec: reads and writes an int (or an int vector, tab separated). */
export function proc_dointvec(table: CtlTable, write: number, buffer: Uint8Array, lenp: { value: number }, ppos: Loff): number {
  return do_proc_dointvec(table, write, buffer, lenp, ppos);
}

/** proc_dointvec_minmax: as proc_dointvec, a value outside [extra1, extra2] is EINVAL and nothing changes. */
export function proc_dointvec_minmax(table: CtlTable, write: number, buffer: Uint8Array, lenp: { value: number },
  ppos: Loff): number {
  return do_proc_dointvec(table, write, buffer, lenp, ppos, bound(table.extra1), bound(table.extra2));
}

/** proc_dostring: a string of at most maxlen - 1 bytes; a write replaces it (truncated, up to a newline). */
export function proc_dostring(table: CtlTable, write: number, buffer: Uint8Array, lenp: { value: number }, ppos: Loff): number {
  if (!table.data || !table.maxlen) {
    lenp.value = 0;
    return 0;
  }
  const d = table.data as CtlData<string>;
  if (!write) {
    const s = d.value + '\n';
    if (ppos.pos >= s.length) {
      lenp.value = 0;
      return 0;
    }
    return emit(s.slice(ppos.pos), buffer, lenp, ppos);
  }
  if (ppos.pos) {
    ppos.pos += lenp.value;
    return 0;
  }
  let s = dec.decode(buffer.subarray(0, lenp.value));
  const nl = s.indexOf('\n');
  if (nl >= 0) s = s.slice(0, nl);
  d.value = s.slice(0, table.maxlen - 1);
  ppos.pos += lenp.value;
  return 0;
}

/** The kernel's own entries: a few of kernel/ (its names, hostname and taint). */
export function sysctl_init_bases(): number {
  const hostname: CtlData<string> = {
    get value() { return UTS.nodename; },
    set value(v: string) { UTS.nodename = v; },
  };
  // proc_taint's rule: a write adds the bits it names, it can never clear one.
  const tainted: CtlData<number> = {
    get value() { return get_taint(); },
    set value(v: number) { for (let bit = 0; bit < 31; bit++) if (v & (1 << bit)) add_taint(bit); },
  };
  const r = register_sysctl('kernel', [
    { procname: 'ostype', data: { value: UTS.sysname }, maxlen: 65, mode: 0o444, proc_handler: proc_dostring },
    { procname: 'osrelease', data: { value: UTS.release }, maxlen: 65, mode: 0o444, proc_handler: proc_dostring },
    { procname: 'hostname', data: hostname, maxlen: 65, mode: 0o644, proc_handler: proc_dostring },
    { procname: 'tainted', data: tainted, maxlen: 4, mode: 0o644, proc_handler: proc_dointvec_minmax,
      extra1: SYSCTL_ZERO },
  ]);
  return r ? 0 : -ENOMEM;
}
