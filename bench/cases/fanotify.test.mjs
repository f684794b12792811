// cases/fanotify.mjs on a stand-in probe: the records it makes when the host measured, and the one
// record with a reason when it could not.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const probe = vi.hoisted(() => ({ results: [] }));
vi.mock('../lib/fanotify.mjs', () => ({ runFanotifyProbe: vi.fn(async () => probe.results.shift()) }));
const { default: fanotify } = await import('./fanotify.mjs');

const pair = (plain, perm, sameCpu = 50) => ({ available: true, pairs: [{ plain, perm, event: perm - plain }], plain, perm,
  event: perm - plain, opens: 100, answered: 100, sameCpu, cpus: 'free' });

describe('the fanotify case', () => {
  beforeEach(() => { probe.results = []; });

  it('emits open, open-perm and perm-event from the stable window of pairs', async () => {
    // The first run is the availability check and is not kept; then the pairs until 3 agree (--quick).
    probe.results = [pair(1, 1e6), pair(2000, 40000), pair(2000, 25000, 0), pair(2100, 25100, 30), pair(1900, 24900, 0)];
    const recs = await fanotify.run({ quick: true, progress: () => {} });
    expect(recs.map((r) => r.test)).toEqual(['open', 'open-perm', 'perm-event']);
    const [open, perm, event] = recs;
    expect(open).toMatchObject({ mechanism: 'fanotify', ns_per_op: 2000, samples: 4, best_ns_per_op: 1900 });
    expect(perm).toMatchObject({ ns_per_op: 25000, baseline: 'fanotify/open', opens: 400, answered: 400 });
    expect(event).toMatchObject({ ns_per_op: 23000, samples: 4, stable: true, mb_per_s: null, listener_same_cpu: 0.1 });
    expect(event.spread).toBeCloseTo(0, 5);
    expect(probe.results).toEqual([]);
  });

  it('emits one record with the reason when the host cannot measure', async () => {
    probe.results = [{ available: false, reason: 'fanotify_init(FAN_CLASS_CONTENT): Operation not permitted (EPERM)' }];
    expect(await fanotify.run({ quick: false, progress: () => {} })).toEqual([{ mechanism: 'fanotify', test: 'perm-event',
      bytes: 0, ns_per_op: null, mb_per_s: null, unavailable: 'fanotify_init(FAN_CLASS_CONTENT): Operation not permitted (EPERM)' }]);
  });

  it('fails the case when the probe refuses after it had measured', async () => {
    probe.results = [pair(2000, 25000), { available: false, reason: 'gone' }];
    await expect(fanotify.run({ quick: true, progress: () => {} })).rejects.toThrow('fanotify probe: gone');
  });
});

describe('the fanotify case on a loaded host', () => {
  it('does not take differences around zero for stable', async () => {
    // A preempted plain batch makes a pair's difference negative; such pairs must not pass the tolerance.
    // Differences -1000, +1000, -500: their median is negative, and (max - min) / median would be too.
    probe.results = [pair(2000, 25000), pair(9000, 8000), pair(2000, 3000), pair(9000, 8500),
      ...Array.from({ length: 3 }, () => pair(2000, 25000))];
    const recs = await fanotify.run({ quick: true, progress: () => {} });
    const event = recs.find((r) => r.test === 'perm-event');
    expect(event).toMatchObject({ ns_per_op: 23000, stable: true, samples: 6 });
  });
});
