// The inode change version (include/linux/iversion.h): Inode.i_version, which the VFS bumps after every
// successful change of an object, so that whoever derives something from the object (a filter's verdict)
// can tell whether it changed since. Linux lets each file system bump it; here the VFS does it once for
// all of them, right after the file system's operation succeeds and before any post-callback runs.
import type { Inode, MaybePromise } from './fs.js';

/** Records a change of the inode (inode_inc_iversion). */
export function inode_inc_iversion(inode: Inode): void {
  inode.i_version++;
}

/** The current version (inode_peek_iversion); Linux's query variant differs only in its flag for NFS. */
export function inode_peek_iversion(inode: Inode): number {
  return inode.i_version;
}

/** Whether the inode is unchanged since `old` was read (inode_eq_iversion). */
export function inode_eq_iversion(inode: Inode, old: number): boolean {
  return inode.i_version === old;
}

function inc(a: Inode | null, b: Inode | null, c: Inode | null, d: Inode | null): void {
  if (a !== null) a.i_version++;
  if (b !== null && b !== a) b.i_version++;
  if (c !== null && c !== a && c !== b) c.i_version++;
  if (d !== null && d !== a && d !== b && d !== c) d.i_version++;
}

/**
 * For the VFS: passes on a file system's result `r` (now or later), first bumping each given inode
 * (each once, however often it is given) when the result is at least `min` (0 for name and attribute
 * operations, 1 for a write, which changes nothing when it moves no byte).
 */
export function iversion_on_success(r: MaybePromise<number>, min: number, a: Inode | null, b: Inode | null = null,
  c: Inode | null = null, d: Inode | null = null): MaybePromise<number> {
  if (typeof r === 'number') {
    if (r >= min) inc(a, b, c, d);
    return r;
  }
  return r.then((v) => {
    if (v >= min) inc(a, b, c, d);
    return v;
  });
}
