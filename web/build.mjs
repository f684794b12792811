// `pnpm web:build`: writes the playground as a static site to web/dist/. Everything the page runs is
// bundled ahead of time from the TypeScript sources in ONE esbuild build with code splitting, so that the
// kernel, its loadable modules (imported later by URL), the worker bootstrap and the programs share
// chunks: a module and the kernel that loads it are one copy of the kernel, a program and its crt0 one libc.
// assets/image.json lists where each program and module goes in the machine's file system.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceEntries, workspaceRoot } from '@urfs/emu-kernel/host/image';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The libraries a filter written in the page may import, by the specifier a program uses. */
function libraries(root) {
  const libs = {};
  const add = (pkg, dir, sub) => {
    const abs = path.join(root, dir, 'src', sub);
    for (const f of fs.readdirSync(abs)) {
      if (!/\.ts$/.test(f) || /\.(test|d)\.ts$/.test(f)) continue;
      const rel = path.posix.join(sub, f.replace(/\.ts$/, ''));
      libs[`@urfs/${pkg}/${rel}`] = path.join(abs, f);
    }
  };
  add('liburfs', 'packages/liburfs', '.');
  add('emu-kernel', 'packages/emu-kernel', 'user');
  add('emu-kernel', 'packages/emu-kernel', 'user/util');
  add('emu-kernel', 'packages/emu-kernel', 'uapi');
  return libs;
}

/**
 * Node built-ins that bundled libraries import (memfs, commander): polyfill packages, or the stand-ins in
 * shims/ (see its README). tsx is only ever imported for a TypeScript program URL, which this build has none of.
 */
const nodeBuiltins = {
  buffer: 'buffer/', events: 'events/', path: 'path-browserify', stream: 'readable-stream',
  url: path.join(here, 'shims/url.js'), process: path.join(here, 'shims/process.js'),
  child_process: path.join(here, 'shims/unavailable.js'), fs: path.join(here, 'shims/unavailable.js'),
};
const browserShims = {
  name: 'node-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(buffer|events|path|stream|url|process|child_process|fs)$/ }, async (a) => {
      const target = nodeBuiltins[a.path.replace(/^node:/, '')];
      if (path.isAbsolute(target)) return { path: target };
      return b.resolve(target, { kind: a.kind, resolveDir: here });
    });
    b.onResolve({ filter: /^tsx(\/|$)/ }, (a) => ({ path: a.path, external: true }));
  },
};

export async function build({ outdir = path.join(here, 'dist'), minify = true, quiet = false } = {}) {
  const root = workspaceRoot();
  const assets = path.join(outdir, 'assets');
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(assets, { recursive: true });
  const entryPoints = { main: path.join(here, 'src/main.ts'), worker: path.join(root, 'packages/emu-kernel/src/host/browser/worker.ts') };
  const manifest = { entries: [], libs: {} };
  for (const e of workspaceEntries(root)) {
    const out = e.kind === 'program' ? `prog${e.path}` : `modules/${path.basename(e.path, '.ko')}`;
    entryPoints[out] = e.src;
    manifest.entries.push({ kind: e.kind, path: e.path, url: `${out}.js` });
  }
  for (const [spec, src] of Object.entries(libraries(root))) {
    const out = `lib/${spec.slice('@urfs/'.length)}`;
    entryPoints[out] = src;
    manifest.libs[spec] = `${out}.js`;
  }
  const t0 = performance.now();
  const r = await esbuild.build({
    entryPoints,
    outdir: assets,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    minify,
    sourcemap: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
    plugins: [browserShims],
    inject: [path.join(here, 'shims/globals.js')],
  });
  fs.writeFileSync(path.join(assets, 'image.json'), JSON.stringify(manifest));
  for (const f of ['index.html', 'style.css', 'coi.js', 'coi-sw.js']) fs.copyFileSync(path.join(here, f), path.join(outdir, f));
  // The editor's starting point: the liburfs README's filter.
  fs.mkdirSync(path.join(assets, 'examples'), { recursive: true });
  fs.copyFileSync(path.join(root, 'examples/upperflt.ts'), path.join(assets, 'examples/upperflt.ts'));
  const bytes = Object.values(r.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
  if (!quiet) {
    process.stdout.write(`web: ${Object.keys(entryPoints).length} entries, ${Object.keys(r.metafile.outputs).length} files, ` +
      `${(bytes / 1048576).toFixed(1)} MiB in ${path.relative(process.cwd(), outdir) || '.'} (${Math.round(performance.now() - t0)} ms)\n`);
  }
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build({ minify: !process.argv.includes('--no-minify') });
}
