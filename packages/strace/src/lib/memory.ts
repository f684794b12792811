// The tracee's memory as the decoders see it: bytes at an address, or null where nothing can be read.

export interface TraceeMemory {
  /** Up to `len` bytes at `addr` (fewer where the address space ends); null when none can be read. */
  read(addr: number, len: number): Uint8Array | null;
}

/** A NUL-terminated string at `addr` (its bytes, without the NUL), read in pieces; null if unreadable. */
export function read_cstring(mem: TraceeMemory, addr: number, max = 4096): Uint8Array | null {
  if (!addr) return null;
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < max) {
    const chunk = mem.read(addr + total, Math.min(256, max - total));
    if (!chunk || !chunk.length) return total ? concat(parts, total) : null;
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      parts.push(chunk.subarray(0, nul));
      return concat(parts, total + nul);
    }
    parts.push(chunk);
    total += chunk.length;
  }
  return concat(parts, total);
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p.subarray(0, n - off), off);
    off += p.length;
    if (off >= n) break;
  }
  return out;
}

export const u64 = (b: Uint8Array, off: number): number => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(off, true));
export const s64 = (b: Uint8Array, off: number): number => Number(new DataView(b.buffer, b.byteOffset).getBigInt64(off, true));
export const u32 = (b: Uint8Array, off: number): number => new DataView(b.buffer, b.byteOffset).getUint32(off, true);
export const s32 = (b: Uint8Array, off: number): number => new DataView(b.buffer, b.byteOffset).getInt32(off, true);
export const u16 = (b: Uint8Array, off: number): number => new DataView(b.buffer, b.byteOffset).getUint16(off, true);

/** A memory over a plain byte array (address = index), for tests and for bytes already copied out. */
export function array_memory(bytes: Uint8Array): TraceeMemory {
  return {
    read(addr, len) {
      if (addr <= 0 || addr >= bytes.length || len < 0) return null;
      return bytes.slice(addr, Math.min(bytes.length, addr + len));
    },
  };
}
