// Reading lines from a descriptor without taking more than the line: what is left belongs to the
// commands the shell runs (`sh < script` where a command reads the rest). A seekable file is read in
// blocks and the position moved back; a terminal or pipe is read byte by byte.
import { read, lseek, malloc, free, errno, HEAP } from '../libc.js';
import { EINTR } from '../../uapi/errno.js';
import { SEEK_CUR } from '../../uapi/fcntl.js';

const dec = new TextDecoder();
const BLOCK = 4096;

export class LineReader {
  private readonly seekable: boolean;
  constructor(private readonly fd: number) {
    this.seekable = lseek(fd, 0, SEEK_CUR) >= 0;
  }

  /** The next line with its newline (the last one may lack it), or null at end of input. */
  readLine(): string | null {
    const bytes: number[] = [];
    const buf = malloc(BLOCK);
    try {
      for (;;) {
        const n = read(this.fd, buf, this.seekable ? BLOCK : 1);
        if (n < 0) {
          if (errno === EINTR) continue;
          break;
        }
        if (n === 0) break;
        const chunk = HEAP.subarray(buf, buf + n);
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          for (const b of chunk) bytes.push(b);
          continue;
        }
        for (let i = 0; i <= nl; i++) bytes.push(chunk[i]);
        if (nl + 1 < n) lseek(this.fd, nl + 1 - n, SEEK_CUR);
        break;
      }
    } finally {
      free(buf);
    }
    return bytes.length ? dec.decode(new Uint8Array(bytes)) : null;
  }
}
