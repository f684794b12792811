// urfs 2's entry points for the /dev/urfs fuzzer: URFS_IOC_SETUP, URFS_IOC_ANSWER_FETCH and URFS_IOC_ATTACH
// with plausible and wrong structures, lengths, pointers and descriptors, and mmap of the data area with
// right and wrong lengths. The fuzzer's descriptors are O_NONBLOCK, so a fetch never waits.
import { HEAP, HEAPV, errno, ioctl, mmap, munmap } from '@urfs/emu-kernel/user/libc';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '@urfs/emu-kernel/uapi/mman';
import type { FuzzRun } from '@urfs/emu-kernel/testbin/lib/fuzz';
import type { FuzzMem } from '@urfs/emu-kernel/testbin/lib/fuzz_mem';
import {
  URFS_EVENT_MAX, URFS_FETCH_SIZE, URFS_IOC_ANSWER_FETCH, URFS_IOC_ATTACH, URFS_IOC_SETUP, URFS_SETUP_SIZE,
} from '@urfs/urfs-kmod/uapi_v2';
import type { RawConn } from './urfs_conn.js';
import type { UrfsGen } from './urfs_gen.js';

const U32 = [0, 1, 2, 3, 16, 1024, 1025, 4095, 4096, 262144, 16 << 20, (16 << 20) + 4096, 0x7fffffff, 0xffffffff];

/** One urfs 2 call on `c` (the others are what ATTACH may name); its result goes to the run. */
export function urfs_v2_op(run: FuzzRun, mem: FuzzMem, gen: UrfsGen, c: RawConn, others: readonly RawConn[]): void {
  const rng = run.rng;
  const ptr = (n: number) => (rng.chance(0.9) ? mem.alloc(n) : rng.chance(0.5) ? mem.wild(rng) : mem.edge(rng));
  switch (rng.below(4)) {
    case 0: {
      const p = mem.alloc(URFS_SETUP_SIZE);
      HEAPV.setUint32(p, rng.chance(0.7) ? 2 : rng.pick(U32), true);
      HEAPV.setUint32(p + 4, rng.chance(0.5) ? rng.pick([0, 1, 4, 16]) : rng.pick(U32), true);
      HEAPV.setUint32(p + 8, rng.chance(0.5) ? rng.pick([0, 4096, 65536, 262144]) : rng.pick(U32), true);
      HEAPV.setUint32(p + 12, rng.chance(0.9) ? 0 : rng.pick(U32), true);
      const at = rng.chance(0.95) ? p : mem.wild(rng);
      run.result(ioctl(c.fd, URFS_IOC_SETUP, at) < 0 ? -errno : 0, () => `SETUP at ${at} [${[...HEAP.subarray(p, p + 16)].join(',')}]`);
      break;
    }
    case 1: {
      const len = rng.chance(0.6) ? rng.pick([4096, 16384, 65536, 262144, 1 << 20]) : rng.pick(U32);
      const flags = rng.chance(0.8) ? MAP_SHARED : MAP_PRIVATE;
      const a = mmap(0, len, PROT_READ | PROT_WRITE, flags, c.fd, rng.chance(0.9) ? 0 : 4096);
      run.result(a < 0 ? -errno : 0, () => `mmap of ${len} bytes, flags ${flags}`);
      if (a >= 0 && rng.chance(0.5)) munmap(a, len);
      break;
    }
    case 2: {
      const f = mem.alloc(URFS_FETCH_SIZE);
      HEAP.fill(0, f, f + URFS_FETCH_SIZE);
      if (rng.chance(0.7)) HEAP.set(gen.message().subarray(0, 32), f);
      const buf = ptr(URFS_EVENT_MAX);
      HEAPV.setBigUint64(f + 32, BigInt(Math.max(0, Math.min(buf, 2 ** 53))), true);
      HEAPV.setUint32(f + 40, rng.chance(0.7) ? URFS_EVENT_MAX : rng.pick(U32), true);
      HEAPV.setInt32(f + 48, rng.pick([0, 0, -1, 5, -2, 0x7fffffff]), true);
      HEAPV.setUint32(f + 52, rng.chance(0.9) ? 0 : rng.pick(U32), true);
      const at = rng.chance(0.95) ? f : mem.wild(rng);
      run.result(ioctl(c.fd, URFS_IOC_ANSWER_FETCH, at) < 0 ? -errno : 0, () => `ANSWER_FETCH at ${at}`);
      break;
    }
    default: {
      const fd = rng.chance(0.7) ? rng.pick(others).fd : rng.pick([-1, 0, 1, 2, c.fd, 999, 0x7fffffff]);
      run.result(ioctl(c.fd, URFS_IOC_ATTACH, fd) < 0 ? -errno : 0, () => `ATTACH to descriptor ${fd}`);
    }
  }
}
