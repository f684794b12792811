#!/usr/bin/env node
// What one 4 KiB page costs inside the kernel on the character device, sysfs and procfs paths, without
// the system call round trip: boots the benchmark machine, opens the test modules' files from the kernel
// (do_filp_open) and times kernel_read / kernel_write / vfs_llseek on them from the main thread.
// docs/benchmark.md uses it to explain the sysfs results. Usage: node bench/inkernel.mjs (after npx tsc -b).
import { bootMachine, shutdownMachine } from './lib/machine.mjs';
import { kernel_ctx } from '../packages/emu-kernel/dist/init/main.js';
import { do_filp_open } from '../packages/emu-kernel/dist/fs/open.js';
import { kernel_read, kernel_write, vfs_llseek } from '../packages/emu-kernel/dist/fs/read_write.js';

const O_RDWR = 2, SEEK_SET = 0, N = 20000;

async function time(op) {
  for (let i = 0; i < 2000; i++) await op(); // warm-up
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await op();
    best = Math.min(best, ((performance.now() - t0) * 1e6) / N);
  }
  return best;
}

try {
  const m = await bootMachine();
  if ((await m.sh('insmod bench_chr && insmod bench_sysfs && insmod bench_proc && echo 4096 > /sys/bench_sysfs/datasize')) !== 0) {
    throw new Error('loading the test modules failed');
  }
  const ctx = kernel_ctx();
  const caller = { pid: 0, cred: ctx.cred };
  const open = async (p) => {
    const f = await do_filp_open(ctx, p, O_RDWR, 0);
    if (typeof f === 'number') throw new Error(`${p}: ${f}`);
    return f;
  };
  const chr = await open('/dev/bench_chr'), sysfs = await open('/sys/bench_sysfs/datapages/0'), proc = await open('/proc/bench_proc');
  const text = new Uint8Array(4096).fill(0x5a);
  const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) & 0xff);
  const rows = [
    ['chardev read', () => kernel_read(chr, text, { pos: 0 }, caller)],
    ['chardev write', () => kernel_write(chr, text, { pos: 0 }, caller)],
    ['sysfs lseek', () => vfs_llseek(sysfs, 0, SEEK_SET, caller)],
    ['sysfs read', () => kernel_read(sysfs, text, { pos: 0 }, caller)],
    ['sysfs write (text bytes)', () => kernel_write(sysfs, text, { pos: 0 }, caller)],
    ['sysfs write (binary bytes)', () => kernel_write(sysfs, binary, { pos: 0 }, caller)],
    ['procfs read', () => kernel_read(proc, text, { pos: 0 }, caller)],
    ['procfs write', () => kernel_write(proc, binary, { pos: 0 }, caller)],
  ];
  process.stdout.write('4 KiB in the kernel, no system call (best of 3 rounds of 20000):\n');
  for (const [name, op] of rows) process.stdout.write(`${name.padEnd(28)} ${(await time(op)).toFixed(0).padStart(7)} ns\n`);
} finally {
  await shutdownMachine();
}
