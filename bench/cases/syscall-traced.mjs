// (b') The null system call of a process under strace: every call stops twice (entry and exit) and the
// tracer's wait4, PTRACE_GETREGS and PTRACE_SYSCALL run for each stop. Compared with (b), the untraced
// call, whose fast path tracing must leave alone.
import { runProgram, batchValues } from '../lib/machine.mjs';
import { untilStable } from '../lib/stats.mjs';

export default {
  name: 'syscall-traced',
  description: 'null system call round trip under strace -e trace=none (nullsys)',
  async run({ quick, progress }) {
    const ms = quick ? 100 : 250;
    const r = await untilStable(async () =>
      batchValues(await runProgram(['/usr/bin/strace', '-o', '/tmp/strace.out', '-e', 'trace=none',
        '/usr/libexec/emu-test/nullsys', `t${ms}`, '3'])),
    { min: 3, max: quick ? 6 : 12, onBatch: (n) => progress(`batch ${n}`) });
    return [{ mechanism: 'syscall', test: 'null round trip under strace', bytes: 0, ns_per_op: r.median, mb_per_s: null,
      spread: r.spread, samples: r.samples, baseline: 'syscall/null round trip (emu_nop)' }];
  },
};
