// modinfo [-F field] [-0] MODULE...: the information a module file carries (license, author,
// description, version, dependencies, parameters). MODULE is a path or a name in /lib/modules. Like
// kmod, it reads the file rather than asking the kernel: the image names the module's code, which is
// imported here (in this process) for its `modinfo` export, or its definition when it has none.
import { MODULE_MAGIC } from '../kernel/module_loader_magic.js';
import type { ModInfo, ModuleFactory } from '../kernel/module.js';
import type { ModuleParam } from '../kernel/params.js';
import { readFile, errno, strerror, writeAll, uname, dprintf } from '../user/libc.js';
import { module_path, module_name, error } from './lib/kmod.js';

let tsLoader = false;

/**
 * Imports a module's code. A machine started from TypeScript sources (the tests) names .ts files: those
 * need tsx's loader, registered before the first attempt (a failed import is not retried by Node).
 */
async function import_module(url: string): Promise<Record<string, unknown>> {
  if (/\.[cm]?tsx?$/.test(new URL(url).pathname) && !tsLoader) {
    const { register } = await import('tsx/esm/api');
    register();
    tsLoader = true;
  }
  return (await import(url)) as Record<string, unknown>;
}

function param_type(p: ModuleParam): string {
  return p.type === 'array' ? `array of ${p.elem ?? 'int'}` : p.type;
}

/** The fields in kmod's order, each [key, value]. */
function fields(filename: string, info: ModInfo, fallbackName: string): [string, string][] {
  const f: [string, string][] = [['filename', filename]];
  if (info.version) f.push(['version', info.version]);
  if (info.description) f.push(['description', info.description]);
  if (info.author) f.push(['author', info.author]);
  if (info.license) f.push(['license', info.license]);
  for (const a of info.alias ?? []) f.push(['alias', a]);
  f.push(['depends', (info.depends ?? []).join(',')]);
  f.push(['name', (info.name ?? fallbackName).replace(/-/g, '_')]);
  const u = uname();
  f.push(['vermagic', `${u?.release ?? ''} SMP mod_unload`]);
  for (const [name, p] of Object.entries(info.params ?? {})) f.push(['parm', `${name}:${p.desc ?? ''} (${param_type(p)})`]);
  return f;
}

async function modinfo_of(arg: string): Promise<{ filename: string; info: ModInfo } | string> {
  const filename = module_path(arg);
  const data = readFile(filename);
  if (!data) return errno === 2 ? `Module ${arg} not found.` : `${filename}: ${strerror(errno)}`;
  const head = new TextDecoder().decode(data.subarray(0, 4096));
  if (!head.startsWith(MODULE_MAGIC)) return `could not get modinfo from '${module_name(arg)}': Exec format error`;
  const url = head.slice(MODULE_MAGIC.length).split('\n')[0].trim();
  let ns: Record<string, unknown>;
  try {
    ns = await import_module(url);
  } catch (e) {
    return `could not get modinfo from '${module_name(arg)}': ${e instanceof Error ? e.message : String(e)}`;
  }
  let info = ns.modinfo as ModInfo | undefined;
  if (!info || typeof info !== 'object') {
    if (typeof ns.default !== 'function') return `could not get modinfo from '${module_name(arg)}': no module definition`;
    const def = (ns.default as ModuleFactory)();
    info = { name: def.name, license: def.license, author: def.author, description: def.description,
      version: def.version, alias: def.alias, depends: def.depends, params: def.params };
  }
  return { filename, info };
}

export default async function main(argv: string[]): Promise<number> {
  let field: string | null = null;
  let sep = '\n';
  const mods: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-F' || a === '--field') field = args[++i] ?? null;
    else if (a.startsWith('-F')) field = a.slice(2);
    else if (a === '-0' || a === '--null') sep = '\0';
    else if (a === '-h' || a === '--help') {
      dprintf(1, 'Usage:\n\tmodinfo [options] filename [args]\nOptions:\n\t-F, --field=FIELD  print only FIELD\n\t-0, --null         use \\0 instead of \\n\n');
      return 0;
    } else mods.push(a);
  }
  if (!mods.length) {
    error('modinfo', 'missing module or filename.');
    return 1;
  }
  let status = 0;
  for (const m of mods) {
    const r = await modinfo_of(m);
    if (typeof r === 'string') {
      error('modinfo', r);
      status = 1;
      continue;
    }
    let out = '';
    for (const [k, v] of fields(r.filename, r.info, module_name(m))) {
      if (field === null) out += `${(k + ':').padEnd(16)}${v}${sep}`;
      else if (k === field) out += v + sep;
    }
    writeAll(1, out);
  }
  return status;
}
