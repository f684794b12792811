// The benchmark's progress display (bench/lib/progress.mjs): one redrawn line on a terminal, plain lines
// otherwise.
import { describe, it, expect } from 'vitest';
// @ts-expect-error: plain JavaScript module of the benchmark, no type declarations
import { Progress, bar, elapsedLabel } from '../../../bench/lib/progress.mjs';

interface Sink { text: string; isTTY?: boolean; columns?: number; write(s: string): boolean }
const sink = (tty: boolean, columns = 200): Sink => ({
  text: '', isTTY: tty, columns, write(s: string) { this.text += s; return true; },
});

describe('bench progress', () => {
  it('formats the bar and the elapsed time', () => {
    expect(bar(0, 10, 10)).toBe('[----------]');
    expect(bar(5, 10, 10)).toBe('[#####-----]');
    expect(bar(12, 10, 4)).toBe('[####]');
    expect(elapsedLabel(9.46)).toBe('9.5s');
    expect(elapsedLabel(75)).toBe('1m15s');
  });

  it('redraws one line on a terminal: case, bar, done/total, point, elapsed', () => {
    let t = 0;
    const s = sink(true);
    const p = new Progress(s, { now: () => t });
    p.startCase(7, 8, 'mechanisms');
    t = 62000;
    p.update('sysfs write 4 KiB', 41, 82);
    const lines = s.text.split('\r');
    const last = lines[lines.length - 1];
    expect(last).toBe('bench [8/8] mechanisms [##########----------] 41/82 sysfs write 4 KiB  1m02s\x1b[K');
    expect(s.text).not.toContain('\n');
    p.endCase(true);
    expect(s.text.endsWith('\rbench: [8/8] mechanisms: done in 1m02s\x1b[K\n')).toBe(true);
  });

  it('cuts the line to the terminal width', () => {
    const s = sink(true, 30);
    new Progress(s, { now: () => 0 }).update('a very long description of the point being measured', 1, 2);
    expect(s.text.replace(/^\r/, '').replace(/\x1b\[K$/, '')).toHaveLength(29);
  });

  it('writes plain lines when stderr is not a terminal', () => {
    let t = 0;
    const s = sink(false);
    const p = new Progress(s, { now: () => t });
    p.startCase(0, 2, 'memcpy');
    t = 1500;
    p.update('4096 B batch 3');
    p.endCase(false, 'boom');
    expect(s.text).toBe('bench: [1/2] memcpy: starting (0.0s)\nbench: [1/2] memcpy: 4096 B batch 3 (1.5s)\n' +
      'bench: [1/2] memcpy: FAILED after 1.5s: boom\n');
    expect(s.text).not.toContain('\r');
  });
});
