// Takes the README's picture of the playground (docs/img/playground.png): a fresh page running the main
// demo line through a ?c= link, the filter editor beside it. Usage: node web/screenshot.mjs [OUT.png]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlayground, openPage } from './browser.mjs';

if (process.argv.includes('--help')) {
  process.stdout.write('usage: node web/screenshot.mjs [OUT.png]   (default docs/img/playground.png)\n');
  process.exit(0);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/img/playground.png'));
const demo = /-c '(.*)'$/.exec(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.demo)[1];
const pg = await startPlayground();
try {
  const { page } = await openPage(pg, '?c=' + encodeURIComponent(demo));
  await page.setViewportSize({ width: 1400, height: 760 });
  await page.waitForFunction(() => urfs.prompts >= 2, null, { timeout: 30000 });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
} finally {
  await pg.close();
}
