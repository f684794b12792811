// strace -c: calls, errors and time per system call, printed as strace's summary table at the end.

interface Row { calls: number; errors: number; seconds: number }

export class CallSummary {
  private readonly rows = new Map<string, Row>();

  /** One finished call of `name` that took `seconds` and returned `ret`. */
  add(name: string, seconds: number, ret: number): void {
    let r = this.rows.get(name);
    if (!r) this.rows.set(name, (r = { calls: 0, errors: 0, seconds: 0 }));
    r.calls++;
    r.seconds += seconds;
    if (ret < 0 && ret > -4096) r.errors++;
  }

  /** The table, heaviest first, as `strace -c` prints it. */
  format(): string {
    const entries = [...this.rows].sort((a, b) => b[1].seconds - a[1].seconds || b[1].calls - a[1].calls || (a[0] < b[0] ? -1 : 1));
    const total = entries.reduce((t, [, r]) => ({ calls: t.calls + r.calls, errors: t.errors + r.errors, seconds: t.seconds + r.seconds }),
      { calls: 0, errors: 0, seconds: 0 });
    const line = (pct: number, r: Row, name: string) =>
      `${pct.toFixed(2).padStart(6)} ${r.seconds.toFixed(6).padStart(11)} ${String(Math.round(r.calls ? r.seconds * 1e6 / r.calls : 0)).padStart(11)} ` +
      `${String(r.calls).padStart(9)} ${(r.errors ? String(r.errors) : '').padStart(9)} ${name}`;
    const rule = '------ ----------- ----------- --------- --------- ----------------';
    const out = ['% time     seconds  usecs/call     calls    errors syscall', rule];
    for (const [name, r] of entries) out.push(line(total.seconds ? (100 * r.seconds) / total.seconds : 0, r, name));
    out.push(rule, line(100, total, 'total'));
    return out.join('\n') + '\n';
  }
}
