// cases/atomics-roundtrip.mjs: the relay really passes every call through the second worker, and the
// case reports the round trip, the relay against it and the relay against fanotify.
import { describe, expect, it } from 'vitest';
import atomics, { openRelay, RAW_TEST, RELAY_TEST } from './atomics-roundtrip.mjs';

describe('the atomics case', () => {
  it('relays each call of a batch to the second worker and back', async () => {
    const relay = openRelay();
    try {
      const ns = await relay.batch(20);
      expect(ns).toBeGreaterThan(0);
      // The caller warms up with 200 calls, then makes batches of 64 until the time is up.
      const answered = relay.answered();
      expect(answered).toBeGreaterThanOrEqual(200 + 64);
      expect((answered - 200) % 64).toBe(0);
    } finally {
      await relay.close();
    }
  });

  it('reports the round trip, the relay and the relay against fanotify', async () => {
    const recs = await atomics.run({ quick: true, progress: () => {} });
    expect(recs.map((r) => r.test)).toEqual([RAW_TEST, RELAY_TEST, 'relay vs fanotify']);
    for (const r of recs) expect(r.ns_per_op).toBeGreaterThan(0);
    expect(recs[1]).toMatchObject({ baseline: `atomics/${RAW_TEST}` });
    expect(recs[2]).toMatchObject({ baseline: 'fanotify/perm-event', ns_per_op: recs[1].ns_per_op });
  });
});
