// Cached verdicts (urfs 2's URFS_ANSWER_CACHE): a filter may ask the kernel to remember its answer to a
// pre-callback for this object, as RedirFS's avflt keeps a verdict per inode. The verdict holds while the
// object's change version (i_version: writes, truncation, rename, chmod/chown, unlink, a new link) and
// the filter's generation (its paths, operations, activity) are what they were when the event was
// queued, and while nobody holds the object open for writing (a shared writable mapping changes it with
// no write to see). A hit answers the callback with no trip to user space.
//
// Verdicts belong to the object, not to the name it was reached by: renaming a directory above it does
// not change them. Data callbacks (post-read, pre-write) and post-callbacks are never cached, since
// their answers depend on more than the object.
import type { Inode } from '@urfs/emu-kernel/fs/fs';
import { RFS_STOP, type rfs_args } from '@urfs/redirfs/rfs';
import { rfs_filter_generation, type rfs_filter } from '@urfs/redirfs/filter';
import { stats } from './stats.js';

interface verdict {
  version: number;
  generation: number;
  rv: number;
  retv: number;
}

/** Where an operation's object is: its inode, or null when it has none yet (a create's new entry). */
export function object_inode(a: rfs_args): Inode | null {
  switch (a.op) {
    case 'open': case 'release': case 'flush': case 'read': case 'write': case 'llseek': case 'readdir':
    case 'ioctl': case 'poll': case 'mmap':
      return a.args.file.f_inode;
    case 'permission':
      return a.args.inode;
    case 'rename':
      return a.args.old_dentry.d_inode;
    case 'link':
      return a.args.old_dentry.d_inode;
    default:
      return a.args.dentry.d_inode ?? null;
  }
}

/** The state a verdict is taken against (captured when the event is queued), or null when none may be. */
export interface verdict_key {
  inode: Inode;
  slot: number;
  version: number;
  generation: number;
}

export class verdict_cache {
  private readonly map = new WeakMap<Inode, Map<number, verdict>>();
  /** Whether the filter ever asked for a verdict to be kept: until then lookups count as nothing. */
  private used = false;

  /** The key of this callback now, or null when it cannot be cached. */
  key(flt: rfs_filter, a: rfs_args): verdict_key | null {
    if (a.type.call !== 'pre' || a.op === 'write') return null;
    const inode = object_inode(a);
    if (!inode || inode.i_writecount > 0) return null;
    return { inode, slot: a.type.id, version: inode.i_version, generation: rfs_filter_generation(flt) };
  }

  /** The remembered verdict for this key, if it still holds (counted as a hit or a miss). */
  get(k: verdict_key | null): verdict | null {
    if (!k || !this.used) return null;
    const per = this.map.get(k.inode);
    const v = per?.get(k.slot);
    if (v && v.version === k.version && v.generation === k.generation) {
      stats.cache_hits++;
      return v;
    }
    if (v) per!.delete(k.slot);
    stats.cache_misses++;
    return null;
  }

  /** Remembers an answer taken against `k`: STOP with its errno, or CONTINUE. */
  put(k: verdict_key, rv: number, retv: number): void {
    this.used = true;
    let per = this.map.get(k.inode);
    if (!per) this.map.set(k.inode, (per = new Map()));
    per.set(k.slot, { version: k.version, generation: k.generation, rv, retv: rv === RFS_STOP ? retv : 0 });
  }
}
