// A region a file grows by without data (a write past the end, a growing truncate) holds zeros as stored,
// which would read back as keystream. cryptflt stores the keystream there instead, so the region reads
// back as zeros. The filter's own operations pass the filters, so it writes the ciphertext itself.
import { O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { close, errno, free, malloc, memcpy_to, open, pwrite } from '@urfs/emu-kernel/user/libc';
import { crypt_zeros } from './crypt_stream.js';

const CHUNK = 64 * 1024;

/** Stores file `ino`'s keystream over [from, to) of `path`: 0, or -errno. Nothing to do when to <= from. */
export function crypt_fill_zeros(key: Uint8Array, path: string, ino: number, from: number, to: number): number {
  if (to <= from) return 0;
  const fd = open(path, O_WRONLY);
  if (fd < 0) return -errno;
  const buf = malloc(Math.min(CHUNK, to - from));
  let r = 0;
  for (let pos = from; pos < to && r === 0;) {
    const n = Math.min(CHUNK, to - pos);
    memcpy_to(buf, crypt_zeros(key, ino, pos, n));
    const w = pwrite(fd, buf, n, pos);
    if (w !== n) r = w < 0 ? -errno : -5;
    pos += n;
  }
  free(buf);
  close(fd);
  return r;
}
