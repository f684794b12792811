// Drives the playground in a real browser for the end-to-end tests: web/browser.mjs builds the static site,
// serves it with the cross-origin isolation headers and opens the system's headless Chromium; these
// helpers type into the page's terminal and read it back.
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { root } from './cli.js';

export interface Playground {
  url: string;
  context: BrowserContext;
  /** Serves the same site from another port (another origin); `coi: false` leaves out the two headers. */
  serveAgain(o?: { coi?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** The page's test surface (web/src/main.ts). */
interface PageApi {
  promptMs?: number;
  prompts: number;
  text(): string;
}
declare const urfs: PageApi;

interface BrowserModule {
  startPlayground(o?: { coi?: boolean }): Promise<Playground>;
  openPage(pg: Playground, query?: string): Promise<{ page: Page; promptMs: number; errors: string[] }>;
}
const web = (): Promise<BrowserModule> => import(path.join(root, 'web/browser.mjs')) as Promise<BrowserModule>;

/** Builds the site into a fresh directory, serves it and starts the browser (web/browser.mjs). */
export async function startPlayground(o: { coi?: boolean } = {}): Promise<Playground> {
  return (await web()).startPlayground(o);
}

/** Opens the page (with `query`, e.g. `?c=...`) and waits for the shell's first prompt. */
export async function openPage(pg: Playground, query = ''): Promise<{ page: Page; promptMs: number; errors: string[] }> {
  return (await web()).openPage(pg, query);
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

/**
 * Pastes `line` into the terminal (a clipboard paste event on xterm's input, as a browser makes for
 * Ctrl-V), presses Enter, waits for the next prompt and returns what the command printed.
 */
export async function pasteLine(page: Page, line: string, timeout = 30000): Promise<string> {
  const before = await page.evaluate(() => urfs.prompts);
  const textBefore = await terminalText(page);
  const input = page.locator('.xterm-helper-textarea');
  await input.focus();
  await input.evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, line);
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
