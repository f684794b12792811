// The benchmark's chart and table generation (bench/lib/svg.mjs) on fixed records.
import { describe, it, expect } from 'vitest';
// @ts-expect-error: plain JavaScript module of the benchmark, no type declarations
import { bandwidthSvg, latencySvg, markdownTables, sizeLabel } from '../../../bench/lib/svg.mjs';

interface Rec { mechanism: string; test: string; bytes: number; ns_per_op: number; mb_per_s: number | null }
const rec = (mechanism: string, test: string, bytes: number, mb: number): Rec =>
  ({ mechanism, test, bytes, ns_per_op: (bytes / mb) * 1e3, mb_per_s: mb });
const records: Rec[] = [
  rec('chardev', 'read', 64, 10), rec('chardev', 'read', 4096, 1000), rec('chardev', 'read', 2 << 20, 10000),
  rec('syscall', 'read', 64, 20), rec('syscall', 'read', 4096, 2000), rec('syscall', 'read', 2 << 20, 9000),
  rec('chardev', 'write', 64, 5), rec('chardev', 'write', 2 << 20, 8000),
  { mechanism: 'chardev', test: 'latency', bytes: 0, ns_per_op: 1500, mb_per_s: null },
  { mechanism: 'syscall', test: 'latency', bytes: 0, ns_per_op: 1000, mb_per_s: null },
  { mechanism: 'urfs', test: 'scramble <read>', bytes: 65536, ns_per_op: 1, mb_per_s: 1 },
];

describe('bench charts and tables', () => {
  it('labels sizes in B, KiB and MiB', () => {
    expect([64, 4096, 65536, 2 << 20].map(sizeLabel)).toEqual(['64 B', '4 KiB', '64 KiB', '2 MiB']);
  });

  it('draws one line per mechanism on log-log axes, with a legend and units', () => {
    const svg: string = bandwidthSvg(records, 'read', 'Read <bandwidth>');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('Read &lt;bandwidth&gt;');
    expect(svg.match(/<polyline class="series"/g)).toHaveLength(2);
    expect(svg).toContain('data-mechanism="chardev"');
    expect(svg).toContain('data-mechanism="syscall"');
    expect(svg).not.toContain('urfs');
    expect(svg).toContain('MB/s (log scale)');
    expect(svg).toContain('bytes per operation (log scale)');
    // Decades of MB/s from 10 to 10000 are gridlines; the size axis is labelled from 64 B to 2 MiB.
    for (const t of ['>10<', '>100<', '>1000<', '>10000<', '>64 B<', '>2 MiB<']) expect(svg).toContain(t);
    // Log scale: the chardev line's three points are evenly spaced in y (10 -> 1000 -> 10000 is 2:1 decades).
    const line = /data-mechanism="chardev"[^>]*points="([^"]+)"/.exec(svg)![1];
    const ys = line.split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys[0] > ys[1] && ys[1] > ys[2]).toBe(true);
    expect((ys[0] - ys[1]) / (ys[1] - ys[2])).toBeCloseTo(2, 1);
    expect(bandwidthSvg(records, 'write', 'W').match(/<polyline/g)).toHaveLength(1);
  });

  it('draws the latency as one bar per mechanism in microseconds', () => {
    const svg: string = latencySvg(records, 'Latency');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(svg).toContain('>1.50<');
    expect(svg).toContain('>1.00<');
    expect(svg).toContain('microseconds');
  });

  it('draws the latency on a log axis and keeps each mechanism\'s color across the charts', () => {
    const recs = [rec('relay', 'read', 64, 5), rec('debugfs', 'read', 64, 8),
      { mechanism: 'debugfs', test: 'latency', bytes: 0, ns_per_op: 1200, mb_per_s: null },
      { mechanism: 'netlink', test: 'latency', bytes: 0, ns_per_op: 95000, mb_per_s: null }];
    const lat: string = latencySvg(recs, 'L');
    expect(lat).toContain('microseconds (log scale)');
    // Decades from 1 to 100 us: 1.2 and 95 both fall inside.
    for (const t of ['>1<', '>10<', '>100<']) expect(lat).toContain(t);
    const barColor = /class="bar" data-mechanism="debugfs"[^>]*fill="([^"]+)"/.exec(lat)![1];
    const lineColor = /data-mechanism="debugfs" fill="none" stroke="([^"]+)"/.exec(bandwidthSvg(recs, 'read', 'R'))![1];
    expect(barColor).toBe(lineColor);
    expect(lat).not.toContain('data-mechanism="relay"');
  });

  it('says so when there is nothing to draw', () => {
    expect(bandwidthSvg([], 'read', 'R')).toContain('no data');
    expect(latencySvg([], 'L')).toContain('no data');
  });

  it('writes markdown tables of MB/s per size and the latencies', () => {
    const md: string = markdownTables(records, {
      date: '2026-01-01', quick: true, machine: { cpu: 'Test CPU', cores: 2, node: 'v20', platform: 'linux x64' },
    });
    expect(md).toContain('Test CPU, 2 cores, node v20');
    expect(md).toContain('| bytes | chardev | syscall |');
    expect(md).toContain('| 64 B | 10.0 | 20.0 |');
    expect(md).toContain('| 2 MiB | 10000 | 9000 |');
    expect(md).toContain('| 2 MiB | 8000 |');
    expect(md).toContain('| chardev | 1.50 |');
    expect(md).not.toContain('urfs');
  });

  it('says how many points met the stability tolerance and names the others', () => {
    const sampled = [
      { ...rec('chardev', 'read', 64, 10), stable: true },
      { ...rec('sysfs', 'write', 4096, 100), stable: false },
      { mechanism: 'sysfs', test: 'latency', bytes: 0, ns_per_op: 9000, mb_per_s: null, stable: true },
    ];
    const md: string = markdownTables(sampled);
    expect(md).toContain('2 of 3 points met the tolerance; 1 stopped at the batch cap (sysfs write 4 KiB).');
    expect(markdownTables(records)).not.toContain('tolerance');
  });

  it('marks the points measured while the process shared a core with the kernel thread', () => {
    const recs = [{ ...rec('chardev', 'read', 64, 10), rt_ns: 900 }, { ...rec('chardev', 'read', 4096, 70), rt_ns: 52000 },
      { mechanism: 'chardev', test: 'latency', bytes: 0, ns_per_op: 52000, mb_per_s: null, rt_ns: 51000 }];
    const md: string = markdownTables(recs);
    expect(md).toContain('| 64 B | 10.0 |');
    expect(md).toContain('| 4 KiB | 70.0* |');
    expect(md).toContain('| chardev | 52.0* |');
    expect(md).toContain('shared a core');
    expect(markdownTables(records)).not.toContain('shared a core');
    const svg: string = bandwidthSvg(recs, 'read', 'R');
    expect(svg.match(/class="shared"/g)).toHaveLength(1);
    expect(svg).toContain('shared a core with the kernel thread');
    expect(bandwidthSvg(records, 'read', 'R')).not.toContain('shared');
    expect(latencySvg(recs, 'L')).toContain('>52.0*<');
  });
});
