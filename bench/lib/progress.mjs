// The benchmark's progress display on stderr. On a terminal: one line redrawn in place (\r, erase to end
// of line) with the case, a bar of points done out of the total, the point being measured and the time
// since the start. Elsewhere (a log, a pipe): one plain line per update. No dependency.

/** 75 -> "1m15s", 9.5 -> "9.5s". */
export function elapsedLabel(s) {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s - m * 60)).padStart(2, '0')}s`;
}

/** "[#####-----]" for done out of total. */
export function bar(done, total, width = 20) {
  const n = total > 0 ? Math.max(0, Math.min(width, Math.round((done / total) * width))) : 0;
  return `[${'#'.repeat(n)}${'-'.repeat(width - n)}]`;
}

export class Progress {
  /**
   * @param {{ write(s: string): unknown, isTTY?: boolean, columns?: number }} stream
   * @param {{ tty?: boolean, now?: () => number }} [opts] tty overrides the stream's; now is for tests (ms)
   */
  constructor(stream = process.stderr, { tty = Boolean(stream.isTTY), now = () => performance.now() } = {}) {
    this.stream = stream;
    this.tty = tty;
    this.now = now;
    this.t0 = now();
    this.tag = '';
    this.caseT0 = this.t0;
    this.drawn = false;
  }

  /** A case begins: index is 0-based. */
  startCase(index, count, name) {
    this.tag = `[${index + 1}/${count}] ${name}`;
    this.caseT0 = this.now();
    this.update('starting');
  }

  /** What is being measured; `done`/`total` (points) draw the bar when known. */
  update(msg, done, total) {
    const t = elapsedLabel((this.now() - this.t0) / 1000);
    const count = total ? ` ${done}/${total}` : '';
    if (!this.tty) {
      this.stream.write(`bench: ${this.tag}${count}: ${msg} (${t})\n`);
      return;
    }
    const line = `bench ${this.tag} ${total ? `${bar(done, total)}${count} ` : ''}${msg}  ${t}`;
    const cols = this.stream.columns || 100;
    this.stream.write(`\r${line.length >= cols ? line.slice(0, cols - 1) : line}\x1b[K`);
    this.drawn = true;
  }

  /** The case ended (ok: true) or failed (with its message). */
  endCase(ok, message = '') {
    const took = elapsedLabel((this.now() - this.caseT0) / 1000);
    const line = ok ? `bench: ${this.tag}: done in ${took}` : `bench: ${this.tag}: FAILED after ${took}: ${message}`;
    this.stream.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
    this.drawn = false;
  }
}
