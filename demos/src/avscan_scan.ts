// avscan's scan of one file, through the descriptor the kernel hands the filter, within two limits: a
// file larger than max_size is not read, and a read that goes on past timeout_ms stops. Either limit,
// or a failed read, gives no verdict of the file's own: the caller applies its policy.
import { HEAP, clock_ms, errno, free, fstat, malloc, read } from '@urfs/emu-kernel/user/libc';
import { strerror } from '@urfs/emu-kernel/uapi/errno';
import { find_signature, type signature } from './avscan_db.js';

export interface scan_limits {
  /** Most bytes a scanned file may have. */
  max_size: number;
  /** Most milliseconds a scan may take; 0: no limit. */
  timeout_ms: number;
}

export type scan_result =
  | { kind: 'clean' }
  | { kind: 'infected'; name: string }
  | { kind: 'timeout' | 'too_large' | 'error'; why: string };

const CHUNK = 65536;

/** The verdict on the file open at `fd` (read from its current offset, which is its start). */
export function scan_fd(fd: number, sigs: readonly signature[], lim: scan_limits): scan_result {
  const st = fstat(fd);
  if (!st) return { kind: 'error', why: `fstat: ${strerror(errno)}` };
  if (st.size > lim.max_size) return { kind: 'too_large', why: `${st.size} bytes, over the ${lim.max_size}-byte limit` };
  const all = new Uint8Array(st.size);
  const buf = malloc(CHUNK);
  const start = clock_ms();
  try {
    let got = 0;
    for (let n; got < all.length; got += n) {
      n = read(fd, buf, Math.min(CHUNK, all.length - got));
      if (n < 0) return { kind: 'error', why: `read: ${strerror(errno)}` };
      if (n === 0) break;
      all.set(HEAP.subarray(buf, buf + n), got);
      if (lim.timeout_ms && clock_ms() - start > lim.timeout_ms) {
        return { kind: 'timeout', why: `not done after ${lim.timeout_ms} ms` };
      }
    }
    const name = find_signature(all.subarray(0, got), sigs);
    return name ? { kind: 'infected', name } : { kind: 'clean' };
  } finally {
    free(buf);
  }
}
