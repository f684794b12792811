// The fuzzers, each for a few seconds, the way `pnpm fuzz` runs them (fuzz/run.mjs on the compiled tree,
// one machine per unit): a fixed seed and a small count, and the run must end with every input made, no
// kernel fault, no hang, no broken invariant (the kernel still runs programs, urfs's counters back to 0).
// `pnpm test` builds first.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { node, root } from './lib/cli.js';

interface UnitResult {
  unit: string;
  inputs: number;
  faults: { text: string }[];
  hangs: { call: string }[];
  violations: { text: string }[];
  errors: string[];
  replays: { kind: string; text: string; command: string }[];
}

/** Runs one unit; its result as run.mjs --json gives it. */
async function fuzz(unit: string, count: number): Promise<UnitResult> {
  const r = await node([path.join(root, 'fuzz/run.mjs'), '--only', unit, '--seed', '1', '--count', String(count), '--json'], 240000);
  let out: { results: UnitResult[] };
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new Error(`fuzz/run.mjs --only ${unit} printed no result (exit ${r.code}): ${r.stderr.slice(-2000)}`);
  }
  expect(out.results.map((x) => x.unit)).toEqual([unit]);
  return out.results[0];
}

/** What failed, with the command that replays it, so a failing test says what to run. */
const failures = (x: UnitResult) => [...x.replays.map((p) => `${p.kind}: ${p.text} (${p.command})`), ...x.errors];

describe('pnpm fuzz, a few seconds of each unit (seed 1)', () => {
  for (const [unit, count] of [['sys', 20000], ['urfs-msgs', 3000], ['urfs-live', 1000], ['redirctl', 3000], ['netlink', 10000]] as const) {
    it(`${unit}: ${count} inputs, no fault, no hang, every invariant kept`, async () => {
      const x = await fuzz(unit, count);
      expect(failures(x)).toEqual([]);
      expect(x.inputs).toBe(count);
    }, 300000);
  }
});
