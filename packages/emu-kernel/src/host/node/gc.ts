// Forced garbage collection on the Node host, for tests and the soak: they check that what the kernel let
// go of (a dead process's address space, its task) is really reclaimed, by counting finalizations.
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = () => void;
let gc: Gc | null = null;

/** The host's gc(): the one --expose-gc gives, or the same function obtained at run time. */
function host_gc(): Gc {
  if (gc) return gc;
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (typeof exposed === 'function') return (gc = exposed);
  v8.setFlagsFromString('--expose-gc');
  return (gc = vm.runInNewContext('gc') as Gc);
}

/** Full collections with event-loop turns between them, so finalization callbacks run. */
export async function collect(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    host_gc()();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Collects until `cond` holds; false when `ms` pass first (something still refers to what it waits for). */
export async function collect_until(cond: () => boolean | Promise<boolean>, ms = 10000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    await collect();
    if (await cond()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
