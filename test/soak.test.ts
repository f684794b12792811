// The memory soak, bounded: `soak/run.mjs` (what `pnpm soak` runs) for 30 filter kill/restart cycles
// under I/O. The kernel's own counts (task structs, address spaces, their bytes, urfs's gauges) must be
// back at their start, and every task the kernel reaped and address space it gave back must have been
// reclaimed by the host.
// `pnpm test` builds first, so the soak runs the compiled machine.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { node, root } from './lib/cli.js';

const CYCLES = 30;

interface Sample {
  label: string;
  kernel: { tasks: number; zombies: number; mm_structs: number; mm_bytes: number; tasks_reaped: number; tasks_collected: number;
    mm_freed: number; mm_collected: number; urfs: Record<string, number> };
}
interface Report {
  cycles: number;
  ok: boolean;
  problems: string[];
  io_rounds: number;
  task_size: number;
  samples: Sample[];
}

describe('pnpm soak', () => {
  it(`${CYCLES} kill -9 + restart cycles of scrambleflt under I/O give every address space back`, async () => {
    const r = await node(['--expose-gc', path.join(root, 'soak/run.mjs'), '--cycles', String(CYCLES), '--every', '10', '--json'],
      240000);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!) as Report;
    expect(report.problems).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.cycles).toBe(CYCLES);
    expect(report.io_rounds).toBeGreaterThan(0);
    const start = report.samples[0].kernel, end = report.samples.at(-1)!.kernel;
    expect(report.samples.map((s) => s.label)).toEqual(['start', '10', '20', '30', 'end']);
    for (const k of ['tasks', 'zombies', 'mm_structs', 'mm_bytes'] as const) expect(end[k]).toBe(start[k]);
    for (const k of ['connections', 'ufilters', 'requests', 'allocations']) expect(end.urfs[k]).toBe(start.urfs[k]);
    // Every cycle's filter (and the programs of the I/O loop) was reaped and gave its space back; the host
    // reclaimed every one of those tasks and spaces.
    expect(end.tasks_reaped - start.tasks_reaped).toBeGreaterThan(CYCLES);
    expect(end.mm_freed - start.mm_freed).toBeGreaterThan(CYCLES);
    expect(end.tasks_collected).toBe(end.tasks_reaped);
    expect(end.mm_collected).toBe(end.mm_freed);
    // Mid-run the kernel holds at most the I/O loop's spaces and the filter's, whatever it ran before.
    for (const s of report.samples) expect(s.kernel.mm_bytes).toBeLessThanOrEqual(4 * report.task_size);
  }, 300000);

  it('refuses bad arguments before it boots anything', async () => {
    const r = await node([path.join(root, 'soak/run.mjs'), '--cycles', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('soak: --cycles wants a whole number in 1..1000000, not "many"');
    expect(r.stdout).toBe('');
  });
});
