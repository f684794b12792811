// End-to-end: the playground (issue 14) in the system's headless Chromium. The test builds the static site
// itself, serves it with the two headers, boots the page and types into its terminal as a person would.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { root, sh } from './lib/cli.js';
import { startPlayground, openPage, typeLine, pasteLine, terminalText, waitPrompts, type Playground } from './lib/browser.js';

/** The README's main demo line: the command line `pnpm demo` runs inside the machine. */
function demoLine(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { demo: string } };
  const m = /-c '(.*)'$/.exec(pkg.scripts.demo);
  if (!m) throw new Error('package.json demo script has no -c command line');
  return m[1];
}

/** What the README's Quick start says the demo prints. */
function readmeDemoOutput(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /It prints\n\n```\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md Quick start shows no demo output');
  return m[1];
}

/** The liburfs README's command line that runs examples/upperflt.ts (installed there with --bin). */
function upperfltLine(): string {
  const readme = fs.readFileSync(path.join(root, 'packages/liburfs/README.md'), 'utf8');
  const m = /^pnpm emu --bin upperflt=examples\/upperflt\.ts -c '(.*)'$/m.exec(readme);
  if (!m) throw new Error('no upperflt command line in the liburfs README');
  return m[1];
}

interface DocLinks {
  pages(): string[];
  firstCommand(md: string): string | null;
  withLink(md: string, base: string): string | null;
  DEFAULT_BASE: string;
}
const docLinks = () => import(path.join(root, 'web/doc-links.mjs')) as Promise<DocLinks>;

let pg: Playground;
beforeAll(async () => {
  pg = await startPlayground();
}, 60000);
afterAll(async () => {
  await pg?.close();
});

describe('the playground page', () => {
  it('boots to a shell prompt, cross-origin isolated, without page errors', async () => {
    const { page, promptMs, errors } = await openPage(pg);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(promptMs).toBeGreaterThan(0);
    expect(await terminalText(page)).toMatch(/^# $/m);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a server without the two headers: coi-sw.js reloads the page once and it becomes cross-origin isolated', async () => {
    const plain = await pg.serveAgain({ coi: false });
    const res = await fetch(plain);
    expect(res.headers.get('cross-origin-embedder-policy')).toBeNull();
    const { page, errors } = await openPage({ ...pg, url: plain });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(plain + 'coi-sw.js');
    expect(await typeLine(page, 'echo isolated by the service worker')).toBe('isolated by the service worker\n');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has every program, module and trace event system the command-line machine has', async () => {
    const list = 'ls /bin /sbin /usr/bin /lib/modules /sys/kernel/tracing/events';
    const cliRun = await sh(list);
    expect(cliRun.code).toBe(0);
    const { page } = await openPage(pg);
    const inPage = (await typeLine(page, list)).split(/\s+/).filter(Boolean).sort();
    const inCli = cliRun.stdout.split(/\s+/).filter(Boolean).sort();
    expect(inCli).toEqual(expect.arrayContaining(['df', 'tar', 'unix_server', 'unix_client', 'redirfs.ko', 'urfs.ko']));
    expect(inPage).toEqual(inCli);
    // Some of the newer ones at work: df on statfs, and tracefs's event list as on the command line.
    expect(await typeLine(page, 'df /tmp; echo rc=$?')).toMatch(/^Filesystem +1K-blocks +Used +Available +Use% +Mounted on\nrootfs .* \/\nrc=0\n$/);
    const events = 'cat /sys/kernel/tracing/available_events';
    expect(await typeLine(page, events)).toBe((await sh(events)).stdout);
    await page.close();
  });

  it('the README main demo line typed into the terminal prints exactly what the README shows', async () => {
    const { page } = await openPage(pg);
    expect(await typeLine(page, demoLine())).toBe(readmeDemoOutput());
    await page.close();
  });

  it('the README main demo line pasted into the terminal prints exactly what the README shows', async () => {
    const { page } = await openPage(pg);
    expect(await pasteLine(page, demoLine())).toBe(readmeDemoOutput());
    await page.close();
  });

  it('a mechanism demo pair runs: ioctl_ex and ioctl_user', async () => {
    const { page } = await openPage(pg);
    const out = await typeLine(page, 'insmod ioctl_ex && ioctl_user');
    expect(out).toMatch(/^sent \(_IOW\): {5}"Hello from user space \(ioctl_user\)"\n/);
    expect(out).toMatch(/received \(_IOR\): "Hello from the kernel \(ioctl_ex\)"\n/);
    expect(out).toMatch(/poll\(\): 1 ready: pipe quiet, device readable\n/);
    await page.close();
  });

  it('a ?c= link runs its command line at start, in the terminal', async () => {
    const { page } = await openPage(pg, '?c=' + encodeURIComponent('echo linked > /tmp/l && cat /tmp/l'));
    await waitPrompts(page, 2);
    expect(await terminalText(page)).toMatch(/^# echo linked > \/tmp\/l && cat \/tmp\/l\nlinked\n# $/m);
    await page.close();
  });

  it('Ctrl-C interrupts the running command, not the shell', async () => {
    const { page } = await openPage(pg);
    await page.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type('sleep 30');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (globalThis as unknown as { urfs: { machine: { processes(): string[] } } }).urfs.machine.processes().includes('sleep'));
    await page.keyboard.press('Control+C');
    await waitPrompts(page, 2, 10000);
    expect(await typeLine(page, 'echo still here')).toBe('still here\n');
    await page.close();
  });

  it('a filter written in the editor is compiled in the page, installed and run from the terminal', async () => {
    const { page } = await openPage(pg);
    const upper = fs.readFileSync(path.join(root, 'examples/upperflt.ts'), 'utf8');
    await page.waitForFunction((src) => (document.getElementById('source') as HTMLTextAreaElement).value === src, upper);
    // As written (the README's filter), then changed in the editor into another filter under another name.
    await page.click('#install');
    await page.waitForSelector('#editor-status[data-state="ok"]');
    // The interactive shell reports the background job as it starts.
    expect(await typeLine(page, upperfltLine())).toMatch(/^\[1\] \d+\nHELLO\nhello\n$/);
    const star = upper.replace("name: 'upperflt'", "name: 'starflt'").replace('b[i] -= 0x20', 'b[i] = 0x2a');
    expect(star).not.toBe(upper);
    await page.fill('#source', star);
    await page.close();
    // A fresh machine (Reset): the editor kept the edited source.
    const { page: again } = await openPage(pg);
    await again.waitForFunction((src) => (document.getElementById('source') as HTMLTextAreaElement).value === src, star);
    await again.fill('#prog-name', 'starflt');
    await again.click('#install');
    await again.waitForSelector('#editor-status[data-state="ok"]');
    expect(await typeLine(again, upperfltLine().replaceAll('upperflt', 'starflt'))).toMatch(/^\[1\] \d+\n\*{5}\nhello\n$/);
    await again.evaluate(() => localStorage.clear());
    await again.close();
  });

  it('an editor program that does not compile says why and installs nothing', async () => {
    const { page } = await openPage(pg);
    await page.fill('#source', 'export default function main(: number {');
    await page.fill('#prog-name', 'broken');
    await page.click('#install');
    await page.waitForSelector('#editor-status[data-state="error"]');
    expect(await page.textContent('#editor-status')).toMatch(/Unexpected token|SyntaxError|Error/);
    expect(await typeLine(page, 'ls /usr/local/bin/broken; echo rc=$?')).toMatch(/No such file or directory\nrc=1\n$/);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('Download /tmp hands over a tar archive of the machine\'s /tmp', async () => {
    const { page } = await openPage(pg);
    await typeLine(page, 'mkdir -p /tmp/keep && echo kept > /tmp/keep/note');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('urfs-tmp.tar');
    const tar = fs.readFileSync(await download.path());
    const names: string[] = [];
    for (let off = 0; off + 512 <= tar.length && tar[off] !== 0; ) {
      const name = tar.subarray(off, off + 100).toString('latin1').replace(/\0.*$/s, '');
      const size = parseInt(tar.subarray(off + 124, off + 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
      names.push(name);
      if (name === 'tmp/keep/note') expect(tar.subarray(off + 512, off + 512 + size).toString()).toBe('kept\n');
      off += 512 + Math.ceil(size / 512) * 512;
    }
    expect(names).toEqual(['tmp/', 'tmp/keep/', 'tmp/keep/note']);
    await page.close();
  });

  it('Copy link makes a ?c= link of what was typed; opened, it runs that on a fresh machine', async () => {
    const { page } = await openPage(pg);
    await typeLine(page, 'echo one > /tmp/f');
    await typeLine(page, 'cat /tmp/f');
    await page.click('#copy-link');
    const link = await page.inputValue('#link');
    expect(new URL(link).searchParams.get('c')).toBe('echo one > /tmp/f\ncat /tmp/f');
    await page.close();
    const { page: fresh } = await openPage(pg, new URL(link).search);
    await waitPrompts(fresh, 3);
    expect(await terminalText(fresh)).toMatch(/^# echo one > \/tmp\/f\n# cat \/tmp\/f\none\n# $/m);
    await fresh.close();
  });

  it('each mechanism page links to its first transcript in the playground, and the link runs it', async () => {
    const d = await docLinks();
    const pages = d.pages();
    expect(pages.length).toBeGreaterThanOrEqual(16);
    for (const p of pages) {
      const md = fs.readFileSync(p, 'utf8');
      // The link is there and current (node web/doc-links.mjs rewrites it).
      expect(d.withLink(md, d.DEFAULT_BASE), path.basename(p)).toBe(md);
      const link = new URL(/^Try it in the playground: \[[^\]]*\]\(([^)]+)\)$/m.exec(md)![1]);
      const cmd = d.firstCommand(md)!;
      expect(link.searchParams.get('c')).toBe(cmd);
      const { page, errors } = await openPage(pg, link.search);
      await waitPrompts(page, 2, 30000);
      const text = await terminalText(page);
      expect(text, path.basename(p)).not.toMatch(/not found|uncaught|BUG: kernel fault|Exec format error/);
      expect(errors).toEqual([]);
      if (path.basename(p) === 'sysctl.md') {
        expect(text).toMatch(/^# insmod sysctl_ex && sysctl -w net.test.value1=15 && sysctl net.test.value1\nnet.test.value1 = 15\nnet.test.value1 = 15\n# $/m);
      }
      await page.close();
    }
  }, 180000);
});
