// The filter pages (docs/filters/*.md) cannot drift from the filters: every ```console block whose first
// line is `$ pnpm emu -c '...'` (one line, shell-quoted) is run on a fresh machine, and what the machine
// prints, standard output and error interleaved as a terminal shows them, must be the block's other lines.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, env, root, RUN_TIMEOUT_MS } from './lib/cli.js';

const DIR = path.join(root, 'docs/filters');
const COMMAND = /^\$ pnpm emu -c '(.*)'$/;

interface transcript {
  line: number;
  command: string;
  output: string;
}

/** The single-quoted word's text: a quote inside is written '\'' as in any shell. */
const unquote = (s: string) => s.replaceAll(`'\\''`, `'`);

/** The page's transcripts: console blocks that start with an emu command line. */
function transcripts(text: string): transcript[] {
  const lines = text.split('\n');
  const out: transcript[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```console') continue;
    const end = lines.indexOf('```', i + 1);
    const m = COMMAND.exec(lines[i + 1] ?? '');
    if (end > i && m) out.push({ line: i + 2, command: unquote(m[1]), output: lines.slice(i + 2, end).map((l) => `${l}\n`).join('') });
    i = Math.max(i, end);
  }
  return out;
}

/** `emu -c LINE` with its standard output and error on one file, in the order written. */
async function combined(line: string): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'page-'));
  const file = path.join(tmp, 'out');
  const fd = fs.openSync(file, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const p = spawn(process.execPath, [cli, '-c', line], { cwd: root, env, stdio: ['ignore', fd, fd] });
      const timer = setTimeout(() => p.kill('SIGKILL'), RUN_TIMEOUT_MS);
      p.on('error', reject);
      p.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    const out = fs.readFileSync(file, 'utf8');
    // emu's status 70: the machine had a kernel fault, whatever it printed.
    if (code === 70 || code === null) throw new Error(`emu ${code === null ? 'killed' : 'had a kernel fault'}:\n${out}`);
    return out;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const pages = fs.readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

describe('docs/filters', () => {
  it('has an index linking every filter page', () => {
    const index = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const p of pages.filter((f) => f !== 'README.md')) expect(index, p).toContain(`(${p})`);
  });

  for (const page of pages) {
    const ts = transcripts(fs.readFileSync(path.join(DIR, page), 'utf8'));
    // The index may have none; a filter's page must.
    if (page === 'README.md' && !ts.length) continue;
    describe(page, () => {
      it('has a transcript', () => expect(ts.length).toBeGreaterThan(0));
      for (const t of ts) {
        it(`line ${t.line}: ${t.command.slice(0, 70)}`, async () => {
          expect(await combined(t.command)).toBe(t.output);
        });
      }
    });
  }
});
