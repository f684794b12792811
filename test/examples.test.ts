// The liburfs README's filter, run the way the README says: its code is examples/upperflt.ts, word for word,
// and its command lines (`pnpm emu --bin NAME=FILE -c '...'`) print what the README says they print, also
// with the file saved elsewhere in the workspace. A program of your own imports the packages by name.
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { emu, root } from './lib/cli.js';

const readme = fs.readFileSync(path.join(root, 'packages/liburfs/README.md'), 'utf8');

/** The README's fenced blocks of one language, in order. */
function blocks(lang: string): string[] {
  return [...readme.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]);
}

/** The README's `pnpm emu --bin NAME=FILE -c 'LINE'` for NAME: [FILE, LINE]. */
function command(name: string): [string, string] {
  for (const b of blocks('sh')) {
    const m = new RegExp(`^pnpm emu --bin ${name}=(\\S+) -c '([^']*)'$`, 'm').exec(b);
    if (m) return [m[1], m[2]];
  }
  throw new Error(`no "pnpm emu --bin ${name}=..." command line in the liburfs README`);
}

describe('the liburfs README example (examples/upperflt.ts)', () => {
  it('is the README\'s code, word for word (and so is its declarative twin)', () => {
    const code = blocks('ts');
    expect(code.length).toBe(2);
    expect(fs.readFileSync(path.join(root, 'examples/upperflt.ts'), 'utf8')).toBe(code[0]);
    expect(fs.readFileSync(path.join(root, 'examples/upperflt_bg.ts'), 'utf8')).toBe(code[1]);
  });

  it('runs as the README says: HELLO through the filter, hello once it is stopped', async () => {
    const [file, line] = command('upperflt');
    expect(file).toBe('examples/upperflt.ts');
    const r = await emu('--bin', `upperflt=${file}`, '-c', line);
    expect(r).toMatchObject({ code: 0, stdout: 'HELLO\nhello\n', stderr: '' });
  });

  // A copy inside a package folder (whose own node_modules lacks liburfs) resolves the packages too.
  const elsewhere = path.join(root, 'packages/redirctl', `.examples-test-${process.pid}`);
  afterAll(() => fs.rmSync(elsewhere, { recursive: true, force: true }));

  it('runs the same saved as another file elsewhere in the workspace', async () => {
    const [, line] = command('upperflt');
    fs.mkdirSync(elsewhere, { recursive: true });
    const copy = path.join(elsewhere, 'myfilter.ts');
    fs.copyFileSync(path.join(root, 'examples/upperflt.ts'), copy);
    const r = await emu('--bin', `upperflt=${path.relative(root, copy)}`, '-c', line);
    expect(r).toMatchObject({ code: 0, stdout: 'HELLO\nhello\n', stderr: '' });
  });

  it('-b (urfs_run) starts a --bin program from /usr/local/bin and returns once it is active', async () => {
    const [file, line] = command('upperflt_bg');
    expect(file).toBe('examples/upperflt_bg.ts');
    const r = await emu('--bin', `upperflt_bg=${file}`, '-c', `${line} && redirctl list`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^upperflt_bg: active on \/tmp\/up \(pid \d+\)\nHELLO\nNAME +PRIORITY +STATE\nupperflt_bg +700 +active\n$/);
  });
});
