// The console's line discipline in the page: a terminal widget delivers raw keystrokes, while the
// machine's console reads cooked lines (as from a host terminal in canonical mode). This echoes, edits
// and hands over whole lines, keeps a history, and turns Ctrl-C into an interrupt.

export interface LineEditorHooks {
  /** Shows bytes on the terminal (the echo). */
  echo(text: string): void;
  /** A finished line, with its newline, for the machine's console. */
  submit(line: string): void;
  /** Ctrl-C. */
  interrupt(): void;
}

export class LineEditor {
  private buf = '';
  private readonly history: string[] = [];
  private hpos = 0;
  /** Every line entered, in order (what "copy link" turns into a ?c= link). */
  readonly typed: string[] = [];

  constructor(private readonly hooks: LineEditorHooks) {}

  /** Feeds what the terminal delivered: typed keys, or a whole pasted text. */
  feed(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === '\x1b') {
        const m = /^\x1b\[([AB])/.exec(data.slice(i));
        if (m) this.recall(m[1] === 'A' ? -1 : 1);
        // Other escape sequences (cursor keys, function keys) are not edited: skip them.
        const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])?/.exec(data.slice(i))![0];
        i += seq.length - 1;
      } else if (c === '\r' || c === '\n') {
        if (c === '\n' && data[i - 1] === '\r') continue;
        this.enter();
      } else if (c === '\x7f' || c === '\b') {
        if (this.buf) {
          this.buf = [...this.buf].slice(0, -1).join('');
          this.hooks.echo('\b \b');
        }
      } else if (c === '\x03') {
        this.buf = '';
        this.hooks.echo('^C\r\n');
        this.hooks.interrupt();
      } else if (c === '\x15') {
        this.replace('');
      } else if (c >= ' ' || c === '\t') {
        this.buf += c;
        this.hooks.echo(c);
      }
    }
  }

  private enter(): void {
    const line = this.buf;
    this.buf = '';
    this.hooks.echo('\r\n');
    if (line.trim()) {
      this.history.push(line);
      this.typed.push(line);
    }
    this.hpos = this.history.length;
    this.hooks.submit(line + '\n');
  }

  private replace(text: string): void {
    this.hooks.echo('\b \b'.repeat([...this.buf].length) + text);
    this.buf = text;
  }

  private recall(step: number): void {
    const n = Math.min(Math.max(this.hpos + step, 0), this.history.length);
    if (n === this.hpos) return;
    this.hpos = n;
    this.replace(this.history[n] ?? '');
  }
}
