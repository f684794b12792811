// Drives the playground in a real browser for the end-to-end tests: builds the static site (web/build.mjs),
// serves it with the cross-origin isolation headers (web/serve.mjs) and opens it in the system's headless
// Chromium through playwright-core, with a fresh profile each time. Nothing is downloaded: the browser is
// the distribution's (`chromium`, installed by .ci/run when missing), or CHROMIUM_PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { root } from './cli.js';

/** The flags that run this machine's Chromium headless without a sandbox, GPU or background traffic. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('no Chromium found: install the distribution package "chromium" or set CHROMIUM_PATH');
  return found;
}

interface WebModules {
  build: (o?: { outdir?: string; quiet?: boolean }) => Promise<string>;
  serve: (o?: { root?: string; port?: number; coi?: boolean }) => Promise<{ server: Server; url: string }>;
}

export interface Playground {
  url: string;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Builds the site into a fresh directory, serves it and starts the browser. */
export async function startPlayground(o: { coi?: boolean } = {}): Promise<Playground> {
  const { build } = (await import(path.join(root, 'web/build.mjs'))) as Pick<WebModules, 'build'>;
  const { serve } = (await import(path.join(root, 'web/serve.mjs'))) as Pick<WebModules, 'serve'>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'urfs-web-'));
  const site = await build({ outdir: path.join(tmp, 'site'), quiet: true });
  const { server, url } = await serve({ root: site, port: 0, coi: o.coi ?? true });
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS,
  });
  return {
    url,
    context,
    async close() {
      await context.close();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The page's test surface (web/src/main.ts). */
interface PageApi {
  promptMs?: number;
  prompts: number;
  text(): string;
}
declare const urfs: PageApi;

/** Opens the page (with `query`, e.g. `?c=...`) and waits for the shell's first prompt; its ms. */
export async function openPage(pg: Playground, query = ''): Promise<{ page: Page; promptMs: number; errors: string[] }> {
  const page = await pg.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pg.url + query);
  await page.waitForFunction(() => typeof urfs !== 'undefined' && urfs.promptMs !== undefined, null, { timeout: 20000 });
  return { page, promptMs: await page.evaluate(() => urfs.promptMs!), errors };
}

export const terminalText = (page: Page): Promise<string> => page.evaluate(() => urfs.text());

/** Waits until the shell has shown `n` prompts in all. */
export async function waitPrompts(page: Page, n: number, timeout = 30000): Promise<void> {
  await page.waitForFunction((k) => urfs.prompts >= k, n, { timeout });
}

/**
 * Types `line` into the terminal as a person would, presses Enter, waits for the next prompt and returns
 * what the command printed (the lines between its echo and that prompt).
 */
export async function typeLine(page: Page, line: string, timeout = 30000): Promise<string> {
  const before = await page.evaluate(() => urfs.prompts);
  const textBefore = await terminalText(page);
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await waitPrompts(page, before + 1, timeout);
  return outputAfter(await terminalText(page), textBefore.length, line);
}

/** The output of the command `line` echoed at or after `from` in the terminal text, up to the next prompt. */
export function outputAfter(text: string, from: number, line: string): string {
  const echo = text.indexOf(line, Math.max(0, from - 2));
  if (echo < 0) throw new Error(`the terminal does not show the typed line: ${line}\n${text}`);
  const rest = text.slice(echo + line.length).replace(/^\n/, '');
  const end = rest.lastIndexOf('\n');
  return end < 0 ? '' : rest.slice(0, end + 1);
}
