// Loadable kernel modules (kernel/module/main.c): init_module / finit_module / delete_module, the list
// of loaded modules, dependencies between modules, and the definition a module file exports.
//
// A module image (/lib/modules/NAME.ko) is the text "\x7fEMU-KO <url>\n"; loading imports that URL. The
// module file's default export is a factory called once per load, so per-load state lives in its
// closure (an ES module's top level is evaluated once per host process, not once per insmod):
//
//   import type { ModuleDef } from '../kernel/module.js';
//   export default function hello(): ModuleDef {
//     const params = { count: module_param('int', 1, 0o644, 'How many greetings') };
//     return {
//       license: 'GPL', author: 'me', description: 'Says hello', params,
//       init(THIS_MODULE) { pr_info(`hello x${params.count.value}`); return 0; },
//       exit() { pr_info('bye'); },
//     };
//   }
//
// Drivers of a module set `owner: THIS_MODULE` in their file_operations (and proc_ops): an open file
// then holds a reference and rmmod answers EBUSY until it is closed.
//
// Choices where Linux versions differ: an unknown parameter refuses the load with EINVAL (2.6 refused
// with ENOENT, today's kernels ignore it with a warning); unloading a module that is in use, or that
// other modules depend on, is EBUSY (Linux says EWOULDBLOCK for the latter and for a non-blocking
// unload); an init that throws fails the load with ENOEXEC after logging the exception.
import { EBUSY, EEXIST, EFAULT, EFBIG, EINVAL, ENOENT, ENOEXEC, EPERM, EBADF, E2BIG } from '../uapi/errno.js';
import type { File, MaybePromise } from '../fs/fs.js';
import { with_fd } from '../fs/file.js';
import { FMODE_READ } from '../fs/fs.js';
import type { Task } from './task.js';
import { capable } from './cred.js';
import { UserPtr, copy_from_user, strndup_user } from '../mm/uaccess.js';
import { kernel_read } from '../fs/read_write.js';
import { vcaller } from '../fs/fs_struct.js';
import { pr_err, pr_warn } from './printk.js';
import { MODULE_MAGIC } from './module_loader_magic.js';
import { try_module_get, module_put, type Module } from './module_types.js';
import { check_params, parse_args, type KernelParam, type ModuleParam } from './params.js';
import { mod_sysfs_setup, mod_sysfs_teardown, module_add_holder_link, module_remove_holder_link,
  type ModuleKobject } from './module_sysfs.js';

export type { Module } from './module_types.js';
export { try_module_get, module_put } from './module_types.js';
export { module_param, module_param_array, module_param_string, type ModuleParam } from './params.js';

/** What a module file's factory returns: the MODULE_* information, parameters, init and exit. */
export interface ModuleDef {
  /** Defaults to the file's base name; '-' becomes '_' as in KBUILD_MODNAME. */
  name?: string;
  license?: string;
  author?: string;
  description?: string;
  version?: string;
  alias?: string[];
  /** Modules that must be loaded first: each gets a reference held while this one is loaded. */
  depends?: string[];
  params?: Record<string, ModuleParam>;
  /** module_init: 0 on success, -errno to refuse the load. */
  init?(THIS_MODULE: Module): MaybePromise<number | void>;
  /** module_exit. A module with init but no exit cannot be unloaded. */
  exit?(THIS_MODULE: Module): MaybePromise<void>;
}
/** The static part of a ModuleDef (a module file may export it as `modinfo` for modinfo(8)). */
export type ModInfo = Omit<ModuleDef, 'init' | 'exit'>;
export type ModuleFactory = () => ModuleDef;

/** MODULE_NAME_LEN minus the NUL. */
export const MODULE_NAME_LEN = 56;
export const MODULE_INIT_IGNORE_MODVERSIONS = 1, MODULE_INIT_IGNORE_VERMAGIC = 2, MODULE_INIT_COMPRESSED_FILE = 4;
/** delete_module flags (O_NONBLOCK, O_TRUNC = force): accepted, force is not supported. */
const O_NONBLOCK = 0o4000, O_TRUNC = 0o1000;

const GPL_COMPATIBLE = ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'];

/** A loaded module (struct module). */
export class KernelModule implements Module {
  refcnt = 0;
  state: Module['state'] = 'coming';
  /** Names of the modules that use this one (its source_list). */
  readonly holders = new Set<string>();
  /** Modules this one uses (its target_list): each holds a reference on them. */
  readonly uses = new Set<KernelModule>();
  readonly kparams: KernelParam[];
  mkobj: ModuleKobject | null = null;
  /** Taint letters for /proc/modules: P (proprietary), O (out of tree) ... */
  taints = '';
  constructor(readonly name: string, readonly def: ModuleDef, readonly url: string, readonly size: number) {
    this.kparams = Object.entries(def.params ?? {}).map(([n, d]) => ({ name: n, mod: name, def: d }));
  }
  get license(): string {
    return this.def.license ?? '';
  }
}

interface ModuleList {
  modules: KernelModule[];
}
const ml: ModuleList = { modules: [] };

/** Forgets every module (boot). */
export function modules_reset(): void {
  ml.modules = [];
}

/** Loaded modules, in load order (newest last). */
export function modules(): readonly KernelModule[] {
  return ml.modules;
}

/** The module called `name` (any state), or null. Other kernel code uses this to find RedirFS & co. */
export function find_module(name: string): KernelModule | null {
  const n = name.replace(/-/g, '_');
  return ml.modules.find((m) => m.name === n) ?? null;
}

export function module_refcount(m: Module): number {
  return m.refcnt;
}

export function module_is_live(m: Module): boolean {
  return m.state !== 'going';
}

/**
 * ref_module(a, b): module `a` uses `b` (a module or its name), so `b` cannot be unloaded before `a`.
 * Returns 0 (also when already recorded), -ENOENT when b is not loaded or going away.
 */
export function ref_module(a: Module, b: Module | string): number {
  const target = typeof b === 'string' ? find_module(b) : (find_module(b.name) ?? null);
  const self = find_module(a.name);
  if (!target || !self) return -ENOENT;
  if (target === self) return -EINVAL;
  if (self.uses.has(target)) return 0;
  if (target.state === 'going' || !try_module_get(target)) return -ENOENT;
  self.uses.add(target);
  target.holders.add(self.name);
  module_add_holder_link(target, self);
  return 0;
}
/** Older kernels' name for ref_module; same 0 / -errno convention here. */
export const use_module = ref_module;

/** Drops what a module took with ref_module (module_unload_free). */
function module_unload_free(mod: KernelModule): void {
  for (const t of mod.uses) {
    t.holders.delete(mod.name);
    module_remove_holder_link(t, mod);
    module_put(t);
  }
  mod.uses.clear();
}

function free_module(mod: KernelModule): void {
  module_unload_free(mod);
  mod_sysfs_teardown(mod);
  ml.modules = ml.modules.filter((m) => m !== mod);
}

/** The URL an image names, or -ENOEXEC (not a module image). */
export function module_image_url(image: Uint8Array): string | number {
  const text = new TextDecoder().decode(image.subarray(0, Math.min(image.length, 4096)));
  if (!text.startsWith(MODULE_MAGIC)) return -ENOEXEC;
  const url = text.slice(MODULE_MAGIC.length).split('\n')[0].trim();
  return url ? url : -ENOEXEC;
}

function name_from_url(url: string): string {
  const base = url.split(/[/\\]/).pop() ?? '';
  return base.replace(/\.(ko|[cm]?[jt]s)$/, '');
}

/** Imports the module's code and builds its definition, or -ENOEXEC with the reason logged. */
async function load_definition(url: string): Promise<{ def: ModuleDef; factory: ModuleFactory } | number> {
  let ns: Record<string, unknown>;
  try {
    ns = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    pr_err(`module: cannot load ${url}: ${e instanceof Error ? e.message : String(e)}`);
    return -ENOEXEC;
  }
  const factory = ns.default;
  if (typeof factory !== 'function') {
    pr_err(`module: ${url} has no default export returning its definition`);
    return -ENOEXEC;
  }
  let def: unknown;
  try {
    def = (factory as ModuleFactory)();
  } catch (e) {
    pr_err(`module: ${url}: definition failed: ${e instanceof Error ? e.message : String(e)}`);
    return -ENOEXEC;
  }
  if (!def || typeof def !== 'object') {
    pr_err(`module: ${url}: the default export did not return a module definition`);
    return -ENOEXEC;
  }
  return { def: def as ModuleDef, factory: factory as ModuleFactory };
}

/** Runs module_init: its result, or -ENOEXEC when it throws. */
async function do_init(mod: KernelModule): Promise<number> {
  if (!mod.def.init) return 0;
  try {
    const r = await mod.def.init(mod);
    if (typeof r === 'number' && r > 0) {
      pr_warn(`do_init_module: '${mod.name}'->init suspiciously returned ${r}, it should follow 0/-E convention`);
      pr_warn('do_init_module: loading module anyway...');
      return 0;
    }
    return typeof r === 'number' && Number.isInteger(r) ? r : 0;
  } catch (e) {
    pr_err(`${mod.name}: init failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return -ENOEXEC;
  }
}

/** load_module + do_init_module: the whole insmod, after the image was read and the caller checked. */
export async function load_module(image: Uint8Array, args: string): Promise<number> {
  const url = module_image_url(image);
  if (typeof url === 'number') return url;
  const loaded = await load_definition(url);
  if (typeof loaded === 'number') return loaded;
  const { def, factory } = loaded;
  const name = (def.name ?? name_from_url(url)).replace(/-/g, '_');
  if (!/^[A-Za-z0-9_]+$/.test(name) || name.length >= MODULE_NAME_LEN) {
    pr_err(`module: bad module name '${name}'`);
    return -ENOEXEC;
  }
  if (find_module(name)) return -EEXIST;
  const mod = new KernelModule(name, def, url, Math.ceil((8192 + factory.toString().length) / 64) * 64);
  // Listed before anything can sleep, so a second insmod of the same name meanwhile gets EEXIST.
  ml.modules.push(mod);
  let err = check_params(name, def.params ?? {});
  if (!err) err = parse_args(name, args, mod.kparams);
  if (err) {
    free_module(mod);
    return err;
  }
  if (!GPL_COMPATIBLE.includes(mod.license)) {
    mod.taints += 'P';
    pr_warn(`${name}: module license '${mod.license || 'unspecified'}' taints kernel.`);
  }
  err = mod_sysfs_setup(mod);
  if (err) {
    free_module(mod);
    return err;
  }
  for (const dep of def.depends ?? []) {
    const r = ref_module(mod, dep);
    if (r) {
      pr_err(`${name}: depends on module '${dep}', which is not loaded`);
      free_module(mod);
      return -ENOENT;
    }
  }
  err = await do_init(mod);
  if (err < 0) {
    mod.state = 'going';
    free_module(mod);
    return err;
  }
  mod.state = 'live';
  return 0;
}

/** delete_module's work once the caller is known to be root. */
export async function unload_module(name: string, flags: number): Promise<number> {
  if (flags & ~(O_NONBLOCK | O_TRUNC)) return -EINVAL;
  const mod = find_module(name);
  if (!mod) return -ENOENT;
  if (mod.state !== 'live') return -EBUSY;
  if (mod.holders.size) return -EBUSY;
  if (mod.def.init && !mod.def.exit) return -EBUSY;
  if (mod.refcnt > 0) return -EBUSY;
  mod.state = 'going';
  if (mod.def.exit) {
    try {
      await mod.def.exit(mod);
    } catch (e) {
      pr_err(`${mod.name}: exit failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  free_module(mod);
  return 0;
}

/** The argument string of init_module / finit_module. */
function get_args(task: Task, uargs: number): string | number {
  const s = strndup_user(new UserPtr(task.mm, uargs), 1 << 16, E2BIG);
  return s;
}

/** init_module(umod, len, uargs): loads the image at umod. Root only. */
export async function sys_init_module(task: Task, umod: number, len: number, uargs: number): Promise<number> {
  if (!capable(task.cred)) return -EPERM;
  if (!Number.isInteger(len) || len < 0 || len > 1 << 24) return -EINVAL;
  const image = new Uint8Array(len);
  if (copy_from_user(image, new UserPtr(task.mm, umod), len)) return -EFAULT;
  const args = get_args(task, uargs);
  if (typeof args === 'number') return args;
  return load_module(image, args);
}

/** finit_module(fd, uargs, flags): loads the image in the file open on fd. Root only. */
export async function sys_finit_module(task: Task, fd: number, uargs: number, flags: number): Promise<number> {
  if (!capable(task.cred)) return -EPERM;
  if (flags & ~(MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC | MODULE_INIT_COMPRESSED_FILE)) return -EINVAL;
  if (flags & MODULE_INIT_COMPRESSED_FILE) return -EINVAL;
  const args = get_args(task, uargs);
  if (typeof args === 'number') return args;
  const image = await with_fd(task, fd, (file) => read_image(task, file));
  return typeof image === 'number' ? image : load_module(image, args);
}

/** The whole module image in an open file, or -errno. */
async function read_image(task: Task, file: File): Promise<Uint8Array | number> {
  if (!(file.f_mode & FMODE_READ)) return -EBADF;
  const caller = vcaller(task, file.f_path);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const pos = { pos: 0 };
  for (;;) {
    const buf = new Uint8Array(65536);
    const n = await kernel_read(file, buf, pos, caller);
    if (n < 0) return n;
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total > 1 << 24) return -EFBIG;
  }
  const image = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    image.set(c, o);
    o += c.length;
  }
  return image;
}

/** delete_module(name, flags). Root only. */
export async function sys_delete_module(task: Task, name_user: number, flags: number): Promise<number> {
  if (!capable(task.cred)) return -EPERM;
  const name = strndup_user(new UserPtr(task.mm, name_user), MODULE_NAME_LEN, ENOENT);
  if (typeof name === 'number') return name;
  return unload_module(name, flags);
}
