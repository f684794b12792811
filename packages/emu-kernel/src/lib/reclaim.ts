// Counting what the kernel let go of, and how much of it the host's garbage collector has reclaimed
// since: a reference to a dead object left behind anywhere (a cache, a closure, a table) shows as a gap
// between the two once the host has collected. Backs the *_freed / *_collected lines of /proc/emu/memory.

export class ReclaimCounter {
  /** Objects let go of since boot (reset). */
  released = 0;
  /** Of those, how many the host has reclaimed. */
  collected = 0;
  private generation = 0;
  private readonly registry = new FinalizationRegistry<number>((gen) => {
    if (gen === this.generation) this.collected++;
  });

  /** The kernel holds no reference to `obj` any more; count it, and count it again once it is reclaimed. */
  release(obj: object): void {
    this.released++;
    this.registry.register(obj, this.generation);
  }

  /** Boot: counting starts again (objects of an earlier machine in this host no longer count). */
  reset(): void {
    this.generation++;
    this.released = this.collected = 0;
  }
}
