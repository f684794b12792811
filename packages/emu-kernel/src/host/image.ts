// Builds the root file system image from the workspace: every package's package.json may declare, under
// "urfs", directories of programs (installed as binfmt_emu files) and of kernel modules (installed in
// /lib/modules as .ko files naming their module URL).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ImageFile } from '../init/main.js';
import { etcFiles, programImage, moduleImage } from './image_files.js';

export { programImage };

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


/** One program or kernel module of the workspace: where it goes in the image and its TypeScript source. */
export interface WorkspaceEntry {
  kind: 'program' | 'module';
  /** The VFS path: /bin/cat, /lib/modules/redirfs.ko. */
  path: string;
  /** The host path of its TypeScript source. */
  src: string;
  /** The host path of its compiled JavaScript. */
  dist: string;
}

/** Every program and module the package.json "urfs" keys declare (also what the browser build bundles). */
export function workspaceEntries(root = workspaceRoot()): WorkspaceEntry[] {
  const out: WorkspaceEntry[] = [];
  for (const dir of packageDirs(root)) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { urfs?: Manifest };
    const m = pkg.urfs;
    if (!m) continue;
    for (const [vdir, rel] of Object.entries(m.programs ?? {})) {
      for (const name of listModules(path.join(dir, 'src', rel))) {
        out.push({ kind: 'program', path: `${vdir}/${name}`, src: path.join(dir, 'src', rel, name + '.ts'), dist: path.join(dir, 'dist', rel, name + '.js') });
      }
    }
    if (m.modules) {
      for (const name of listModules(path.join(dir, 'src', m.modules))) {
        out.push({ kind: 'module', path: `/lib/modules/${name}.ko`, src: path.join(dir, 'src', m.modules, name + '.ts'), dist: path.join(dir, 'dist', m.modules, name + '.js') });
      }
    }
  }
  return out;
}

/** The image files for every program and module of the workspace, plus /etc. */
export function buildImage(extraBins: Record<string, string> = {}): ImageFile[] {
  const files: ImageFile[] = etcFiles();
  for (const e of workspaceEntries()) {
    if (e.kind === 'program') files.push({ path: e.path, mode: 0o755, content: programImage(pathToFileURL(e.dist).href) });
    else files.push({ path: e.path, mode: 0o644, content: moduleImage(pathToFileURL(fromSource ? e.src : e.dist).href) });
  }
  for (const [name, hostPath] of Object.entries(extraBins)) {
    const abs = path.resolve(hostPath);
    if (!fs.existsSync(abs)) throw new Error(`--bin ${name}=${hostPath}: no such file`);
    files.push({ path: name.startsWith('/') ? name : `/usr/local/bin/${name}`, mode: 0o755, content: programImage(pathToFileURL(abs).href) });
  }
  return files;
}
