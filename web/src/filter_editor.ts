// The editor pane: a filter (any program) written in TypeScript, compiled in the page and installed in the
// running machine as /usr/local/bin/NAME. sucrase strips the types (it only transforms, no type check,
// which keeps the page small and the compile instant); the package imports (`@urfs/liburfs/index`, ...)
// are pointed at the bundled libraries the programs of the image share, and the result is a module served
// from a blob: URL that the binfmt_emu file names, as --bin does with a host file.
import { transform } from 'sucrase';
import { programImage } from '@urfs/emu-kernel/host/image_files';
import type { PageMachine } from './machine.js';

const STORE = 'urfs-playground-source';

/** Rewrites each static or dynamic import of a package specifier to its bundled URL; throws on unknown ones. */
export function linkImports(js: string, libs: Record<string, string>, base: string): string {
  const resolve = (spec: string): string => {
    if (!spec.startsWith('@urfs/')) return spec;
    const rel = libs[spec] ?? libs[spec.replace(/\.js$/, '')];
    if (!rel) throw new Error(`cannot import "${spec}" here: the page has ${Object.keys(libs).filter((k) => k.startsWith('@urfs/liburfs/')).join(', ')}, @urfs/emu-kernel/user/*, @urfs/emu-kernel/uapi/*`);
    return new URL(rel, base).href;
  };
  return js
    .replace(/(\bfrom\s*|\bimport\s*)(['"])([^'"]+)\2/g, (_m, kw: string, q: string, spec: string) => `${kw}${q}${resolve(spec)}${q}`)
    .replace(/(\bimport\s*\(\s*)(['"])([^'"]+)\2/g, (_m, kw: string, q: string, spec: string) => `${kw}${q}${resolve(spec)}${q}`);
}

/** TypeScript source to a module URL the machine's workers can import. */
export function compileProgram(source: string, m: PageMachine): string {
  const { code } = transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: 'program.ts' });
  const js = linkImports(code, m.manifest.libs, m.base);
  return URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
}

/** Compiles and installs; the message to show. */
export async function installProgram(m: PageMachine, name: string, source: string): Promise<string> {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error('a program name is letters, digits, _ . - (at most 64)');
  const url = compileProgram(source, m);
  const r = await m.writeFile({ path: `/usr/local/bin/${name}`, mode: 0o755, content: programImage(url) });
  if (r < 0) throw new Error(`cannot write /usr/local/bin/${name}: error ${-r}`);
  return `installed /usr/local/bin/${name}`;
}

export async function setupEditor(m: PageMachine): Promise<void> {
  const area = document.getElementById('source') as HTMLTextAreaElement;
  const nameEl = document.getElementById('prog-name') as HTMLInputElement;
  const status = document.getElementById('editor-status')!;
  const saved = localStorage.getItem(STORE);
  area.value = saved ?? (await (await fetch(new URL('examples/upperflt.ts', m.base))).text());
  area.addEventListener('input', () => localStorage.setItem(STORE, area.value));
  area.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    e.preventDefault();
    area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
  });
  document.getElementById('install')!.addEventListener('click', () => {
    status.textContent = 'compiling…';
    installProgram(m, nameEl.value.trim(), area.value).then(
      (msg) => {
        status.textContent = msg;
        status.dataset.state = 'ok';
      },
      (e: unknown) => {
        status.textContent = e instanceof Error ? e.message : String(e);
        status.dataset.state = 'error';
      },
    );
  });
  document.getElementById('editor-reset')!.addEventListener('click', () => {
    localStorage.removeItem(STORE);
    void fetch(new URL('examples/upperflt.ts', m.base)).then((r) => r.text()).then((t) => (area.value = t));
  });
}
