// Opens the playground in the system's headless Chromium through playwright-core, for the browser tests
// (test/web.test.ts) and the benchmark (bench/cases/web.mjs): builds the site into a fresh directory,
// serves it with the isolation headers and starts the browser with a fresh profile. Nothing is downloaded:
// the browser is the distribution's `chromium` (.ci/run installs it when missing), or CHROMIUM_PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from './build.mjs';
import { serve } from './serve.mjs';

/** Flags that run this machine's Chromium headless without a sandbox, GPU or background traffic. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('no Chromium found: install the distribution package "chromium" or set CHROMIUM_PATH');
  return found;
}

/**
 * Builds, serves and launches (with CHROMIUM_FLAGS and `args`); resolves with { url, context, profile,
 * serveAgain({ coi }), close() }. serveAgain serves the same site from another port (another origin), e.g.
 * without the isolation headers; profile is the browser's fresh profile directory.
 */
export async function startPlayground({ coi = true, args = [] } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'urfs-web-'));
  const servers = [];
  let context = null;
  const close = async () => {
    await context?.close();
    for (const server of servers) await new Promise((r) => server.close(() => r()));
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const site = await build({ outdir: path.join(tmp, 'site'), quiet: true });
    const serveAgain = async (o = {}) => {
      const s = await serve({ root: site, port: 0, coi: o.coi ?? true });
      servers.push(s.server);
      return s.url;
    };
    const url = await serveAgain({ coi });
    const profile = path.join(tmp, 'profile');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS, ...args],
    });
    return { url, context, profile, serveAgain, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Opens the page (with `query`) and waits for the shell's first prompt: { page, promptMs, errors }. */
export async function openPage(pg, query = '') {
  const page = await pg.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pg.url + query);
  await page.waitForFunction(() => typeof urfs !== 'undefined' && urfs.promptMs !== undefined, null, { timeout: 20000 });
  return { page, promptMs: await page.evaluate(() => urfs.promptMs), errors };
}
