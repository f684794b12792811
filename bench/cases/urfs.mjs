// urfs: (1) what one ufilter callback costs, next to a null system call measured in the same run: a 1-byte
// pread of a file under a ufilter's path whose pre-read callback answers at once, minus the same pread
// without a filter; (2) the scramble filter as a ufilter (scrambleflt) next to the same code in the
// kernel (kscrambleflt), on 64 KiB writes and reads. Targets (issue 4): callback <= 3x a null system call,
// scrambleflt >= 50% of kscrambleflt's throughput.
import { bootMachine, runProgram, batchValues } from '../lib/machine.mjs';
import { median } from '../lib/stats.mjs';

const T = '/usr/libexec/urfs-test';
const KB64 = 65536;

async function sh(m, line) {
  const code = await m.sh(line);
  if (code !== 0) throw new Error(`${line}: exit ${code}`);
}

export default {
  name: 'urfs',
  description: 'ufilter callback cost vs a null system call; scrambleflt vs kscrambleflt on 64 KiB',
  async run({ quick, progress }) {
    const m = await bootMachine();
    const ms = quick ? 150 : 300;
    const batches = quick ? 3 : 5;
    await m.sh('insmod redirfs; insmod urfs; mkdir -p /tmp/ub /tmp/un /tmp/us /tmp/uk');
    progress('null system call');
    const nullsys = median(batchValues(await runProgram(['nullsys', `t${ms}`, String(batches)])));
    progress('pread without a filter');
    const plain = median(batchValues(await runProgram([`${T}/urfs_bench`, 'read1', '/tmp/un/f', String(ms), String(batches)])));
    await sh(m, `${T}/urfs_probe filter -b ubench 31000 /tmp/ub null > /dev/null`);
    progress('pread through a ufilter');
    const filtered = median(batchValues(await runProgram([`${T}/urfs_bench`, 'read1', '/tmp/ub/f', String(ms), String(batches)])));
    await m.sh(`kill $(cat /tmp/ubench.pid)`);
    const cb = Math.max(0, filtered - plain);

    progress('scrambleflt 64 KiB');
    await sh(m, 'scrambleflt -b -p 31001 /tmp/us > /dev/null');
    const u = await runProgram([`${T}/urfs_bench`, 'rw', '/tmp/us/f', String(KB64), String(ms)]);
    await m.sh('kill $(ps | grep scrambleflt | cut -c1-5)');
    progress('kscrambleflt 64 KiB');
    await sh(m, 'insmod kscrambleflt path=/tmp/uk priority=31002');
    const k = await runProgram([`${T}/urfs_bench`, 'rw', '/tmp/uk/f', String(KB64), String(ms)]);
    await m.sh('rmmod kscrambleflt');

    const rec = (test, ns, bytes, extra = {}) => ({ mechanism: 'urfs', test, bytes, ns_per_op: ns,
      mb_per_s: bytes ? (bytes / ns) * 1e3 : null, ...extra });
    return [
      { mechanism: 'urfs', test: 'null system call (same run)', bytes: 0, ns_per_op: nullsys, mb_per_s: null },
      rec('1-byte pread, no filter', plain, 0),
      rec('1-byte pread through a ufilter', filtered, 0),
      rec('ufilter callback', cb, 0, { baseline: 'urfs/null system call (same run)', target: { max_ratio: 3 } }),
      rec('kscrambleflt write', Number(k.write), KB64),
      rec('kscrambleflt read', Number(k.read), KB64),
      // Throughput >= 50% of the kernel's: time per op <= 2x.
      rec('scrambleflt write', Number(u.write), KB64, { baseline: 'urfs/kscrambleflt write', target: { max_ratio: 2 } }),
      rec('scrambleflt read', Number(u.read), KB64, { baseline: 'urfs/kscrambleflt read', target: { max_ratio: 2 } }),
    ];
  },
};
