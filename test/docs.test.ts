// The documentation cannot drift from the code: docs/operations.md lists every operation id of ops.ts as
// docs/gen-operations.ts generates it, and every name the emu-kernel README's tables give exists.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './lib/cli.js';
import { PAGE, regenerate } from '../docs/gen-operations.js';
import { RFS_OP_END, rfs_op_name, rfs_op_vfs_op } from '@urfs/redirfs/ops';
import * as libc from '@urfs/emu-kernel/user/libc';

describe('docs/operations.md', () => {
  const page = fs.readFileSync(PAGE, 'utf8');

  it('is what docs/gen-operations.ts generates (run `npx tsx docs/gen-operations.ts` after changing ops.ts)', () => {
    expect(page).toBe(regenerate(page));
  });

  it('has a row for every id of ops.ts, with its number and VFS operation', () => {
    for (let id = 0; id < RFS_OP_END; id++) {
      const op = rfs_op_vfs_op(id);
      expect(page).toContain(`| ${id} | \`${rfs_op_name(id)}\` | ${op ? `\`${op}\`` : '—'} |`);
    }
  });

  it('is linked from the READMEs', () => {
    for (const f of ['README.md', 'packages/liburfs/README.md', 'packages/urfs-kmod/README.md', 'packages/redirfs/README.md']) {
      expect(fs.readFileSync(path.join(root, f), 'utf8'), f).toMatch(/operations\.md/);
    }
  });
});

describe('packages/emu-kernel/README.md', () => {
  const readme = fs.readFileSync(path.join(root, 'packages/emu-kernel/README.md'), 'utf8');
  const section = (from: string, to: string) => readme.slice(readme.indexOf(from), readme.indexOf(to));
  /** The table rows of a part of the page, as their cells. */
  const rows = (text: string) => text.split('\n').filter((l) => /^\| [^-]/.test(l)).slice(0)
    .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  /** The names a cell gives in backticks: `name(args)` or `name`. */
  const names = (cell: string) => [...cell.matchAll(/`([A-Za-z_$][\w$]*)(?:\([^`]*\))?`/g)].map((m) => m[1]);
  const source = (mod: string) => fs.readFileSync(path.join(root, 'packages/emu-kernel/src', `${mod}.ts`), 'utf8');
  /** Whether a module exports `name` (a value, or a type or interface). */
  const exported = async (mod: string, name: string): Promise<boolean> => {
    const m = (await import(/* @vite-ignore */ `@urfs/emu-kernel/${mod}`)) as Record<string, unknown>;
    return name in m || new RegExp(`export (interface|type) ${name}\\b`).test(source(mod));
  };

  it('names only functions libc exports', () => {
    const missing: string[] = [];
    for (const [first] of rows(section('## libc', '## The constants'))) {
      if (first === 'function' || first === 'name') continue;
      for (const n of names(first)) if (!(n in libc)) missing.push(n);
    }
    expect(missing).toEqual([]);
  });

  it('names only constants and functions the uapi and util modules export', async () => {
    const missing: string[] = [];
    for (const [mods, holds] of rows(section('## The constants', '\nThe programs in'))) {
      if (mods === 'module') continue;
      const list = [...mods.matchAll(/`([\w/]+)`/g)].map((m) => m[1]);
      expect(list.length, mods).toBeGreaterThan(0);
      const spans = [...holds.matchAll(/`([^`]*)`/g)].map((m) => m[1]).filter((t) => !/^[{"]/.test(t)).flatMap((t) => t.split(/\s+/))
        .map((t) => t.replace(/\(.*$/, '')).filter((t) => /^[A-Za-z_][\w]*$/.test(t));
      for (const t of spans) {
        let ok = false;
        for (const mod of list) if (await exported(mod, t)) ok = true;
        if (!ok) missing.push(`${list.join(',')}: ${t}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
