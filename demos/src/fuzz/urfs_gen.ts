// Messages for /dev/urfs as a fuzzer makes them: every command of the protocol with fields that are
// mostly plausible (small ufilter ids, names and paths that exist, operation lists) and sometimes not
// (wild pointers, lengths off by one or huge, unknown ids), then, now and then, cut, lengthened or
// replaced by noise. The layouts are the ones in @urfs/urfs-kmod/uapi.
import { HEAPV } from '@urfs/emu-kernel/user/libc';
import { EDGE_INTS } from '@urfs/emu-kernel/testbin/lib/fuzz';
import type { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import type { Prng } from '@urfs/emu-kernel/testbin/lib/prng';
import {
  URFS_CMD_FILTER_REGISTER, URFS_CMD_FILTER_UNREGISTER, URFS_CMD_FILTER_SET_PATH, URFS_CMD_FILTER_ACTIVATE,
  URFS_CMD_FILTER_DEACTIVATE, URFS_CMD_FILTER_SET_OPERATIONS, URFS_CMD_CONN_SWITCH_CALLBACKS,
  URFS_CMD_OP_CALLBACK_GET_ARGS, URFS_CMD_OP_CALLBACK, URFS_CMD_FILTER_REM_PATH, URFS_IMSG_MAX, URFS_OP_MOD,
  urfs_imsg_encode, type urfs_imsg,
} from '@urfs/urfs-kmod/uapi';
import { RFS_OP_END } from '@urfs/redirfs/ops';
import { RFS_PATH_EXCLUDE, RFS_PATH_INCLUDE, RFS_PATH_SINGLE, RFS_PATH_SUBTREE } from '@urfs/redirfs/rfs';

const enc = new TextEncoder();
const NAMES = ['fz0', 'fz1', 'fz2', 'fz3', 'dummyflt', '', 'x'.repeat(255), 'x'.repeat(256), 'name with space', '\u00e9\u00e8'];
const PRIORITIES = [1, 2, 500, 501, 700, 1000, 0, -1, 2 ** 31 - 1, -(2 ** 31)];
const PATH_FLAGS = [RFS_PATH_INCLUDE | RFS_PATH_SUBTREE, RFS_PATH_INCLUDE | RFS_PATH_SINGLE,
  RFS_PATH_EXCLUDE | RFS_PATH_SUBTREE, RFS_PATH_EXCLUDE | RFS_PATH_SINGLE, 0, RFS_PATH_INCLUDE, RFS_PATH_SUBTREE, 15, 16];

export class UrfsGen {
  /** Request ids seen in events: answers and GET_ARGS aim at them, at their neighbours, or anywhere. */
  readonly requests: bigint[] = [];
  /** The ufilter ids the connection in use has: most ids aim at them. */
  ids: ReadonlySet<number> = new Set();

  constructor(readonly rng: Prng, readonly mem: FuzzMem, readonly paths: readonly string[]) {}

  ufilter_id(): number {
    if (this.ids.size && this.rng.chance(0.7)) return this.rng.pick([...this.ids]);
    return this.rng.chance(0.85) ? this.rng.below(4) : this.rng.pick([-1, 4, 15, 16, 17, 2 ** 31 - 1, -(2 ** 31)]);
  }

  request_id(): bigint {
    const r = this.rng.below(10);
    if (r < 6 && this.requests.length) {
      const id = this.rng.pick(this.requests);
      return r < 4 ? id : BigInt.asUintN(64, id + BigInt(this.rng.pick([-1, 1, 2, -2])));
    }
    return this.rng.pick([0n, 1n, 2n, 100n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n, BigInt(this.rng.u32())]);
  }

  /** A string as pointer + length: exact, with its NUL counted, empty, too long, or at a wild pointer. */
  str(choices: readonly string[]): { ptr: number; len: number } {
    const s = enc.encode(this.rng.pick(choices));
    const ptr = this.mem.put(new Uint8Array([...s, 0]));
    const r = this.rng.below(20);
    if (r < 14) return { ptr, len: s.length };
    if (r === 14) return { ptr, len: s.length + 1 };
    if (r === 15) return { ptr, len: 0 };
    if (r === 16) return { ptr, len: this.rng.pick([4096, 65536, 2 ** 31, 2 ** 32 - 1]) };
    if (r === 17) return { ptr: this.mem.edge(this.rng), len: s.length };
    return { ptr: this.mem.wild(this.rng), len: s.length };
  }

  /** A FILTER_SET_OPERATIONS list: operation ids in and out of range, the modifier, any flags. */
  ops(): { ptr: number; count: number } {
    const n = this.rng.weighted([[40, this.rng.range(1, 8)], [20, RFS_OP_END], [10, 0], [10, RFS_OP_END + 1],
      [10, RFS_OP_END + 2], [10, this.rng.range(1, 3)]] as const);
    const real = Math.min(n, RFS_OP_END + 2);
    const p = this.mem.alloc(real * 8 + 8);
    for (let k = 0; k < real; k++) {
      const id = this.rng.chance(0.9) ? (n >= RFS_OP_END ? k : this.rng.below(RFS_OP_END)) : this.rng.pick([URFS_OP_MOD, RFS_OP_END, 2 ** 32 - 1]);
      HEAPV.setUint32(p + k * 8, id >>> 0, true);
      HEAPV.setUint32(p + k * 8 + 4, this.rng.chance(0.9) ? this.rng.range(1, 3) : this.rng.pick([0, 4, 2 ** 32 - 1]), true);
    }
    const r = this.rng.below(20);
    if (r === 0) return { ptr: this.mem.wild(this.rng), count: n };
    if (r === 1) return { ptr: p, count: this.rng.pick([2 ** 31, 2 ** 32 - 1, 1000]) };
    return { ptr: p, count: n };
  }

  /** One command, well formed as far as its layout goes. */
  command(cmd = this.cmd()): urfs_imsg {
    const rng = this.rng;
    switch (cmd) {
      case URFS_CMD_FILTER_REGISTER: {
        const { ptr, len } = this.str(NAMES);
        return { cmd, name_ptr: ptr, name_len: len, priority: rng.chance(0.8) ? rng.pick(PRIORITIES) : rng.u32() | 0,
          active: rng.chance(0.8) ? rng.below(2) : rng.u32(), policy: rng.chance(0.9) ? rng.below(3) : rng.u32() };
      }
      case URFS_CMD_FILTER_SET_PATH: {
        const { ptr, len } = this.str(this.paths);
        return { cmd, ufilter_id: this.ufilter_id(), path_ptr: ptr, path_len: len,
          flags: rng.chance(0.9) ? rng.pick(PATH_FLAGS) : rng.u32() };
      }
      case URFS_CMD_FILTER_SET_OPERATIONS: {
        const { ptr, count } = this.ops();
        return { cmd, ufilter_id: this.ufilter_id(), ops_ptr: ptr, count };
      }
      case URFS_CMD_CONN_SWITCH_CALLBACKS:
        return { cmd, enable: rng.chance(0.9) ? rng.below(2) : rng.u32() };
      case URFS_CMD_OP_CALLBACK_GET_ARGS:
        return { cmd, ufilter_id: this.ufilter_id(), request_id: this.request_id() };
      case URFS_CMD_OP_CALLBACK:
        return { cmd, ufilter_id: this.ufilter_id(), request_id: this.request_id(), retv: this.retv(), rv: this.rv() };
      case URFS_CMD_FILTER_REM_PATH:
        return { cmd, ufilter_id: this.ufilter_id(), path_id: rng.chance(0.8) ? rng.range(-1, 4) : rng.u32() | 0 };
      default:
        return { cmd: cmd as typeof URFS_CMD_FILTER_ACTIVATE, ufilter_id: this.ufilter_id() };
    }
  }

  cmd(): number {
    return this.rng.weighted([[10, URFS_CMD_FILTER_REGISTER], [4, URFS_CMD_FILTER_UNREGISTER], [10, URFS_CMD_FILTER_SET_PATH],
      [6, URFS_CMD_FILTER_ACTIVATE], [4, URFS_CMD_FILTER_DEACTIVATE], [10, URFS_CMD_FILTER_SET_OPERATIONS],
      [5, URFS_CMD_CONN_SWITCH_CALLBACKS], [10, URFS_CMD_OP_CALLBACK_GET_ARGS], [10, URFS_CMD_OP_CALLBACK],
      [5, URFS_CMD_FILTER_REM_PATH], [2, this.rng.pick([0, 11, 12, 255, 2 ** 32 - 1])]] as const);
  }

  /** A result a filter could claim: right ones, errnos, counts no operation made, numbers no errno is. */
  retv(): number {
    return this.rng.pick([0, 0, 1, 7, 16, -1, -2, -5, -13, -22, -28, -4095, -4096, -99999, 1e6, 2 ** 31, 2 ** 40, 2 ** 53 - 1,
      -(2 ** 53 - 1), this.rng.pick(EDGE_INTS)]);
  }
  rv(): number {
    return this.rng.chance(0.85) ? this.rng.below(2) : this.rng.pick([2, 3, 255, 2 ** 32 - 1]);
  }

  /** A message's bytes: a command, sometimes cut or lengthened, or bytes of no command at all. */
  message(): Uint8Array {
    const r = this.rng.below(100);
    if (r < 5) return this.rng.fill(new Uint8Array(this.rng.below(URFS_IMSG_MAX + 40)));
    const m = this.command();
    const b = m.cmd >= URFS_CMD_FILTER_REGISTER && m.cmd <= URFS_CMD_FILTER_REM_PATH ? urfs_imsg_encode(m) : raw_cmd(m.cmd);
    if (r < 10) return b.subarray(0, this.rng.below(b.length));
    if (r < 14) {
      const longer = new Uint8Array(b.length + this.rng.range(1, URFS_IMSG_MAX));
      longer.set(b);
      return longer;
    }
    return b;
  }
}

/** An unknown command in a message of a plausible size. */
function raw_cmd(cmd: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, cmd >>> 0, true);
  return b;
}

