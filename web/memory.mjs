// What a playground tab costs in memory (Linux hosts): the page's renderer process (the kernel on the
// page's thread and every process's Web Worker live in it) after the README's main demo, and again after
// N more processes are started, so the cost of one more process shows. It reads /proc of the Chromium that
// web/browser.mjs starts (found by its fresh profile directory) and the page's own measurement,
// performance.measureUserAgentSpecificMemory(). Usage: node web/memory.mjs [--procs N]
import fs from 'node:fs';
import { startPlayground, openPage } from './browser.mjs';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write('usage: node web/memory.mjs [--procs N]   (N sleeping processes started after the demo; 20)\n');
  process.exit(0);
}
const procs = Number(args[args.indexOf('--procs') + 1] ?? 20) || 20;
const MiB = 1024 * 1024;

const pids = () => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
const read = (p, f) => {
  try {
    return fs.readFileSync(`/proc/${p}/${f}`, 'utf8');
  } catch {
    return '';
  }
};

/** The browser process (its command line names the profile) and all its descendants: pid -> command line. */
function chromiumTree(profile) {
  const all = pids();
  const parent = new Map(all.map((p) => [p, Number(/\) \S+ (\d+)/.exec(read(p, 'stat'))?.[1] ?? 0)]));
  const roots = new Set(all.filter((p) => read(p, 'cmdline').includes(profile)));
  const inTree = (p) => {
    for (let q = p; q > 1; q = parent.get(q) ?? 0) if (roots.has(q)) return true;
    return false;
  };
  // Chromium rewrites its argv as one space-separated string, so the command line is kept as text.
  return new Map(all.filter(inTree).map((p) => [p, read(p, 'cmdline').replaceAll('\0', ' ')]));
}

/** Rss and Pss of a process in bytes (smaps_rollup). */
function rss(p) {
  const t = read(p, 'smaps_rollup');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? 0) * 1024;
  return { rss: kb('Rss'), pss: kb('Pss') };
}

/** The renderer that holds the page: the renderer process with the largest Rss (the only busy one). */
function renderer(profile) {
  const r = [...chromiumTree(profile)].filter(([, cmd]) => cmd.includes(' --type=renderer ')).map(([p]) => ({ pid: p, ...rss(p) }));
  return r.sort((a, b) => b.rss - a.rss)[0];
}

async function measure(page, profile, what) {
  const r = renderer(profile);
  const ua = await page.evaluate(async () => {
    const m = await performance.measureUserAgentSpecificMemory();
    return { bytes: m.bytes };
  });
  const live = await page.evaluate(() => urfs.machine.processes().length);
  process.stdout.write(`${what}: ${live} processes; renderer pid ${r.pid} Rss ${(r.rss / MiB).toFixed(1)} MiB, ` +
    `Pss ${(r.pss / MiB).toFixed(1)} MiB; measureUserAgentSpecificMemory ${(ua.bytes / MiB).toFixed(1)} MiB\n`);
  return { live, ...r, ua: ua.bytes };
}

const demo = /-c '(.*)'$/.exec(JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.demo)[1];
const pg = await startPlayground({ args: ['--enable-blink-features=ForceEagerMeasureMemory'] });
try {
  const { page } = await openPage(pg, '?c=' + encodeURIComponent(demo));
  await page.waitForFunction(() => urfs.prompts >= 2, null, { timeout: 60000 });
  const a = await measure(page, pg.profile, 'after the main demo');
  await page.evaluate((n) => urfs.machine.output(`i=0; while [ $i -lt ${n} ]; do sleep 600 & i=$((i+1)); done`), procs);
  await page.waitForFunction((n) => urfs.machine.processes().filter((c) => c === 'sleep').length >= n, procs, { timeout: 60000 });
  const b = await measure(page, pg.profile, `after ${procs} more (sleep 600 &)`);
  const per = (b.rss - a.rss) / (b.live - a.live);
  process.stdout.write(`one more process: Rss +${(per / MiB).toFixed(2)} MiB, ` +
    `measureUserAgentSpecificMemory +${((b.ua - a.ua) / (b.live - a.live) / MiB).toFixed(2)} MiB\n`);
  await page.close();
} finally {
  await pg.close();
}
