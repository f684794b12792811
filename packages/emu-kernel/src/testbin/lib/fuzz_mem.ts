// The memory fuzz inputs live in: one anonymous mapping at the top of the address space, handed out as a
// ring. Whatever a call writes there (a huge length, a wrong structure) can only run into the end of the
// address space, never into the program's own heap; and pointers to the edge of that end, or outside the
// space altogether, are the wild ones.
import { HEAP, HEAPV, mmap } from '../../user/libc.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../uapi/mman.js';
import { EDGE_INTS } from './fuzz.js';
import type { Prng } from './prng.js';

const enc = new TextEncoder();

/** Bytes of each kind made once from the seed; long buffers are cut from them (filling byte by byte is slow). */
const NOISE = 1 << 17;
/** Only this much of a buffer gets structure (words, pointers); the rest is cut from the noise. */
const STRUCTURED = 512;

export class FuzzMem {
  readonly base: number;
  private cur = 0;
  private readonly noise: Uint8Array;
  private readonly text: Uint8Array;

  constructor(rng: Prng, readonly size = 1 << 20) {
    const p = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    if (p < 0) throw new Error('fuzz: cannot map the input memory');
    this.base = p;
    this.noise = rng.fill(new Uint8Array(NOISE));
    this.text = this.noise.map((x) => (x < 13 ? 0 : TEXT[x % TEXT.length]));
  }

  /** One past the last byte of the address space. */
  get end(): number {
    return HEAP.length;
  }

  /** `n` bytes of the ring (16-aligned); they stay valid until the ring comes round again. */
  alloc(n: number): number {
    const len = Math.min(Math.max(0, Math.ceil(n)), this.size);
    if (this.cur + len > this.size) this.cur = 0;
    const p = this.base + this.cur;
    this.cur = (this.cur + len + 15) & ~15;
    return p;
  }

  put(b: Uint8Array): number {
    const p = this.alloc(b.length);
    HEAP.set(b.subarray(0, this.size), p);
    return p;
  }

  cstr(s: string): number {
    const b = enc.encode(s);
    const p = this.alloc(b.length + 1);
    HEAP.set(b, p);
    HEAP[p + b.length] = 0;
    return p;
  }

  /** A pointer the kernel must refuse: NULL, page 0, past the end, negative, beyond any address. */
  wild(rng: Prng): number {
    return rng.pick([0, 1, 8, 4095, this.end, this.end + 1, this.end + 4096, 2 ** 31, 2 ** 32, 2 ** 40, 2 ** 53 - 1, -1,
      -4096, -(2 ** 31), -(2 ** 53 - 1)]);
  }

  /** A pointer a few bytes before the end of the space: any longer length runs past it. */
  edge(rng: Prng): number {
    return this.end - rng.pick([1, 2, 3, 4, 7, 8, 12, 16, 24, 40, 100, 4095, 4096]);
  }

  /** Fills `n` bytes at a fresh place with bytes an input could hold; returns the place. */
  fill(rng: Prng, n: number): number {
    const p = this.alloc(n);
    const b = HEAP.subarray(p, p + n);
    const cut = (from: Uint8Array) => {
      for (let o = 0; o < n; o += NOISE) {
        const k = Math.min(NOISE, n - o), at = rng.below(NOISE - k + 1);
        b.set(from.subarray(at, at + k), o);
      }
    };
    const kind = rng.below(6);
    if (kind === 0) b.fill(0);
    else if (kind === 5) cut(this.text); // text with NULs here and there
    else cut(this.noise);
    const words = Math.min(n, STRUCTURED);
    if (kind === 3) { // little-endian 64-bit words: edge values and pointers into this memory
      for (let o = 0; o + 8 <= words; o += 8) {
        const w = rng.chance(0.3) ? this.base + rng.below(this.size) : rng.pick(EDGE_INTS);
        HEAPV.setBigInt64(p + o, BigInt(Math.trunc(w)), true);
      }
    } else if (kind === 4) { // 32-bit words
      for (let o = 0; o + 4 <= words; o += 4) HEAPV.setInt32(p + o, rng.pick(EDGE_INTS) | 0, true);
    }
    return p;
  }
}

const TEXT = enc.encode('abcxyz/._-0123 \n=:,%');
