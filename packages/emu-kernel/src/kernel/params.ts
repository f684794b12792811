// Module parameters (kernel/params.c): the types a parameter may have, parsing "name=value" argument
// strings the way insmod passes them (quotes, dashes equal to underscores), and the get/set operations
// that /sys/module/<m>/parameters/<p> uses.
import { EINVAL, ENOSPC, ERANGE } from '../uapi/errno.js';
import { pr_err, pr_warn } from './printk.js';

export type ParamScalarType = 'byte' | 'short' | 'ushort' | 'int' | 'uint' | 'long' | 'ulong' | 'ullong' |
  'hexint' | 'bool' | 'invbool' | 'charp' | 'string';
export type ParamType = ParamScalarType | 'array';
export type ParamValue = number | boolean | string | null;

/**
 * One parameter of a module (module_param / module_param_array / module_param_string in one shape).
 * The kernel writes the current value into `value`: the module reads it from there, also after root
 * changes it through sysfs.
 */
export interface ModuleParam {
  type: ParamType;
  /** Element type of an array parameter. */
  elem?: ParamScalarType;
  value: ParamValue | ParamValue[];
  /** Mode of /sys/module/<m>/parameters/<name>; 0 (the default) hides the file. */
  perm?: number;
  /** MODULE_PARM_DESC. */
  desc?: string;
  /** Arrays: most elements accepted (default: 32, as a fixed-size C array would bound it). */
  max?: number;
  /** 'string' parameters: buffer size including the NUL (module_param_string's len). */
  maxlen?: number;
  /** Custom operations (module_param_cb): set returns 0 or -errno, get the text without newline. */
  ops?: { set?(val: string | null, kp: KernelParam): number; get?(kp: KernelParam): string };
  /** Set once the parameter was given at load time or written through sysfs. */
  changed?: boolean;
}

/** struct kernel_param: a parameter as the kernel holds it. */
export interface KernelParam {
  name: string;
  /** The owning module's name. */
  mod: string;
  def: ModuleParam;
}

/** A parameter definition, the way module_param(name, type, perm) reads. */
export function module_param(type: ParamScalarType, value: ParamValue, perm = 0, desc?: string): ModuleParam {
  return { type, value, perm, desc };
}
export function module_param_array(elem: ParamScalarType, value: ParamValue[], perm = 0, desc?: string, max = 32): ModuleParam {
  return { type: 'array', elem, value, perm, desc, max };
}
export function module_param_string(value: string, maxlen: number, perm = 0, desc?: string): ModuleParam {
  return { type: 'string', value, perm, desc, maxlen };
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  byte: [0n, 255n],
  short: [-32768n, 32767n],
  ushort: [0n, 65535n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  uint: [0n, 2n ** 32n - 1n],
  hexint: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  ulong: [0n, 2n ** 64n - 1n],
  ullong: [0n, 2n ** 64n - 1n],
};

/** kstrtoll with base 0 (0x hex, leading-0 octal); one trailing newline allowed. -EINVAL / -ERANGE. */
export function kstrtoint(s: string, type: keyof typeof INT_RANGES = 'int'): number | { err: number } {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\n?$/.exec(s);
  if (!m) return { err: -EINVAL };
  const [, sign, digits] = m;
  let v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (sign === '-') v = -v;
  const [lo, hi] = INT_RANGES[type];
  if (sign === '-' && lo === 0n && v !== 0n) return { err: -EINVAL };
  if (v < lo || v > hi) return { err: -ERANGE };
  return Number(v);
}

/** kstrtobool: y Y 1 on / n N 0 off. */
export function kstrtobool(s: string): boolean | { err: number } {
  switch (s[0]) {
    case 'y': case 'Y': case '1': return true;
    case 'n': case 'N': case '0': return false;
    case 'o': case 'O':
      if (s[1] === 'n' || s[1] === 'N') return true;
      if (s[1] === 'f' || s[1] === 'F') return false;
  }
  return { err: -EINVAL };
}

/** Parses one value of a scalar type; `null` is the value-less form "name" (only bools accept it). */
export function param_parse(type: ParamScalarType, val: string | null, maxlen = 1024): ParamValue | { err: number } {
  switch (type) {
    case 'bool':
    case 'invbool': {
      const b = kstrtobool(val ?? '1');
      if (typeof b !== 'boolean') return b;
      return type === 'invbool' ? !b : b;
    }
    case 'charp':
      if (val === null) return { err: -EINVAL };
      if (val.length > 1024) return { err: -ENOSPC };
      return val;
    case 'string':
      if (val === null) return { err: -EINVAL };
      if (new TextEncoder().encode(val).length + 1 > maxlen) return { err: -ENOSPC };
      return val;
    default: {
      if (val === null) return { err: -EINVAL };
      return kstrtoint(val, type);
    }
  }
}

/** The text of one scalar value, as param_get_* prints it (no newline). */
export function param_format(type: ParamScalarType, v: ParamValue): string {
  switch (type) {
    case 'bool': return v ? 'Y' : 'N';
    case 'invbool': return v ? 'N' : 'Y';
    case 'charp': return v === null || v === undefined ? '(null)' : String(v);
    case 'string': return String(v ?? '');
    case 'hexint': return '0x' + Number(v).toString(16).padStart(8, '0');
    default: return String(v);
  }
}

/** Sets a parameter from its text (param_set_* / param_array_set). 0 or -errno; the old value stays on error. */
export function param_set(kp: KernelParam, val: string | null): number {
  const d = kp.def;
  if (d.ops?.set) {
    const r = d.ops.set(val, kp);
    if (r === 0) d.changed = true;
    return r;
  }
  if (d.type === 'array') {
    const elem = d.elem ?? 'int';
    if (val === null) return -EINVAL;
    const parts = val.replace(/\n$/, '').split(',');
    const max = d.max ?? 32;
    if (parts.length > max) {
      pr_err(`${kp.name}: can only take ${max} arguments`);
      return -EINVAL;
    }
    const out: ParamValue[] = [];
    for (const p of parts) {
      const v = param_parse(elem, p, d.maxlen);
      if (v !== null && typeof v === 'object') return v.err;
      out.push(v);
    }
    d.value = out;
    d.changed = true;
    return 0;
  }
  const v = param_parse(d.type, val, d.maxlen);
  if (v !== null && typeof v === 'object') return v.err;
  d.value = v;
  d.changed = true;
  return 0;
}

/** The text of a parameter's value (param_get_*), without the trailing newline. */
export function param_get(kp: KernelParam): string {
  const d = kp.def;
  if (d.ops?.get) return d.ops.get(kp);
  if (d.type === 'array') {
    const elem = d.elem ?? 'int';
    return (Array.isArray(d.value) ? d.value : []).map((v) => param_format(elem, v)).join(',');
  }
  return param_format(d.type, d.value as ParamValue);
}

/** Names compare with '-' and '_' equal (parameq). */
export function parameq(a: string, b: string): boolean {
  return a.replace(/-/g, '_') === b.replace(/-/g, '_');
}

/** Splits "a=1 b="x y" c" into [name, value|null] pairs as the kernel's next_arg does. */
export function split_args(args: string): [string, string | null][] {
  const out: [string, string | null][] = [];
  let i = 0;
  const n = args.length;
  const space = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
  while (i < n) {
    while (i < n && space(args[i])) i++;
    if (i >= n) break;
    let inQuote = false;
    let quoted = false;
    if (args[i] === '"') {
      i++;
      inQuote = quoted = true;
    }
    const start = i;
    let equals = -1;
    for (; i < n; i++) {
      if (space(args[i]) && !inQuote) break;
      if (equals < 0 && args[i] === '=') equals = i;
      if (args[i] === '"') inQuote = !inQuote;
    }
    let tok = args.slice(start, i);
    if (quoted && tok.endsWith('"')) tok = tok.slice(0, -1);
    if (equals < 0) {
      out.push([tok, null]);
    } else {
      const name = tok.slice(0, equals - start);
      let val = tok.slice(equals - start + 1);
      if (val.startsWith('"')) {
        val = val.slice(1);
        if (val.endsWith('"')) val = val.slice(0, -1);
      }
      out.push([name, val]);
    }
  }
  return out;
}

/**
 * parse_args(doing, args, params): applies every "name=value" to its parameter. An unknown name fails
 * the whole call with -EINVAL (see kernel/module.ts for why), a bad value with the setter's error.
 */
export function parse_args(doing: string, args: string, params: KernelParam[]): number {
  for (const [name, val] of split_args(args)) {
    if (!name) continue;
    const kp = params.find((p) => parameq(p.name, name));
    if (!kp) {
      pr_err(`${doing}: Unknown parameter '${name}'`);
      return -EINVAL;
    }
    if (val === null && kp.def.type !== 'bool' && kp.def.type !== 'invbool' && !kp.def.ops?.set) {
      pr_err(`${doing}: parameter '${name}' needs a value`);
      return -EINVAL;
    }
    const r = param_set(kp, val);
    if (r === -ENOSPC) {
      pr_err(`${doing}: '${val ?? ''}' too large for parameter '${name}'`);
      return r;
    }
    if (r) {
      pr_err(`${doing}: '${val ?? ''}' invalid for parameter '${name}'`);
      return r;
    }
  }
  return 0;
}

/** Checks a module's parameter table; returns 0 or -EINVAL with a message. */
export function check_params(modname: string, params: Record<string, ModuleParam>): number {
  for (const [name, d] of Object.entries(params)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      pr_warn(`${modname}: bad parameter name '${name}'`);
      return -EINVAL;
    }
    if (d.perm !== undefined && d.perm & 0o002) {
      pr_warn(`${modname}: parameter '${name}' is world-writable: refused`);
      return -EINVAL;
    }
  }
  return 0;
}
