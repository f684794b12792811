// (d) Wall time of `emu -c true` as a person runs it: node start, boot, image install, /bin/sh -c true,
// shutdown. Median of a few runs.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, spread } from '../lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'packages/emu-kernel/bin/emu.mjs');

function once() {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, '-c', 'true'], { cwd: root, timeout: 60000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`emu -c true failed (${err.code ?? err.message}): ${String(stderr).trim()}`));
      else resolve(performance.now() - t0);
    });
  });
}

export default {
  name: 'cli-true',
  description: 'wall time of `emu -c true`',
  async run({ quick, progress }) {
    const runs = quick ? 3 : 7;
    const ms = [];
    for (let i = 0; i < runs; i++) {
      ms.push(await once());
      progress(`run ${i + 1}/${runs}`);
    }
    return [{ mechanism: 'cli', test: 'emu -c true (wall time)', bytes: 0, ns_per_op: median(ms) * 1e6, mb_per_s: null,
      spread: spread(ms), samples: ms.length, target: { max_ns: 1e9 } }];
  },
};
