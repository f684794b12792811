// Writes, under the title of each mechanism page (docs/mechanisms/*.md), a link that runs the page's first
// transcript command line in the playground (`?c=`). The base is where the playground is served:
// `pnpm web`'s http://localhost:8080/ unless --base URL (or PLAYGROUND_URL) says otherwise, e.g. the
// address a static host serves web/dist from. --check only reports pages whose link is missing or stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'docs/mechanisms');
export const DEFAULT_BASE = 'http://localhost:8080/';
const MARK = 'Try it in the playground: ';

/**
 * The first `$ pnpm [-s] emu -c '...'` (or `"..."`) command line of a page, or null. A double-quoted one may
 * run over several lines (each ends in a separator, so they join with a space) and is unescaped as the host
 * shell would (`\"`, `\\`, `\$`, `` \` ``).
 */
export function firstCommand(md) {
  const m = /^\$ pnpm (?:-s )?emu -c (?:'(.*)'$|"((?:[^"\\]|\\[^])*)"$)/m.exec(md);
  if (!m) return null;
  if (m[1] !== undefined) return m[1];
  return m[2].split(/\n\s*/).join(' ').replace(/\\(["\\$`])/g, '$1');
}

/** The link line for `cmd`; `base` may carry its own query. */
export function linkLine(cmd, base) {
  const u = new URL(base);
  u.searchParams.set('c', cmd);
  return `${MARK}[\`${cmd.length > 60 ? cmd.slice(0, 57) + '...' : cmd}\`](${u.href})`;
}

/** The page with its link line written (replacing an earlier one) under the title; null if it has no command. */
export function withLink(md, base) {
  const cmd = firstCommand(md);
  if (!cmd) return null;
  const lines = md.split('\n').filter((l) => !l.startsWith(MARK));
  const at = lines.findIndex((l) => l.startsWith('# ')) + 1;
  lines.splice(at, 0, '', linkLine(cmd, base));
  // One blank line between the title, the link and what followed.
  return lines.join('\n').replace(/\n\n\n+/g, '\n\n');
}

export function pages() {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort().map((f) => path.join(dir, f));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write('usage: node web/doc-links.mjs [--base URL] [--check]\n');
    process.exit(0);
  }
  const i = args.indexOf('--base');
  const base = i >= 0 ? args[i + 1] : process.env.PLAYGROUND_URL ?? DEFAULT_BASE;
  let stale = 0;
  for (const p of pages()) {
    const md = fs.readFileSync(p, 'utf8');
    const next = withLink(md, base);
    if (next === null || next === md) continue;
    stale++;
    if (args.includes('--check')) process.stdout.write(`${path.relative(root, p)}: playground link missing or stale\n`);
    else fs.writeFileSync(p, next);
  }
  if (args.includes('--check') && stale) process.exit(1);
}
