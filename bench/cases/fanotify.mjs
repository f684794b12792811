// The real kernel's fanotify permission event on this host, in the same run as the emulated machine's
// cases: what an open(O_RDONLY) + close costs without a listener ("open"), with a FAN_OPEN_PERM listener
// that answers FAN_ALLOW at once ("open-perm"), and the difference ("perm-event"), the figure a ufilter
// callback (cases/urfs.mjs) is compared with. No emulated machine is involved: bench/probes/
// fanotify_perm.c runs on the host (lib/fanotify.mjs). A sample is one pair of batches, one without and
// one with the listener back to back, so drift on the host hits both; "perm-event" is sampled until the
// differences of the last k pairs agree.
import { runFanotifyProbe } from '../lib/fanotify.mjs';
import { median, spread, untilStable } from '../lib/stats.mjs';

export default {
  name: 'fanotify',
  description: 'open+close on the host with and without a fanotify FAN_OPEN_PERM listener (real kernel, C probe)',
  async run({ quick, progress }) {
    const ms = quick ? 25 : 100;
    const rule = quick ? { k: 3, tol: 0.1, min: 3, max: 8 } : { k: 5, tol: 0.05, min: 5, max: 20 };

    // The first run builds the probe if needed and tells whether the host can measure at all; its
    // numbers are not kept (a short warm-up of the file's cache and the listener).
    progress('building and checking the probe');
    const first = await runFanotifyProbe({ ms: Math.min(ms, 10), pairs: 1 });
    if (!first.available) {
      return [{ mechanism: 'fanotify', test: 'perm-event', bytes: 0, ns_per_op: null, mb_per_s: null, unavailable: first.reason }];
    }

    const pairs = [];
    let opens = 0, answered = 0;
    const r = await untilStable(async () => {
      const got = await runFanotifyProbe({ ms, pairs: 1 });
      // Available a moment ago: a refusal now is a fault of the run, not of the host.
      if (!got.available) throw new Error(`fanotify probe: ${got.reason}`);
      // One pair per run: the run's count of events answered on the opener's CPU goes with its pair.
      pairs.push(...got.pairs.map((p) => ({ ...p, sameCpu: got.sameCpu, answered: got.answered })));
      opens += got.opens;
      answered += got.answered;
      return got.pairs.map((p) => p.event);
    }, { ...rule, onBatch: (n) => progress(`pair ${n}`) });

    // "open" and "open-perm" over the same pairs as perm-event's stable window. (No fastest batch for
    // perm-event: a difference of two batches can even come out negative when the host preempts the
    // plain one.)
    const win = pairs.slice(-rule.k);
    const side = (key, extra) => {
      const xs = win.map((p) => p[key]);
      return { mechanism: 'fanotify', test: key === 'plain' ? 'open' : 'open-perm', bytes: 0, ns_per_op: median(xs), mb_per_s: null,
        spread: spread(xs), samples: pairs.length, best_ns_per_op: Math.min(...pairs.map((p) => p[key])), ...extra };
    };
    // Where the listener ran decides what an event costs (fanotify_perm.c): the share answered on the
    // opener's CPU over the window says which of the two costs perm-event is.
    const same = win.every((p) => p.sameCpu != null)
      ? win.reduce((a, p) => a + p.sameCpu, 0) / win.reduce((a, p) => a + p.answered, 0) : null;
    return [
      side('plain'),
      side('perm', { baseline: 'fanotify/open', opens, answered }),
      { mechanism: 'fanotify', test: 'perm-event', bytes: 0, ns_per_op: r.median, mb_per_s: null, spread: r.spread,
        samples: r.samples, stable: r.stable, batch_ms: ms, listener_same_cpu: same },
    ];
  },
};
