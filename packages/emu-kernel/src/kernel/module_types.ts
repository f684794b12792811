// The module object a loaded module is known by (include/linux/module.h); the loader is kernel/module.ts.
export interface Module {
  name: string;
  /** Users: open files of its drivers, modules depending on it (try_module_get / module_put). */
  refcnt: number;
  state: 'coming' | 'live' | 'going';
  holders: Set<string>;
}
/** Takes a reference so the module cannot be unloaded; false when it is going away. */
export function try_module_get(m: Module | null | undefined): boolean {
  if (!m) return true;
  if (m.state === 'going') return false;
  m.refcnt++;
  return true;
}
export function module_put(m: Module | null | undefined): void {
  if (m && m.refcnt > 0) m.refcnt--;
}
