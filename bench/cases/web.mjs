// (e) The playground (issue 14): the machine in a browser tab, in the system's headless Chromium, beside
// the same figures under Node in the same run. Page load to the shell's first prompt (navigation start to
// the prompt; median of fresh loads, the first one with a cold cache reported apart) against `emu` started
// to its first prompt; the null system call (nullsys) and one ufilter callback (a 1-byte pread under a
// filter whose pre-read callback answers at once, minus the same pread without one, as in the urfs case)
// measured by the same programs in the page and on the Node machine. Targets: prompt < 1.5 s, the page's
// null system call within 2x Node's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlayground, openPage } from '../../web/browser.mjs';
import { runProgram, batchValues } from '../lib/machine.mjs';
import { parseReport } from '../../packages/emu-kernel/dist/testbin/lib/report.js';
import { median, spread } from '../lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const T = '/usr/libexec/urfs-test';
const E = '/usr/libexec/emu-test';

/** The command lines both sides run, in order; each prints name=value lines. */
function script(ms, batches) {
  return {
    setup: 'insmod redirfs; insmod urfs; mkdir -p /tmp/wb/un /tmp/wb/ub && echo data > /tmp/wb/un/f && echo data > /tmp/wb/ub/f',
    nullsys: `${E}/nullsys t${ms} ${batches}`,
    plain: `${T}/urfs_bench read1 /tmp/wb/un/f ${ms} ${batches}`,
    filter: `${T}/urfs_probe filter -b wbench 31500 /tmp/wb/ub null > /dev/null`,
    filtered: `${T}/urfs_bench read1 /tmp/wb/ub/f ${ms} ${batches}`,
    stop: 'kill $(cat /tmp/wbench.pid)',
  };
}

/** Runs the script through `sh(line) -> report`; the median ns of a null call and of a callback. */
async function figures(sh, s) {
  await sh(s.setup);
  const nullsys = median(batchValues(await sh(s.nullsys)));
  const plain = median(batchValues(await sh(s.plain)));
  await sh(s.filter);
  const filtered = median(batchValues(await sh(s.filtered)));
  await sh(s.stop);
  return { nullsys, callback: Math.max(0, filtered - plain) };
}

/** `emu` started with an interactive shell, until its first prompt: ms. */
function emuToPrompt() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'packages/emu-kernel/bin/emu.mjs')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('emu showed no prompt within 30 s'));
    }, 30000);
    const on = (d) => {
      seen += d;
      if (!/(^|\n)# $/.test(seen)) return;
      const ms = performance.now() - t0;
      clearTimeout(timer);
      child.stdin.end();
      child.once('exit', () => resolve(ms));
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('error', reject);
  });
}

export default {
  name: 'web',
  description: 'the playground in headless Chromium: page load to prompt, null system call, ufilter callback, beside Node',
  async run({ quick, progress }) {
    const loads = quick ? 3 : 7;
    const s = script(quick ? 100 : 200, quick ? 3 : 7);
    const pg = await startPlayground();
    try {
      const prompt = [];
      let page = null;
      for (let i = 0; i <= loads; i++) {
        progress(`page load ${i + 1}/${loads + 1}`);
        await page?.close();
        const o = await openPage(pg);
        if (o.errors.length) throw new Error(`page errors: ${o.errors.join('; ')}`);
        page = o.page;
        prompt.push(o.promptMs);
      }
      const [cold, ...warm] = prompt;
      progress('null system call and ufilter callback in the page');
      const inPage = await figures(async (line) => {
        const r = await page.evaluate((l) => urfs.machine.output(l), line);
        if (r.status !== 0) throw new Error(`in the page: ${line}: status ${r.status}: ${r.text}`);
        return parseReport(r.text);
      }, s);
      await page.close();
      progress('the same under Node');
      const onNode = await figures((line) => runProgram(['/bin/sh', '-c', line]), s);
      const nodePrompt = [];
      for (let i = 0; i < (quick ? 3 : 5); i++) nodePrompt.push(await emuToPrompt());
      const rec = (test, ns, extra = {}) => ({ mechanism: 'web', test, bytes: 0, ns_per_op: ns, mb_per_s: null, ...extra });
      return [
        rec('emu to first prompt, Node', median(nodePrompt) * 1e6, { spread: spread(nodePrompt), samples: nodePrompt.length }),
        rec('page load to first prompt', median(warm) * 1e6, { spread: spread(warm), samples: warm.length, target: { max_ns: 1.5e9 } }),
        rec('page load to first prompt, cold cache', cold * 1e6, { target: { max_ns: 1.5e9 } }),
        rec('null system call, Node', onNode.nullsys),
        rec('null system call, in the page', inPage.nullsys, { baseline: 'web/null system call, Node', target: { max_ratio: 2 } }),
        rec('ufilter callback, Node', onNode.callback),
        rec('ufilter callback, in the page', inPage.callback, { baseline: 'web/ufilter callback, Node' }),
      ];
    } finally {
      await pg.close();
    }
  },
};
