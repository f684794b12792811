import { PAGE_SIZE } from '../uapi/mman.js';

/**
 * A process's address space: one SharedArrayBuffer that only its own thread and the kernel see.
 * Page 0 is never valid, so a NULL pointer faults like on Linux. The user-side allocator (user/malloc.ts)
 * manages the space from `brk_start` up; mmap regions are carved from the top down.
 */
/** What a user pointer points into: a process's space, or a kernel buffer (see kernel_ptr). */
export interface AddressSpace {
  readonly bytes: Uint8Array;
  access_ok(addr: number, len: number): boolean;
}

export class MmStruct implements AddressSpace {
  readonly heap: SharedArrayBuffer;
  readonly bytes: Uint8Array;
  /** Lowest address user space may touch. */
  readonly start = PAGE_SIZE;
  /** Top of the space still free for mmap (grows downwards). */
  mmap_base: number;
  /** The user allocator's break: mmap never hands out memory below it (see sys_brk). */
  brk: number;
  /** Mappings made by mmap, keyed by start address. */
  readonly vmas = new Map<number, VmArea>();
  /** Users the kernel accounts for: 1 from mm_alloc (kernel/fork.ts) until mmput; 0 for spaces it does not count. */
  mm_users = 0;

  constructor(size: number) {
    this.heap = new SharedArrayBuffer(size);
    this.bytes = new Uint8Array(this.heap);
    this.mmap_base = size;
    this.brk = PAGE_SIZE;
  }
  get size(): number {
    return this.heap.byteLength;
  }
  /** True when [addr, addr+len) lies inside the space. */
  access_ok(addr: number, len: number): boolean {
    return Number.isInteger(addr) && Number.isInteger(len) && len >= 0 && addr >= this.start &&
      addr + len <= this.bytes.length;
  }
}

/**
 * The address space of a task that has none any more (a zombie's; Linux's tsk->mm == NULL): empty, so
 * every access faults and nothing can be mapped into it.
 */
export const null_mm = new MmStruct(0);

/** A shared mapping: user addresses [vm_start, vm_end) mirror `backing` (kernel pages of a driver). */
export interface VmArea {
  vm_start: number;
  vm_end: number;
  vm_pgoff: number;
  vm_flags: number;
  /** The kernel memory the region shares; kept coherent by the user runtime (see mm/mmap.ts). */
  backing?: Uint8Array;
  vm_private_data?: unknown;
  vm_ops?: { close?(vma: VmArea): void };
  vm_file?: unknown;
}
