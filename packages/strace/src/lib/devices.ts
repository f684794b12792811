// Decoders for this machine's devices, chosen by the path a descriptor was opened with: the urfs messages
// written to and read from /dev/urfs (urfs 1) and its ioctls (urfs 2), and /dev/redirctl's ioctls.
import {
  URFS_CMD_NAMES, URFS_IMSG_MAX, URFS_OMSG_SIZE, URFS_OPS_ENTRY_SIZE, URFS_OP_FD, URFS_OP_POST, URFS_OP_PRE,
  urfs_imsg_decode, urfs_omsg_decode,
} from '@urfs/urfs-kmod/uapi';
import {
  URFS_EVENT_HEAD, URFS_FETCH_SIZE, URFS_IOC_ANSWER_FETCH, URFS_IOC_ATTACH, URFS_IOC_SETUP, URFS_SETUP_SIZE,
  urfs_event2_decode, urfs_fetch_decode, urfs_setup_decode,
} from '@urfs/urfs-kmod/uapi_v2';
import {
  REDIRCTL_CMD_ACTIVATE_FILTER, REDIRCTL_CMD_DEACTIVATE_FILTER, REDIRCTL_CMD_GET_FILTERS_INFO_DATA,
  REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE,
  REDIRCTL_CMD_SET_FILTER_PATH, REDIRCTL_DEVICE, redirctl_reader, redirctl_unpack_filters, redirctl_unpack_paths,
} from '@urfs/redirfs/redirctl_abi';
import { URFS_DEVICE, URFS_OP_MOD, URFS_CALL_PRE, URFS_CALL_POST, URFS_CALL_MOD } from '@urfs/urfs-kmod/uapi';
import { rfs_op_name } from '@urfs/redirfs/ops';
import { flags, hex, ptr, quote, xlat, type Xlat } from './format.js';
import { u32, type TraceeMemory } from './memory.js';

const URFS_OP_FLAGS: Xlat = [[URFS_OP_PRE, 'URFS_OP_PRE'], [URFS_OP_POST, 'URFS_OP_POST'], [URFS_OP_FD, 'URFS_OP_FD']];
const URFS_IOCTLS: Xlat = [[URFS_IOC_SETUP, 'URFS_IOC_SETUP'], [URFS_IOC_ANSWER_FETCH, 'URFS_IOC_ANSWER_FETCH'],
  [URFS_IOC_ATTACH, 'URFS_IOC_ATTACH']];
const REDIRCTL_CMDS: Xlat = [
  [REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE, 'REDIRCTL_CMD_GET_FILTERS_INFO_PREPARE'],
  [REDIRCTL_CMD_GET_FILTERS_INFO_DATA, 'REDIRCTL_CMD_GET_FILTERS_INFO_DATA'],
  [REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE, 'REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE'],
  [REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA, 'REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA'],
  [REDIRCTL_CMD_SET_FILTER_PATH, 'REDIRCTL_CMD_SET_FILTER_PATH'],
  [REDIRCTL_CMD_ACTIVATE_FILTER, 'REDIRCTL_CMD_ACTIVATE_FILTER'],
  [REDIRCTL_CMD_DEACTIVATE_FILTER, 'REDIRCTL_CMD_DEACTIVATE_FILTER'],
];

export const is_urfs = (path: string | undefined): boolean => path === URFS_DEVICE;
export const is_redirctl = (path: string | undefined): boolean => path === REDIRCTL_DEVICE;

function string_at(mem: TraceeMemory, addr: number, len: number, strsize: number): string {
  if (!addr) return 'NULL';
  const b = mem.read(addr, Math.min(len, 4096));
  return b && b.length === Math.min(len, 4096) ? quote(b, strsize, len > strsize) : ptr(addr);
}

const URFS_CALLS: Xlat = [[URFS_CALL_PRE, 'URFS_CALL_PRE'], [URFS_CALL_POST, 'URFS_CALL_POST'], [URFS_CALL_MOD, 'URFS_CALL_MOD']];
const op_name = (id: number): string => (id === URFS_OP_MOD ? 'URFS_OP_MOD' : rfs_op_name(id));

function cmd_name(cmd: number): string {
  return URFS_CMD_NAMES[cmd] ? `URFS_CMD_${URFS_CMD_NAMES[cmd]}` : String(cmd);
}

function fields(o: Record<string, number | bigint | string>): string {
  return Object.entries(o).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** A message written to /dev/urfs (urfs_imsg), its strings and operation table read from the writer. */
export function urfs_write(b: Uint8Array, mem: TraceeMemory, strsize: number): string {
  if (b.length > URFS_IMSG_MAX) return quote(b, strsize);
  const m = urfs_imsg_decode(b);
  if (!m) return quote(b, strsize);
  const out: Record<string, number | bigint | string> = { cmd: cmd_name(m.cmd) };
  const rec = m as unknown as Record<string, number | bigint>;
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'cmd' || k.endsWith('_len') && (k.replace(/_len$/, '_ptr') in rec)) continue;
    if (k === 'name_ptr' || k === 'path_ptr') {
      const len = Number(rec[k.replace(/_ptr$/, '_len')] ?? 0);
      out[k.replace(/_ptr$/, '')] = string_at(mem, Number(v), len, strsize);
    } else if (k === 'ops_ptr' && 'count' in rec) {
      out.ops = urfs_ops(mem, Number(v), Number(rec.count));
    } else {
      out[k] = v;
    }
  }
  return `{${fields(out)}}`;
}

function urfs_ops(mem: TraceeMemory, addr: number, count: number): string {
  const n = Math.min(count, 64);
  const b = mem.read(addr, n * URFS_OPS_ENTRY_SIZE);
  if (!b || b.length < n * URFS_OPS_ENTRY_SIZE) return ptr(addr);
  const ops = Array.from({ length: n }, (_, i) =>
    `{op_id=${op_name(u32(b, i * 8))}, flags=${flags(URFS_OP_FLAGS, u32(b, i * 8 + 4))}}`);
  return `[${ops.join(', ')}${count > n ? ', ...' : ''}]`;
}

/** What a read of /dev/urfs returned: a reply or event (urfs 1), or an urfs 2 event. */
export function urfs_read(b: Uint8Array, strsize: number): string {
  if (b.length === URFS_OMSG_SIZE) {
    const m = urfs_omsg_decode(b);
    if (m) {
      const { cmd, kind, ...rest } = m as unknown as { cmd: number; kind: string } & Record<string, number | bigint>;
      const r: Record<string, number | bigint | string> = { cmd: cmd_name(cmd) };
      if (kind === 'reply') r.kind = 'reply';
      for (const [k, v] of Object.entries(rest)) {
        r[k] = k.endsWith('_ptr') ? ptr(Number(v)) : k === 'op_id' ? op_name(Number(v)) : k === 'call' ? xlat(URFS_CALLS, Number(v)) : v;
      }
      return `{${fields(r)}}`;
    }
  }
  if (b.length >= URFS_EVENT_HEAD) return urfs_event(b, strsize) ?? quote(b, strsize);
  return quote(b, strsize);
}

function urfs_event(b: Uint8Array, strsize: number): string | null {
  const e = urfs_event2_decode(b);
  if (!e) return null;
  const r: Record<string, number | bigint | string> = {
    cmd: 'URFS_CMD_OP_EVENT', ufilter_id: e.ufilter_id, request_id: e.request_id, op_id: op_name(e.op_id),
    call: xlat(URFS_CALLS, e.call),
    pid: e.pid, uid: e.uid, comm: quote(new TextEncoder().encode(e.comm), strsize), path: quote(new TextEncoder().encode(e.path), strsize),
  };
  if (e.name2) r.name2 = quote(new TextEncoder().encode(e.name2), strsize);
  if (e.fd >= 0) r.fd = e.fd;
  if (e.count) r.count = e.count;
  if (e.pos) r.pos = e.pos;
  if (e.mod_type) {
    r.mod_type = e.mod_type;
    r.mod_arg = e.mod_arg;
  }
  return `{${fields(r)}}`;
}

/** The request word of an ioctl on a device strace knows, or null. */
export function device_ioctl_name(path: string | undefined, cmd: number): string | null {
  if (is_urfs(path)) return xlat(URFS_IOCTLS, cmd >>> 0, '') || null;
  if (is_redirctl(path)) return xlat(REDIRCTL_CMDS, cmd, '') || null;
  return null;
}

/** The argument of such an ioctl, as the caller passed it. */
export function device_ioctl_arg(path: string | undefined, cmd: number, arg: number, mem: TraceeMemory,
  strsize: number): string | null {
  return ioctl_arg(path, cmd, arg, mem, false, 0, strsize);
}

/** What the kernel wrote back into such an ioctl's argument (strace's ` => ...`), or null if nothing. */
export function device_ioctl_update(path: string | undefined, cmd: number, arg: number, mem: TraceeMemory,
  ret: number, strsize: number): string | null {
  if (ret < 0) return null;
  if (is_urfs(path) && cmd >>> 0 === URFS_IOC_ANSWER_FETCH) return ioctl_arg(path, cmd, arg, mem, true, ret, strsize);
  if (is_redirctl(path) && (cmd === REDIRCTL_CMD_GET_FILTERS_INFO_DATA || cmd === REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA)) {
    return redirctl_arg(cmd, arg, mem, true, ret, strsize);
  }
  return null;
}

function ioctl_arg(path: string | undefined, cmd: number, arg: number, mem: TraceeMemory,
  exiting: boolean, ret: number, strsize: number): string | null {
  if (is_urfs(path)) {
    if (cmd >>> 0 === URFS_IOC_SETUP) {
      const b = mem.read(arg, URFS_SETUP_SIZE);
      if (!b || b.length < URFS_SETUP_SIZE) return null;
      const s = urfs_setup_decode(b);
      return `{version=${s.version}, slots=${s.slots}, slot_size=${s.slot_size}, flags=${hex(s.flags)}}`;
    }
    if (cmd >>> 0 === URFS_IOC_ANSWER_FETCH) {
      const b = mem.read(arg, URFS_FETCH_SIZE);
      if (!b || b.length < URFS_FETCH_SIZE) return null;
      const f = urfs_fetch_decode(b);
      if (exiting) {
        let s = `{answer_err=${f.answer_err}`;
        if (ret > 0 && f.buf_ptr) {
          const ev = mem.read(f.buf_ptr, Math.min(ret, f.buf_len));
          const d = ev && ev.length >= URFS_EVENT_HEAD ? urfs_event(ev, strsize) : null;
          if (d) s += `, event=${d}`;
        }
        return s + '}';
      }
      const answer = u32(f.answer, 0) ? urfs_write(f.answer, mem, strsize) : 'NULL';
      return `{answer=${answer}, buf_ptr=${ptr(f.buf_ptr)}, buf_len=${f.buf_len}, timeout_ms=${f.timeout_ms}}`;
    }
    return null;
  }
  if (is_redirctl(path)) return redirctl_arg(cmd, arg, mem, exiting, ret, strsize);
  return null;
}

function redirctl_arg(cmd: number, arg: number, mem: TraceeMemory, exiting: boolean, ret: number, strsize: number): string | null {
  const b = arg ? mem.read(arg, 4096) : null;
  if (!b) return null;
  const q = (s: string) => quote(new TextEncoder().encode(s), strsize);
  try {
    const r = new redirctl_reader(b);
    switch (cmd) {
      case REDIRCTL_CMD_GET_FILTER_PATHS_INFO_PREPARE:
      case REDIRCTL_CMD_ACTIVATE_FILTER:
      case REDIRCTL_CMD_DEACTIVATE_FILTER:
        return `{filter=${q(r.str())}}`;
      case REDIRCTL_CMD_SET_FILTER_PATH:
        return `{filter=${q(r.str())}, path=${q(r.str())}, flags=${r.int()}}`;
      case REDIRCTL_CMD_GET_FILTERS_INFO_DATA:
        if (!exiting || ret < 0) return ptr(arg);
        return '[' + redirctl_unpack_filters(b).map((f) => `{name=${q(f.name)}, priority=${f.priority}, active=${f.active}}`).join(', ') + ']';
      case REDIRCTL_CMD_GET_FILTER_PATHS_INFO_DATA:
        if (!exiting || ret < 0) return ptr(arg);
        return '[' + redirctl_unpack_paths(b).map((p) => `{id=${p.id}, path=${q(p.path)}, flags=${p.flags}}`).join(', ') + ']';
      default:
        return null;
    }
  } catch {
    return null;
  }
}
