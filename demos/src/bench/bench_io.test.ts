// The benchmark's test modules and bench_io, run by bench/lib/check-mechanisms.mjs in a machine booted
// with the bench system call (a separate Node process: programs run from the build). Each mechanism
// gives back what was written (verify=ok) and reports a time per operation for every point.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function check(): Promise<Record<string, Record<string, string>>> {
  return new Promise((resolve, reject) => {
    // Killed before the test's own timeout (below) could leave it running.
    execFile(process.execPath, ['bench/lib/check-mechanisms.mjs'], { cwd: root, timeout: 110000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))));
  });
}

const positive = (v: string | undefined): boolean => Number.isFinite(Number(v)) && Number(v) > 0;

describe('bench_io and the bench modules', () => {
  it('every mechanism verifies its data and times each point; relay reads only', async () => {
    const r = await check();
    expect(Object.keys(r)).toEqual(['chardev', 'syscall', 'procfs', 'sysfs', 'netlink', 'relay', 'debugfs', 'ioctl', 'mmap', 'genl']);
    // Each point: its time (no less than its fastest batch), the batches taken (at least k = 2; at most the
    // cap of 4 on free cores, 8 in all), their spread and the bare system call's round trip meanwhile.
    const point = (mech: string, rep: Record<string, string>, k: string): void => {
      expect(positive(rep[k]), `${mech} ${k}`).toBe(true);
      expect(Number(rep[`${k}.min`]), `${mech} ${k}.min`).toBeGreaterThan(0);
      expect(Number(rep[`${k}.min`]), `${mech} ${k}.min`).toBeLessThanOrEqual(Number(rep[k]));
      expect(Number(rep[`${k}.n`]), `${mech} ${k}.n`).toBeGreaterThanOrEqual(2);
      expect(Number(rep[`${k}.n`]), `${mech} ${k}.n`).toBeLessThanOrEqual(8);
      expect(Number(rep[`${k}.spread`]), `${mech} ${k}.spread`).toBeGreaterThanOrEqual(0);
      expect(positive(rep[`${k}.rt`]), `${mech} ${k}.rt`).toBe(true);
    };
    for (const [mech, rep] of Object.entries(r)) {
      if (mech === 'relay') {
        for (const k of ['read.64', 'read.8192']) point(mech, rep, k);
        expect(rep['write.64'] ?? rep.latency ?? rep.verify).toBeUndefined();
        continue;
      }
      expect(rep.verify, mech).toBe('ok');
      for (const k of ['write.64', 'read.64', 'write.8192', 'read.8192', 'latency']) point(mech, rep, k);
    }
  }, 120000); // every mechanism in one CPU-bound run: on a loaded host several times its time alone
});
