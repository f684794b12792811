// A region a file grows by without data (a write past the end, a growing truncate) holds zeros as stored,
// which would read back as keystream. cryptflt stores the keystream there instead, so the region reads
// back as zeros. The filter's own operations pass the filters, so it writes the ciphertext itself, through
// the path it was given, once it has checked that the path still names the file (the inode number).
import { EIO } from '@urfs/emu-kernel/uapi/errno';
import { O_WRONLY } from '@urfs/emu-kernel/uapi/fcntl';
import { close, errno, free, fstat, ftruncate, malloc, memcpy_to, open, pwrite } from '@urfs/emu-kernel/user/libc';
import { crypt_zeros } from './crypt_stream.js';

const CHUNK = 64 * 1024;

/**
 * Grows file `ino` at `path` to `to` bytes, if it is shorter, with the keystream stored over what it
 * grows by: 0, or -errno (EIO when the path no longer names that file). The size is set first, so a size
 * the file system refuses changes nothing.
 */
export function crypt_grow(key: Uint8Array, path: string, ino: number, to: number): number {
  const fd = open(path, O_WRONLY);
  if (fd < 0) return -EIO;
  try {
    const st = fstat(fd);
    if (!st || st.ino !== ino) return -EIO;
    if (to <= st.size) return 0;
    if (ftruncate(fd, to) < 0) return -errno;
    const buf = malloc(Math.min(CHUNK, to - st.size));
    try {
      for (let pos = st.size; pos < to; pos += CHUNK) {
        const n = Math.min(CHUNK, to - pos);
        memcpy_to(buf, crypt_zeros(key, ino, pos, n));
        const w = pwrite(fd, buf, n, pos);
        if (w !== n) return w < 0 ? -errno : -EIO;
      }
    } finally {
      free(buf);
    }
    return 0;
  } finally {
    close(fd);
  }
}
