// Builds the root file system image from the workspace: every package's package.json may declare, under
// "urfs", directories of programs (installed as binfmt_emu files) and of kernel modules (installed in
// /lib/modules as .ko files naming their module URL).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ImageFile } from '../init/main.js';
import { BINFMT_EMU_MAGIC } from '../fs/exec.js';
import { MODULE_MAGIC } from '../kernel/module_loader_magic.js';

interface Manifest {
  /** VFS directory -> directory (relative to src/ and dist/) holding one program module per file. */
  programs?: Record<string, string>;
  /** Directory (relative to src/ and dist/) holding one kernel module per file. */
  modules?: string;
}

export function workspaceRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the urfs workspace root (pnpm-workspace.yaml)');
    dir = up;
  }
  return dir;
}

function packageDirs(root: string): string[] {
  const dirs: string[] = [];
  const pk = path.join(root, 'packages');
  for (const d of fs.readdirSync(pk).sort()) dirs.push(path.join(pk, d));
  dirs.push(path.join(root, 'demos'));
  return dirs.filter((d) => fs.existsSync(path.join(d, 'package.json')));
}

/**
 * Kernel modules must load from wherever this kernel itself was loaded, or two copies of the kernel would
 * exist: from the TypeScript sources under vitest (this file is then src/host/image.ts), else from dist.
 */
const fromSource = /\/src\/host\/image\.ts$/.test(fileURLToPath(import.meta.url));

function listModules(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
}

export function programImage(url: string): string {
  return `${BINFMT_EMU_MAGIC}${url}\n`;
}

/** The image files for every program and module of the workspace, plus /etc. */
export function buildImage(extraBins: Record<string, string> = {}): ImageFile[] {
  const root = workspaceRoot();
  const files: ImageFile[] = [
    { path: '/etc/passwd', mode: 0o644, content: 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n' +
      'nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { path: '/etc/group', mode: 0o644, content: 'root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n' },
    { path: '/etc/hostname', mode: 0o644, content: 'urfs\n' },
  ];
  for (const dir of packageDirs(root)) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { urfs?: Manifest };
    const m = pkg.urfs;
    if (!m) continue;
    for (const [vdir, rel] of Object.entries(m.programs ?? {})) {
      for (const name of listModules(path.join(dir, 'src', rel))) {
        const url = pathToFileURL(path.join(dir, 'dist', rel, name + '.js')).href;
        files.push({ path: `${vdir}/${name}`, mode: 0o755, content: programImage(url) });
      }
    }
    if (m.modules) {
      for (const name of listModules(path.join(dir, 'src', m.modules))) {
        const file = fromSource ? path.join(dir, 'src', m.modules, name + '.ts') : path.join(dir, 'dist', m.modules, name + '.js');
        files.push({ path: `/lib/modules/${name}.ko`, mode: 0o644, content: `${MODULE_MAGIC}${pathToFileURL(file).href}\n` });
      }
    }
  }
  for (const [name, hostPath] of Object.entries(extraBins)) {
    const abs = path.resolve(hostPath);
    if (!fs.existsSync(abs)) throw new Error(`--bin ${name}=${hostPath}: no such file`);
    files.push({ path: name.startsWith('/') ? name : `/usr/local/bin/${name}`, mode: 0o755, content: programImage(pathToFileURL(abs).href) });
  }
  return files;
}
