#!/usr/bin/env node
// A quick run of every mechanism's test module and bench_io (64 B and 8 KiB; batches of 2 ms, k = 2, at
// most 4 on free cores and 8 in all per point) in one machine, for demos/src/bench/bench_io.test.ts: prints {"chardev": {report}, ...} as JSON. Test programs
// run as compiled JavaScript, so this needs the build (`npx tsc -b`).
import { bootMachine, runProgram, shutdownMachine } from './machine.mjs';
import { MECHANISMS } from '../cases/mechanisms.mjs';

const out = {};
try {
  const m = await bootMachine();
  for (const mech of MECHANISMS) {
    if (mech.module && (await m.sh(`insmod ${mech.module}`)) !== 0) throw new Error(`insmod ${mech.module} failed`);
    out[mech.mechanism] = await runProgram(['/usr/bin/bench_io', mech.io, '2', '64,8192', '2', '0.5', '4']);
    if (mech.module && (await m.sh(`rmmod ${mech.module}`)) !== 0) throw new Error(`rmmod ${mech.module} failed`);
  }
  // A kernel fault fails the check, whatever the programs reported.
  if (m.oopses.length) throw new Error(`the kernel had ${m.oopses.length} fault(s):\n${m.oopses.join('\n')}`);
} finally {
  await shutdownMachine();
}
process.stdout.write(JSON.stringify(out) + '\n');
