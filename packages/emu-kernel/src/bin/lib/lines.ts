// A pull reader of lines over a list of inputs (files or "-" for standard input), one line of look-ahead
// so a program knows the last line ($ in sed) while still streaming an endless pipe.
import { readBytes, errno } from '../../user/libc.js';
import { EINTR } from '../../uapi/errno.js';
import { openInput, closeInput } from '../../user/util/input.js';
import { warn } from '../../user/util/err.js';

export interface Line {
  text: string;
  /** false for an unterminated last line. */
  nl: boolean;
}

export class LineReader {
  private idx = 0;
  private fd = -1;
  private buf = '';
  private dec = new TextDecoder();
  private eof = true;
  private ahead: Line | null | undefined = undefined;
  /** The name of the input the last line returned came from. */
  file = '';
  private nextFile = '';
  /** Set when an input could not be opened or read (already reported). */
  failed = false;

  constructor(private readonly prog: string, private readonly names: string[]) {}

  private raw(): Line | null {
    for (;;) {
      const i = this.buf.indexOf('\n');
      if (i >= 0) {
        const text = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        return { text, nl: true };
      }
      if (!this.eof) {
        const b = readBytes(this.fd, 65536);
        if (b === null && errno === EINTR) continue;
        if (b && b.length) {
          this.buf += this.dec.decode(b, { stream: true });
          continue;
        }
        if (!b) {
          this.failed = true;
          warn(this.prog, `read error on ${this.nextFile === '-' ? 'standard input' : this.nextFile}`);
        }
        this.buf += this.dec.decode();
        this.eof = true;
        closeInput(this.fd);
        this.fd = -1;
        if (this.buf) {
          const text = this.buf;
          this.buf = '';
          return { text, nl: false };
        }
      }
      if (this.idx >= this.names.length) return null;
      const name = this.names[this.idx++];
      const fd = openInput(this.prog, name);
      if (fd < 0) {
        this.failed = true;
        continue;
      }
      this.fd = fd;
      this.eof = false;
      this.nextFile = name;
    }
  }

  /** The next line, or null at the end of the last input. */
  next(): Line | null {
    const l = this.ahead !== undefined ? this.ahead : this.raw();
    this.file = this.nextFile;
    this.ahead = undefined;
    return l;
  }

  /** Whether no line follows the last one returned. */
  atEnd(): boolean {
    if (this.ahead === undefined) {
      const f = this.file;
      this.ahead = this.raw();
      this.file = f;
    }
    return this.ahead === null;
  }

  /** Stops reading: closes the current input. */
  close(): void {
    if (this.fd >= 0) closeInput(this.fd);
    this.fd = -1;
    this.eof = true;
    this.idx = this.names.length;
    this.ahead = null;
  }
}
