// urfs: what a filter in user space costs next to the same filter in the kernel (the thesis's closing
// question), and where the time of a ufilter callback goes.
//
// (1) One ufilter callback next to a null system call of the same run: a 1-byte pread of a file under a
//     ufilter whose pre-read callback answers at once (no GET_ARGS), minus the same pread without a
//     filter. Target (issue 4): <= 3x the null system call.
// (2) The same filter code as a ufilter and in the kernel: the empty filter (empty callbacks on open,
//     release, read and write; demos/src/empty_filter.ts as emptyflt / kemptyflt) and the scramble filter
//     (scrambleflt / kscrambleflt), on pwrite and pread of 4 KiB to 1 MiB and open+close of a small file,
//     each filter on its own directory, rounds interleaved so drift hits every set-up alike. Targets
//     (issues 4 and 7): scrambleflt >= 50% of kscrambleflt's throughput on 64 KiB reads and writes.
// (3) Where a ufilter callback's time goes, from the kernel's marks (/sys/kernel/debug/urfs/timing):
//     event queued -> read by the filter -> GET_ARGS -> reply -> operation resumed, and the bytes copied.
// urfs 2 (issue 12): (a) the callback of (1) against the host kernel's fanotify permission event of the
// same run (the fanotify case), target <= 1.5x; (b) scrambleflt against kscrambleflt at 4 KiB, 64 KiB and
// 1 MiB, targets >= 33% and >= 80% of its throughput; (c) the repeated open of a file a scanner already
// judged (cached verdict) against the open with no filter, target <= 1.2x; (d) 16 processes opening 16
// files at once through a scanner that spends 10 ms of CPU on each, served by one process and by two
// (target: two >= 1.7x faster), and with one open whose callback never answers beside them.
import { bootMachine, runProgram, batchValues } from '../lib/machine.mjs';
import { median } from '../lib/stats.mjs';
import { RELAY_TEST } from './atomics-roundtrip.mjs';

const T = '/usr/libexec/urfs-test';
const KB64 = 65536;

async function sh(m, line) {
  const code = await m.sh(line);
  if (code !== 0) throw new Error(`${line}: exit ${code}`);
}

/** The filters compared, each on its own directory under /tmp/fb. */
const SETUPS = [
  { key: 'none', label: 'no filter', dir: '/tmp/fb/none', start: null },
  { key: 'kempty', label: 'empty, kernel', dir: '/tmp/fb/ke', start: 'insmod kemptyflt path=/tmp/fb/ke priority=31010' },
  { key: 'uempty', label: 'empty, ufilter', dir: '/tmp/fb/ue', start: `${T}/emptyflt -b -p 31011 /tmp/fb/ue > /dev/null` },
  { key: 'kscramble', label: 'scramble, kernel', dir: '/tmp/fb/ks', start: 'insmod kscrambleflt path=/tmp/fb/ks priority=31012' },
  { key: 'uscramble', label: 'scramble, ufilter', dir: '/tmp/fb/us', start: 'scrambleflt -b -p 31013 /tmp/fb/us > /dev/null' },
  { key: 'ucache', label: 'scanner with cached verdicts, ufilter', dir: '/tmp/fb/uc',
    start: `${T}/urfs2_probe -b ucache 31014 /tmp/fb/uc cache > /dev/null` },
];

/** The throughput targets of scrambleflt against kscrambleflt, as time ratios (>= 80% <=> <= 1.25x). */
const SCRAMBLE_TARGETS = new Map([[4096, 1 / 0.33], [65536, 1 / 0.8], [1 << 20, null]]);

/** The kernel's callback timing (name value lines) as numbers. */
async function timing() {
  const r = await runProgram(['/bin/sh', '-c', 'tr " " "=" < /sys/kernel/debug/urfs/timing']);
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
}

async function callbackCost(m, { ms, batches, progress }) {
  progress('null system call');
  const nullsys = median(batchValues(await runProgram(['nullsys', `t${ms}`, String(batches)])));
  progress('pread without a filter');
  const plain = median(batchValues(await runProgram([`${T}/urfs_bench`, 'read1', '/tmp/un/f', String(ms), String(batches)])));
  await sh(m, `${T}/urfs_probe filter -b ubench 31000 /tmp/ub null > /dev/null`);
  await sh(m, 'echo 0 > /sys/kernel/debug/urfs/timing');
  progress('pread through a ufilter');
  const filtered = median(batchValues(await runProgram([`${T}/urfs_bench`, 'read1', '/tmp/ub/f', String(ms), String(batches)])));
  const t = await timing();
  await m.sh('kill $(cat /tmp/ubench.pid)');
  // The same filter over the 2007 protocol (a read per event, a write per answer), for comparison.
  await sh(m, `mkdir -p /tmp/ub1 && ${T}/urfs_probe filter -b --2007 ubench1 31001 /tmp/ub1 null > /dev/null`);
  progress('pread through a ufilter, 2007 protocol');
  const filtered_2007 = median(batchValues(await runProgram([`${T}/urfs_bench`, 'read1', '/tmp/ub1/f', String(ms), String(batches)])));
  await m.sh('kill $(cat /tmp/ubench1.pid)');
  return { nullsys, plain, filtered, filtered_2007, t };
}

/**
 * (d): 16 processes, each opening its own file at the same moment, through a scanner that spends 10 ms of
 * CPU on every open; served by one process, by two, and by one while another open's callback hangs.
 * Time until the last open is done, median of the rounds (interleaved), each itself a median of rounds
 * of the same 16 processes.
 */
async function fanoutCost(m, { rounds, progress }) {
  const FANOUT_ROUNDS = 6;
  const dirs = { none: '/tmp/fo0', one: '/tmp/fo1', two: '/tmp/fo2' };
  const files = (d) => Array.from({ length: 16 }, (_, i) => `${d}/f${i}`);
  await sh(m, `mkdir -p ${Object.values(dirs).join(' ')} && for f in ${Object.values(dirs).flatMap(files).join(' ')}; ` +
    `do echo x > $f; done && echo x > ${dirs.one}/hang && echo 60000 > /sys/module/urfs/parameters/timeout`);
  await sh(m, `${T}/urfs2_probe -b fo1 31020 ${dirs.one} cpu:10 > /dev/null`);
  await sh(m, `${T}/urfs2_probe -b --workers 2 fo2 31021 ${dirs.two} cpu:10 > /dev/null`);
  await sh(m, 'i=0; while ! ls /tmp/fo2.*.worker > /dev/null 2>&1 && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done');
  // Each run keeps its 16 processes through FANOUT_ROUNDS rounds and reports their median, so the start-up
  // of the processes (and its compiling in the background) stays out of the opens it times.
  const run = async (key) =>
    Number((await runProgram([`${T}/urfs_bench`, 'fanout', String(FANOUT_ROUNDS), ...files(dirs[key])])).fanout) * 1e6;
  const t = { none: [], one: [], two: [], hung: [] };
  for (let r = 0; r < rounds; r++) {
    progress(`16 opens at once (round ${r + 1}/${rounds})`);
    for (const key of ['none', 'one', 'two']) t[key].push(await run(key));
  }
  // One open whose callback never answers, waiting beside the measured ones.
  await m.sh(`cat ${dirs.one}/hang > /dev/null &`);
  await sh(m, 'i=0; while ! grep -q "^requests 1$" /sys/kernel/debug/urfs/stats && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done');
  for (let r = 0; r < rounds; r++) {
    progress(`16 opens at once beside a hung callback (round ${r + 1}/${rounds})`);
    t.hung.push(await run('one'));
    t.one.push(await run('one'));
  }
  await m.sh('kill $(cat /tmp/fo1.pid) $(cat /tmp/fo2.pid); echo 5000 > /sys/module/urfs/parameters/timeout');
  const pairs = (a, b) => median(a.map((v, i) => v / b[i]));
  const rec = (test, ns, extra = {}) => ({ mechanism: 'urfs', test, bytes: 0, ns_per_op: ns, mb_per_s: null,
    samples: rounds, ...extra });
  return [
    rec('16 opens at once, no filter', median(t.none)),
    rec('16 opens at once, scanner, 1 process', median(t.one.slice(0, rounds))),
    // Two processes >= 1.7x faster <=> their time <= 1/1.7 of one's.
    rec('16 opens at once, scanner, 2 processes', median(t.two), { baseline: 'urfs/16 opens at once, scanner, 1 process',
      paired_ratio: pairs(t.two, t.one.slice(0, rounds)), target: { max_ratio: 1 / 1.7 } }),
    rec('16 opens at once, scanner, 1 process, one callback hung', median(t.hung), {
      baseline: 'urfs/16 opens at once, scanner, 1 process', paired_ratio: pairs(t.hung, t.one.slice(rounds)),
      target: { max_ratio: 1.25 } }),
  ];
}

export default {
  name: 'urfs',
  description: 'ufilter vs kernel filter (empty and scramble, 4 KiB-1 MiB, open+close), callback cost and where it goes',
  async run({ quick, progress }) {
    const m = await bootMachine();
    const ms = quick ? 100 : 250;
    const batches = quick ? 3 : 5;
    const rounds = quick ? 3 : 5;
    const sizes = quick ? [4096, KB64, 1 << 20] : [4096, 16384, KB64, 262144, 1 << 20];
    await sh(m, `insmod redirfs; insmod urfs; mkdir -p /tmp/ub /tmp/un ${SETUPS.map((s) => s.dir).join(' ')}`);

    const cb = await callbackCost(m, { ms, batches, progress });

    for (const s of SETUPS) if (s.start) await sh(m, s.start);
    for (const s of SETUPS) await sh(m, `echo x > ${s.dir}/small`);
    // per setup: 'write.SIZE' / 'read.SIZE' / 'openclose' -> one value per round
    const got = new Map(SETUPS.map((s) => [s.key, new Map()]));
    const phases = [];
    const total = rounds * SETUPS.length;
    // A first round that is not kept: the filters' and the kernel's code paths get compiled (JIT) before
    // any round is measured, in --quick runs as in full ones.
    for (const s of SETUPS) {
      progress(`filters: warm-up, ${s.label}`);
      await runProgram([`${T}/urfs_bench`, 'sizes', `${s.dir}/f`, String(Math.min(ms, 50)), ...sizes.map(String)]);
    }
    for (let r = 0; r < rounds; r++) {
      for (const [i, s] of SETUPS.entries()) {
        progress(`filters: ${s.label} (round ${r + 1}/${rounds})`, r * SETUPS.length + i, total);
        if (s.key.startsWith('u')) await sh(m, 'echo 0 > /sys/kernel/debug/urfs/timing');
        const rep = {
          ...(await runProgram([`${T}/urfs_bench`, 'sizes', `${s.dir}/f`, String(ms), ...sizes.map(String)])),
          ...(await runProgram([`${T}/urfs_bench`, 'openclose', `${s.dir}/small`, String(ms)])),
        };
        for (const [k, v] of Object.entries(rep)) {
          const a = got.get(s.key).get(k) ?? [];
          a.push(Number(v));
          got.get(s.key).set(k, a);
        }
        if (s.key.startsWith('u')) phases.push({ setup: s, t: await timing() });
      }
    }
    await m.sh(`rmmod kemptyflt kscrambleflt; kill $(ps | grep -e emptyflt -e scrambleflt | cut -c1-5) $(cat /tmp/ucache.pid)`);

    const recs = [];
    const rec = (test, bytes, ns, extra = {}) => ({ mechanism: 'urfs', test, bytes, ns_per_op: ns,
      mb_per_s: bytes && ns ? (bytes / ns) * 1e3 : null, ...extra });
    recs.push(
      { mechanism: 'urfs', test: 'null system call (same run)', bytes: 0, ns_per_op: cb.nullsys, mb_per_s: null },
      rec('1-byte pread, no filter', 0, cb.plain),
      rec('1-byte pread through a ufilter', 0, cb.filtered),
      rec('ufilter callback', 0, Math.max(0, cb.filtered - cb.plain),
        { baseline: 'urfs/null system call (same run)', target: { max_ratio: 3 } }),
      rec('ufilter callback vs fanotify', 0, Math.max(0, cb.filtered - cb.plain),
        { baseline: 'fanotify/perm-event', target: { max_ratio: 1.5 } }),
      // Against the least any verdict from another process of this machine costs (its four hand-offs).
      rec('ufilter callback vs the relay', 0, Math.max(0, cb.filtered - cb.plain),
        { baseline: `atomics/${RELAY_TEST}` }),
      rec('ufilter callback, 2007 protocol', 0, Math.max(0, cb.filtered_2007 - cb.plain),
        { baseline: 'urfs/ufilter callback' }),
    );
    // Where one callback's time goes (the null pre-read callback above: no GET_ARGS, no data).
    const us = (v) => (Number.isFinite(v) ? v * 1e3 : null);
    recs.push(
      rec('callback: event queued -> read by the filter', 0, us(cb.t.queue_us)),
      rec('callback: read by the filter -> reply', 0, us(cb.t.callback_us)),
      rec('callback: reply -> operation resumed', 0, us(cb.t.resume_us)),
      rec('callback: operation resumed -> application (rest)', 0,
        Math.max(0, cb.filtered - cb.plain - us(cb.t.queue_us + cb.t.callback_us + cb.t.resume_us))),
    );

    // The comparison: one record per set-up, test and size; medians over the rounds.
    const per = (key, k) => median(got.get(key).get(k) ?? []);
    for (const s of SETUPS) {
      for (const b of sizes) {
        for (const op of ['write', 'read']) {
          recs.push({ mechanism: 'filter', filter: s.label, op, test: `${op}, ${s.label}`, bytes: b,
            ns_per_op: per(s.key, `${op}.${b}`), mb_per_s: (b / per(s.key, `${op}.${b}`)) * 1e3, samples: rounds });
        }
      }
      recs.push({ mechanism: 'filter', filter: s.label, op: 'open+close', test: `open+close, ${s.label}`, bytes: 0,
        ns_per_op: per(s.key, 'openclose'), mb_per_s: null, samples: rounds });
    }
    // Where a ufilter's time goes with data: the kernel's marks, averaged over the rounds.
    for (const key of ['uempty', 'uscramble']) {
      const ts = phases.filter((p) => p.setup.key === key).map((p) => p.t);
      const avg = (f) => median(ts.map((t) => t[f]));
      const label = SETUPS.find((s) => s.key === key).label;
      for (const [f, what] of [['queue_us', 'event queued -> read by the filter'], ['fetch_us', 'read -> GET_ARGS'],
        ['callback_us', 'GET_ARGS (or read) -> reply'], ['resume_us', 'reply -> operation resumed']]) {
        recs.push({ mechanism: 'filter', filter: label, test: `${label}: ${what}`, bytes: 0, ns_per_op: us(avg(f)), mb_per_s: null });
      }
      const answered = avg('answered');
      // Bytes of operation data copied into the filter and back per callback, as the record's bytes.
      recs.push({ mechanism: 'filter', filter: label, test: `${label}: data copied per callback (in + out)`,
        bytes: answered ? Math.round((avg('bytes_in') + avg('bytes_out')) / answered) : 0, ns_per_op: null, mb_per_s: null });
    }

    // The targets, as ratios of time per operation (throughput >= 80% <=> time <= 1.25x), judged on the
    // rounds paired back to back.
    const paired = (a, b) => median(a.map((v, i) => v / b[i]));
    for (const [bytes, max_ratio] of SCRAMBLE_TARGETS) {
      if (!sizes.includes(bytes)) continue;
      for (const op of ['write', 'read']) {
        const k = got.get('kscramble').get(`${op}.${bytes}`) ?? [];
        const u = got.get('uscramble').get(`${op}.${bytes}`) ?? [];
        recs.push(rec(`kscrambleflt ${op}`, bytes, median(k)));
        recs.push(rec(`scrambleflt ${op}`, bytes, median(u), { baseline: `urfs/kscrambleflt ${op}/${bytes}`,
          paired_ratio: paired(u, k), ...(max_ratio ? { target: { max_ratio } } : {}) }));
      }
    }
    const oc = (key) => got.get(key).get('openclose') ?? [];
    recs.push(rec('open+close, no filter', 0, median(oc('none'))));
    recs.push(rec('open+close, cached verdict', 0, median(oc('ucache')), { baseline: 'urfs/open+close, no filter',
      paired_ratio: paired(oc('ucache'), oc('none')), target: { max_ratio: 1.2 } }));
    recs.push(...(await fanoutCost(m, { rounds, progress })));
    return recs;
  },
};
