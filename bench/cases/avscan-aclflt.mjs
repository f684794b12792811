// avscan and aclflt (issue 13): what the two real filters cost an application, each against the same
// operation with no filter, rounds interleaved (in alternating order) so drift hits every set-up alike.
// (1) avscan: the open+close of a file it already judged (a cached verdict: the kernel answers, no trip
//     to user space), and the first scan of a 4 KiB file (chmod before each open changes the file, so no
//     verdict holds and every open is read through and scanned), against chmod+open+close with no filter.
//     Target (issue 12's, for a cached verdict): <= 1.2x.
// (2) aclflt: the open+close of a file through 100 rules (99 that do not match it, then `allow all /**`),
//     every open judged in user space.
import { bootMachine, runProgram } from '../lib/machine.mjs';
import { median } from '../lib/stats.mjs';

const T = '/usr/libexec/urfs-test';

async function sh(m, line) {
  const code = await m.sh(line);
  if (code !== 0) throw new Error(`${line}: exit ${code}`);
}

const DB = 'printf "%s\\n" "EICAR hex:58354f2150254041505b345c505a58353428505e" "Test.Evil \\"EVIL-TEST-PATTERN\\"" > /etc/avscan.db';
const RULES = 'i=0; while [ $i -lt 99 ]; do echo "deny read,write /tmp/fa/other$i/** uid=4242"; i=$((i+1)); done > /etc/aclflt.rules && ' +
  'echo "allow all /**" >> /etc/aclflt.rules';

/** The measurements of a round: key -> [program argv, report key]. */
const POINTS = {
  open_none: ['openclose', '/tmp/fa/none/f'],
  open_cached: ['openclose', '/tmp/fa/av/f'],
  chmod_none: ['chmodopen', '/tmp/fa/none/f'],
  chmod_scan: ['chmodopen', '/tmp/fa/av/f'],
  open_acl: ['openclose', '/tmp/fa/acl/f'],
};

export default {
  name: 'avscan-aclflt',
  description: 'avscan (cached open, first scan of 4 KiB) and aclflt (open through 100 rules) against no filter',
  async run({ quick, progress }) {
    const m = await bootMachine();
    const ms = quick ? 100 : 250;
    const rounds = quick ? 4 : 6;
    await sh(m, 'insmod redirfs; insmod urfs; mkdir -p /tmp/fa/none /tmp/fa/av /tmp/fa/acl && ' +
      'for d in none av acl; do head -c 4096 /dev/zero > /tmp/fa/$d/f; done');
    await sh(m, `${DB} && avscan -b /tmp/fa/av > /dev/null`);
    await sh(m, `${RULES} && aclflt -b /tmp/fa/acl > /dev/null`);
    const got = Object.fromEntries(Object.keys(POINTS).map((k) => [k, []]));
    const measure = async ([mode, file], t) => Number((await runProgram([`${T}/urfs_bench`, mode, file, String(t)]))[mode]);
    for (const p of Object.values(POINTS)) await measure(p, Math.min(ms, 50)); // warm-up, not kept
    const keys = Object.keys(POINTS);
    for (let r = 0; r < rounds; r++) {
      // Every other round in reverse: the first point of a round runs slower (after another filter's
      // work), and a fixed order would hand that to the same point each time.
      for (const [i, k] of (r % 2 ? [...keys].reverse() : keys).entries()) {
        progress(`${k} (round ${r + 1}/${rounds})`, r * keys.length + i, rounds * keys.length);
        got[k].push(await measure(POINTS[k], ms));
      }
    }
    // The scanner's own count: the first-scan opens were scanned, the cached ones were not.
    const st = await runProgram(['/bin/sh', '-c', 'avscan --stats | tr " " "="']);
    await m.sh('kill $(ls /run/avscan) $(ps | grep "[a]clflt" | cut -c1-5)');
    if (!(Number(st.scanned) > 0)) throw new Error('avscan scanned nothing');
    const paired = (a, b) => median(a.map((v, i) => v / b[i]));
    const rec = (mechanism, test, k, extra = {}) => ({ mechanism, test, bytes: 0, ns_per_op: median(got[k]), mb_per_s: null,
      samples: rounds, ...extra });
    return [
      rec('avscan', 'open+close, no filter', 'open_none'),
      rec('avscan', 'open+close, cached verdict', 'open_cached', { baseline: 'avscan/open+close, no filter',
        paired_ratio: paired(got.open_cached, got.open_none), target: { max_ratio: 1.2 } }),
      rec('avscan', 'chmod+open+close, no filter', 'chmod_none'),
      rec('avscan', 'chmod+open+close, first scan of 4 KiB', 'chmod_scan', { baseline: 'avscan/chmod+open+close, no filter',
        paired_ratio: paired(got.chmod_scan, got.chmod_none), scanned: Number(st.scanned) }),
      rec('aclflt', 'open+close, no filter', 'open_none'),
      rec('aclflt', 'open+close through 100 rules', 'open_acl', { baseline: 'aclflt/open+close, no filter',
        paired_ratio: paired(got.open_acl, got.open_none) }),
    ];
  },
};
