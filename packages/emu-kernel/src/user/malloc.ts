// The user-space allocator: size classes of powers of two over the process's address space. Freed blocks
// go back to their class's list, so buffers reused at one size (I/O loops, benchmarks) cost no growth.
import { PAGE_SIZE } from '../uapi/mman.js';

const HDR = 16;
const MIN_CLASS = 4; // 16 bytes
const BRK_STEP = 1 << 20;

export class Heap {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  private brk: number;
  /** Top of the space the allocator may use; mmap takes from above it. */
  limit: number;
  private readonly free = new Map<number, number[]>();
  /** How far the kernel has granted the break (brk(2)); grown in steps of BRK_STEP. */
  private granted = PAGE_SIZE;

  /** `sbrk` asks the kernel to move the break and returns the break it got. */
  constructor(buf: SharedArrayBuffer, private readonly sbrk: (addr: number) => number = (a) => a) {
    this.u8 = new Uint8Array(buf);
    this.dv = new DataView(buf);
    this.brk = PAGE_SIZE; // page 0 stays unmapped: NULL faults
    this.limit = buf.byteLength;
  }

  /** Returns an address, or 0 when the space is exhausted (ENOMEM). */
  malloc(n: number): number {
    if (!Number.isFinite(n) || n < 0) return 0;
    let cls = MIN_CLASS;
    while (1 << cls < n + HDR) cls++;
    const list = this.free.get(cls);
    let block = list?.pop();
    if (block === undefined) {
      const size = 1 << cls;
      const start = (this.brk + 15) & ~15;
      const end = start + size;
      if (end > this.limit) return 0;
      if (end > this.granted) {
        const want = Math.min(this.limit, Math.ceil(end / BRK_STEP) * BRK_STEP);
        const got = this.sbrk(want);
        if (got < end) return 0;
        this.granted = got;
      }
      this.brk = end;
      block = start;
    }
    this.dv.setUint32(block, cls, true);
    this.dv.setUint32(block + 4, 0xa110c, true);
    return block + HDR;
  }

  free_(p: number): void {
    if (!p) return;
    const block = p - HDR;
    if (this.dv.getUint32(block + 4, true) !== 0xa110c) throw new Error(`free(): invalid pointer 0x${p.toString(16)}`);
    this.dv.setUint32(block + 4, 0, true);
    const cls = this.dv.getUint32(block, true);
    let list = this.free.get(cls);
    if (!list) this.free.set(cls, (list = []));
    list.push(block);
  }

  /** Bytes handed out so far (the break). */
  get used(): number {
    return this.brk;
  }
}
