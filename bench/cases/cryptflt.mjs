// cryptflt: what transparent encryption costs. pwrite and pread of 64 KiB (4 KiB and 1 MiB beside them in
// full runs) on a file under cryptflt (ChaCha20 on every byte, in the filter process), under scrambleflt
// (the same data path with a trivial rewrite: what the ufilter round trip with data costs by itself) and
// under no filter, rounds interleaved so drift hits every set-up alike. The figure is cryptflt against no
// filter, as the median over the rounds of each round's ratio; against scrambleflt, the cipher's own share.
import { bootMachine, runProgram } from '../lib/machine.mjs';
import { median } from '../lib/stats.mjs';

const T = '/usr/libexec/urfs-test';
const KB64 = 65536;
const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

const SETUPS = [
  { key: 'none', label: 'no filter', dir: '/tmp/cb/none', start: null },
  { key: 'scramble', label: 'scrambleflt', dir: '/tmp/cb/scramble', start: 'scrambleflt -b -p 31031 /tmp/cb/scramble > /dev/null' },
  { key: 'crypt', label: 'cryptflt', dir: '/tmp/cb/crypt',
    start: 'cryptflt -b -p 31030 --key /tmp/cb/key /tmp/cb/crypt > /dev/null' },
];

async function sh(m, line) {
  const code = await m.sh(line);
  if (code !== 0) throw new Error(`${line}: exit ${code}`);
}

export default {
  name: 'cryptflt',
  description: 'cryptflt (ChaCha20 in a ufilter) vs scrambleflt vs no filter, pwrite and pread of 64 KiB',
  async run({ quick, progress }) {
    const m = await bootMachine();
    const ms = quick ? 100 : 250;
    const rounds = quick ? 3 : 5;
    const sizes = quick ? [KB64] : [4096, KB64, 1 << 20];
    await m.sh('insmod redirfs; insmod urfs');
    await sh(m, `mkdir -p ${SETUPS.map((s) => s.dir).join(' ')} && printf '${KEY}\\n' > /tmp/cb/key && chmod 600 /tmp/cb/key`);
    for (const s of SETUPS) if (s.start) await sh(m, s.start);
    const got = new Map(SETUPS.map((s) => [s.key, new Map()]));
    const bench = (s, t) => runProgram([`${T}/urfs_bench`, 'sizes', `${s.dir}/f`, String(t), ...sizes.map(String)]);
    for (const s of SETUPS) {
      progress(`cryptflt: warm-up, ${s.label}`);
      await bench(s, Math.min(ms, 50));
    }
    for (let r = 0; r < rounds; r++) {
      for (const [i, s] of SETUPS.entries()) {
        progress(`cryptflt: ${s.label} (round ${r + 1}/${rounds})`, r * SETUPS.length + i, rounds * SETUPS.length);
        for (const [k, v] of Object.entries(await bench(s, ms))) {
          const a = got.get(s.key).get(k) ?? [];
          a.push(Number(v));
          got.get(s.key).set(k, a);
        }
      }
    }
    await m.sh("kill $(ps | grep -E '[c]ryptflt|[s]crambleflt' | cut -c1-5)");
    const recs = [];
    for (const b of sizes) {
      for (const op of ['write', 'read']) {
        const none = got.get('none').get(`${op}.${b}`) ?? [];
        for (const s of SETUPS) {
          const vals = got.get(s.key).get(`${op}.${b}`) ?? [];
          const ns = median(vals);
          // Each round's time over the no-filter time of the same round: load that comes and goes hits both.
          const baseline = s.key === 'none' ? {} : { baseline: `cryptflt/${op}, no filter/${b}`,
            paired_ratio: median(vals.map((v, i) => v / none[i])) };
          recs.push({ mechanism: 'cryptflt', test: `${op}, ${s.label}`, bytes: b, ns_per_op: ns,
            mb_per_s: (b / ns) * 1e3, samples: rounds, ...baseline });
        }
      }
    }
    return recs;
  },
};
