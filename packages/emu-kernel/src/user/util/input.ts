// Reading the inputs of a filter utility: files named on the command line or standard input ("-"),
// streamed in chunks or lines so that an endless pipe (yes | head) works.
import { open, close, read, malloc, free, errno, HEAP } from '../libc.js';
import { EINTR } from '../../uapi/errno.js';
import { O_RDONLY } from '../../uapi/fcntl.js';
import { warn } from './err.js';

const BUFSZ = 65536;

/** Opens an operand ("-" is standard input); reports a failure as `prog` and returns -1. */
export function openInput(prog: string, name: string): number {
  if (name === '-') return 0;
  const fd = open(name, O_RDONLY);
  if (fd < 0) warn(prog, name);
  return fd;
}
export function closeInput(fd: number): void {
  if (fd !== 0) close(fd);
}

/** Calls `fn` with each chunk read until end of file or until fn returns false; -1 on a read error. */
export function readChunks(fd: number, fn: (chunk: Uint8Array) => boolean | void): number {
  const buf = malloc(BUFSZ);
  try {
    for (;;) {
      const n = read(fd, buf, BUFSZ);
      if (n < 0) {
        if (errno === EINTR) continue;
        return -1;
      }
      if (n === 0) return 0;
      if (fn(HEAP.slice(buf, buf + n)) === false) return 0;
    }
  } finally {
    free(buf);
  }
}

/** Calls `fn` with each line (without its newline; `nl` false for an unterminated last line). */
export function readLines(fd: number, fn: (line: string, nl: boolean) => boolean | void): number {
  const dec = new TextDecoder();
  let pending = '';
  let stopped = false;
  const r = readChunks(fd, (chunk) => {
    pending += dec.decode(chunk, { stream: true });
    let i: number;
    while ((i = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, i);
      pending = pending.slice(i + 1);
      if (fn(line, true) === false) {
        stopped = true;
        return false;
      }
    }
  });
  pending += dec.decode();
  if (!stopped && r === 0 && pending) fn(pending, false);
  return r;
}

/** Operands, or standard input when there are none. */
export const inputs = (operands: string[]): string[] => (operands.length ? operands : ['-']);
