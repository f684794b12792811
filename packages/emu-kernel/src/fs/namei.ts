// Path walking, permission checks and the name operations (fs/namei.c): lookup, create, mkdir, mknod,
// unlink, rmdir, link, symlink (rename is fs/rename.ts). Every operation on an inode goes through vfs_dispatch.
import {
  EACCES, EEXIST, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EROFS, EXDEV, EBUSY, EINVAL,
} from '../uapi/errno.js';
import { S_IFMT, S_IFDIR, S_IFLNK, S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_ISVTX, S_ISDIR, S_ISLNK }
  from '../uapi/stat.js';
import { Dentry, d_generation_bump, type Inode, type Path } from './fs.js';
import { lookup_mnt } from './namespace.js';
import { vfs_dispatch, type VfsCaller } from './vfs_hook.js';
import { iversion_on_success } from './iversion.js';
import type { Cred } from '../kernel/cred.js';
import { in_group_p } from '../kernel/cred.js';

export const MAY_EXEC = 0x1, MAY_WRITE = 0x2, MAY_READ = 0x4, MAY_APPEND = 0x8, MAY_ACCESS = 0x10,
  MAY_OPEN = 0x20;
export const PATH_MAX = 4096, NAME_MAX = 255, MAXSYMLINKS = 40;

/** Who walks: their credentials, root and working directory. */
export interface NameiCtx {
  pid: number;
  cred: Cred;
  root: Path;
  pwd: Path;
  umask: number;
}
export const caller = (ctx: NameiCtx, path?: Path): VfsCaller => ({ pid: ctx.pid, cred: ctx.cred, path });

/** The mode-bit check (fs/namei.c generic_permission): root passes all but exec of non-executables. */
export function generic_permission(inode: Inode, mask: number, cred: Cred): number {
  mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
  const mode = inode.i_mode;
  if (cred.euid === 0) {
    if (!(mask & MAY_EXEC) || S_ISDIR(mode) || mode & 0o111) return 0;
    return -EACCES;
  }
  let bits: number;
  if (cred.euid === inode.i_uid) bits = (mode >> 6) & 7;
  else if (in_group_p(cred, inode.i_gid)) bits = (mode >> 3) & 7;
  else bits = mode & 7;
  return (bits & mask) === mask ? 0 : -EACCES;
}

/** Checks `mask` on an inode through the hook, then the file system's own check or the mode bits. */
export async function inode_permission(ctx: NameiCtx, inode: Inode, dentry: Dentry | null, mask: number,
  path?: Path): Promise<number> {
  if (mask & MAY_WRITE && inode.i_sb.s_readonly) {
    const t = inode.i_mode & S_IFMT;
    if (t === S_IFREG || t === S_IFDIR || t === S_IFLNK) return -EROFS;
  }
  return vfs_dispatch('permission', { inode, dentry, mask }, caller(ctx, path), (a) =>
    a.inode.i_op.permission ? a.inode.i_op.permission(a.inode, a.mask, ctx.cred)
      : generic_permission(a.inode, a.mask, ctx.cred));
}

/** A new, unhashed dentry for `name` under `parent`. */
export function d_alloc(parent: Dentry, name: string): Dentry {
  return new Dentry(name, parent, parent.d_sb);
}
/** Attaches `inode` to `dentry` and hashes it in its parent. */
export function d_add(dentry: Dentry, inode: Inode | null): void {
  dentry.d_inode = inode;
  dentry.d_hashed = true;
  if (inode && dentry.d_parent) dentry.d_parent.d_subdirs.set(dentry.d_name, dentry);
}
/** Removes a dentry from its parent (unlink, rmdir): open files keep using the inode. */
export function d_delete(dentry: Dentry): void {
  if (dentry.d_parent && dentry.d_parent.d_subdirs.get(dentry.d_name) === dentry) {
    dentry.d_parent.d_subdirs.delete(dentry.d_name);
  }
  dentry.d_hashed = false;
  d_generation_bump();
}
/** Drops a dentry that failed revalidation, with everything cached below it (unless something is mounted there). */
export function d_invalidate(dentry: Dentry): void {
  if (dentry.d_mounted) return;
  for (const c of [...dentry.d_subdirs.values()]) d_invalidate(c);
  d_delete(dentry);
}
/** Moves a dentry to a new parent and name (rename). */
export function d_move(dentry: Dentry, newParent: Dentry, newName: string): void {
  d_delete(dentry);
  dentry.d_parent = newParent;
  dentry.d_name = newName;
  dentry.d_hashed = true;
  newParent.d_subdirs.set(newName, dentry);
  d_generation_bump();
}

/**
 * One component: the cached child, or the file system's lookup (through the hook). Returns the dentry,
 * negative (d_inode null) when the name does not exist, or -errno.
 */
export async function lookup_one(ctx: NameiCtx, dir: Path, name: string): Promise<Dentry | number> {
  if (name.length > NAME_MAX) return -ENAMETOOLONG;
  const cached = dir.dentry.child(name);
  if (cached) {
    if (!cached.d_op?.d_revalidate || cached.d_op.d_revalidate(cached, 0) > 0) return cached;
    d_invalidate(cached);
  }
  const inode = dir.dentry.d_inode!;
  const dentry = d_alloc(dir.dentry, name);
  if (!inode.i_op.lookup) return dentry;
  const r = await vfs_dispatch('lookup', { dir: inode, dentry }, caller(ctx, dir), (a) =>
    a.dir.i_op.lookup!(a.dir, a.dentry));
  if (r < 0) return r;
  if (dentry.d_inode) d_add(dentry, dentry.d_inode);
  return dentry;
}

/** Steps onto whatever is mounted on `p` (repeatedly, for stacked mounts). */
export function follow_mount(p: Path): Path {
  for (let m = lookup_mnt(p); m; m = lookup_mnt(p)) p = { mnt: m, dentry: m.mnt_root };
  return p;
}

function follow_dotdot(ctx: NameiCtx, p: Path): Path {
  for (;;) {
    if (p.dentry === ctx.root.dentry && p.mnt === ctx.root.mnt) return p;
    if (p.dentry !== p.mnt.mnt_root) return follow_mount({ mnt: p.mnt, dentry: p.dentry.parent });
    if (p.mnt.mnt_parent === p.mnt) return p;
    p = { mnt: p.mnt.mnt_parent, dentry: p.mnt.mnt_mountpoint };
  }
}

export const LOOKUP_FOLLOW = 1, LOOKUP_DIRECTORY = 2;

interface Walk {
  depth: number;
}

/** Walks `components` from `start`, following symlinks in every component and in the last if asked. */
async function walk(ctx: NameiCtx, start: Path, components: string[], followLast: boolean, w: Walk):
  Promise<Path | number> {
  let p = start;
  for (let i = 0; i < components.length; i++) {
    const name = components[i];
    const dirInode = p.dentry.d_inode!;
    if (!S_ISDIR(dirInode.i_mode)) return -ENOTDIR;
    const perm = await inode_permission(ctx, dirInode, p.dentry, MAY_EXEC, p);
    if (perm) return perm;
    if (name === '.') continue;
    if (name === '..') {
      p = follow_dotdot(ctx, p);
      continue;
    }
    const d = await lookup_one(ctx, p, name);
    if (typeof d === 'number') return d;
    if (!d.d_inode) return -ENOENT;
    let next = follow_mount({ mnt: p.mnt, dentry: d });
    const last = i === components.length - 1;
    if (S_ISLNK(next.dentry.d_inode!.i_mode) && (!last || followLast)) {
      if (++w.depth > MAXSYMLINKS) return -ELOOP;
      const iop = next.dentry.d_inode!.i_op;
      if (iop.jump_link) {
        const to = iop.jump_link(next.dentry, { pid: ctx.pid });
        if (typeof to === 'number') return to;
        p = to;
        continue;
      }
      const target = iop.get_link?.(next.dentry, { pid: ctx.pid }) ?? -EINVAL;
      if (typeof target === 'number') return target;
      const r = await walk(ctx, target.startsWith('/') ? ctx.root : p, split(target), true, w);
      if (typeof r === 'number') return r;
      next = r;
    }
    p = next;
  }
  return p;
}

function split(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

function startOf(ctx: NameiCtx, path: string): Path {
  return path.startsWith('/') ? ctx.root : ctx.pwd;
}

/** Resolves a whole path (kern_path). */
export async function kern_path(ctx: NameiCtx, path: string, flags = LOOKUP_FOLLOW): Promise<Path | number> {
  if (path === '') return -ENOENT;
  if (path.length >= PATH_MAX) return -ENAMETOOLONG;
  const r = await walk(ctx, startOf(ctx, path), split(path), (flags & LOOKUP_FOLLOW) !== 0, { depth: 0 });
  if (typeof r !== 'number' && flags & LOOKUP_DIRECTORY && !S_ISDIR(r.dentry.d_inode!.i_mode)) return -ENOTDIR;
  return r;
}

export interface ParentWalk {
  parent: Path;
  /** The last component; '' for "/" itself, '.' or '..' when the path ends so. */
  last: string;
  /** The path ended with '/'. */
  trailingSlash: boolean;
}

/** Resolves everything but the last component (for create, unlink, rename...). */
export async function path_parent(ctx: NameiCtx, path: string): Promise<ParentWalk | number> {
  if (path === '') return -ENOENT;
  if (path.length >= PATH_MAX) return -ENAMETOOLONG;
  const comps = split(path);
  const last = comps.pop() ?? '';
  const parent = await walk(ctx, startOf(ctx, path), comps, true, { depth: 0 });
  if (typeof parent === 'number') return parent;
  if (!S_ISDIR(parent.dentry.d_inode!.i_mode)) return -ENOTDIR;
  return { parent, last, trailingSlash: /\/$/.test(path) && path !== '/' };
}

/**
 * The parent and the (possibly negative) dentry of the last component, after checking exec on the
 * parent. For create-like calls the last component must be a plain name.
 */
export async function lookup_create(ctx: NameiCtx, path: string):
  Promise<{ parent: Path; dentry: Dentry } | number> {
  const pw = await path_parent(ctx, path);
  if (typeof pw === 'number') return pw;
  if (pw.last === '' || pw.last === '.' || pw.last === '..') return -EEXIST;
  const perm = await inode_permission(ctx, pw.parent.dentry.d_inode!, pw.parent.dentry, MAY_EXEC, pw.parent);
  if (perm) return perm;
  const d = await lookup_one(ctx, pw.parent, pw.last);
  if (typeof d === 'number') return d;
  return { parent: pw.parent, dentry: d };
}

export async function may_create(ctx: NameiCtx, dir: Path): Promise<number> {
  return inode_permission(ctx, dir.dentry.d_inode!, dir.dentry, MAY_WRITE | MAY_EXEC, dir);
}

/** Sticky directories: only the owner of the file or of the directory (or root) may remove or rename. */
function check_sticky(cred: Cred, dir: Inode, inode: Inode): boolean {
  if (!(dir.i_mode & S_ISVTX)) return false;
  if (cred.euid === 0 || inode.i_uid === cred.euid || dir.i_uid === cred.euid) return false;
  return true;
}

export async function may_delete(ctx: NameiCtx, dir: Path, victim: Dentry, isdir: boolean): Promise<number> {
  if (!victim.d_inode) return -ENOENT;
  const perm = await may_create(ctx, dir);
  if (perm) return perm;
  if (check_sticky(ctx.cred, dir.dentry.d_inode!, victim.d_inode)) return -EPERM;
  if (isdir) {
    if (!S_ISDIR(victim.d_inode.i_mode)) return -ENOTDIR;
    if (victim.d_mounted) return -EBUSY;
  } else if (S_ISDIR(victim.d_inode.i_mode)) return -EISDIR;
  return 0;
}

/** Creates a regular file at a negative dentry (vfs_create). */
export async function vfs_create(ctx: NameiCtx, dir: Path, dentry: Dentry, mode: number): Promise<number> {
  const perm = await may_create(ctx, dir);
  if (perm) return perm;
  const inode = dir.dentry.d_inode!;
  if (!inode.i_op.create) return -EACCES;
  mode = (mode & 0o7777 & ~ctx.umask) | S_IFREG;
  return hashed(dentry, await vfs_dispatch('create', { dir: inode, dentry, mode }, caller(ctx, dir), (a) =>
    iversion_on_success(a.dir.i_op.create!(a.dir, a.dentry, a.mode, ctx.cred), 0, a.dir)));
}

/** After a successful create-like operation the new dentry joins its parent in the dcache. */
function hashed(dentry: Dentry, r: number): number {
  if (r >= 0 && dentry.d_inode) d_add(dentry, dentry.d_inode);
  return r;
}

export async function do_mkdir(ctx: NameiCtx, path: string, mode: number): Promise<number> {
  const lc = await lookup_create(ctx, path);
  if (typeof lc === 'number') return lc;
  if (lc.dentry.d_inode) return -EEXIST;
  const perm = await may_create(ctx, lc.parent);
  if (perm) return perm;
  const dir = lc.parent.dentry.d_inode!;
  if (!dir.i_op.mkdir) return -EPERM;
  mode = (mode & 0o7777 & ~ctx.umask) | S_IFDIR;
  return hashed(lc.dentry, await vfs_dispatch('mkdir', { dir, dentry: lc.dentry, mode }, caller(ctx, lc.parent), (a) =>
    iversion_on_success(a.dir.i_op.mkdir!(a.dir, a.dentry, a.mode, ctx.cred), 0, a.dir)));
}

export async function do_mknod(ctx: NameiCtx, path: string, mode: number, dev: number): Promise<number> {
  const type = mode & S_IFMT;
  if (type === 0) mode |= S_IFREG;
  else if (![S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK].includes(type)) return -EINVAL;
  if ((type === S_IFCHR || type === S_IFBLK) && ctx.cred.euid !== 0) return -EPERM;
  const lc = await lookup_create(ctx, path);
  if (typeof lc === 'number') return lc;
  if (lc.dentry.d_inode) return -EEXIST;
  const perm = await may_create(ctx, lc.parent);
  if (perm) return perm;
  const dir = lc.parent.dentry.d_inode!;
  mode = (mode & S_IFMT) | (mode & 0o7777 & ~ctx.umask);
  if ((mode & S_IFMT) === S_IFREG) {
    if (!dir.i_op.create) return -EPERM;
    return hashed(lc.dentry, await vfs_dispatch('create', { dir, dentry: lc.dentry, mode }, caller(ctx, lc.parent), (a) =>
      iversion_on_success(a.dir.i_op.create!(a.dir, a.dentry, a.mode, ctx.cred), 0, a.dir)));
  }
  if (!dir.i_op.mknod) return -EPERM;
  return hashed(lc.dentry, await vfs_dispatch('mknod', { dir, dentry: lc.dentry, mode, dev }, caller(ctx, lc.parent), (a) =>
    iversion_on_success(a.dir.i_op.mknod!(a.dir, a.dentry, a.mode, a.dev, ctx.cred), 0, a.dir)));
}

export async function do_symlink(ctx: NameiCtx, target: string, path: string): Promise<number> {
  const lc = await lookup_create(ctx, path);
  if (typeof lc === 'number') return lc;
  if (lc.dentry.d_inode) return -EEXIST;
  const perm = await may_create(ctx, lc.parent);
  if (perm) return perm;
  const dir = lc.parent.dentry.d_inode!;
  if (!dir.i_op.symlink) return -EPERM;
  return hashed(lc.dentry, await vfs_dispatch('symlink', { dir, dentry: lc.dentry, target }, caller(ctx, lc.parent), (a) =>
    iversion_on_success(a.dir.i_op.symlink!(a.dir, a.dentry, a.target, ctx.cred), 0, a.dir)));
}

export async function do_link(ctx: NameiCtx, oldpath: string, newpath: string): Promise<number> {
  const old = await kern_path(ctx, oldpath, 0);
  if (typeof old === 'number') return old;
  return do_link_path(ctx, old, newpath);
}

/** link(2) of an object already resolved (linkat's AT_SYMLINK_FOLLOW and AT_EMPTY_PATH) to `newpath` in `ctx`. */
export async function do_link_path(ctx: NameiCtx, old: Path, newpath: string): Promise<number> {
  if (S_ISDIR(old.dentry.d_inode!.i_mode)) return -EPERM;
  const lc = await lookup_create(ctx, newpath);
  if (typeof lc === 'number') return lc;
  if (lc.dentry.d_inode) return -EEXIST;
  if (lc.parent.mnt.mnt_sb !== old.mnt.mnt_sb) return -EXDEV;
  const perm = await may_create(ctx, lc.parent);
  if (perm) return perm;
  const dir = lc.parent.dentry.d_inode!;
  if (!dir.i_op.link) return -EPERM;
  // The inode gains a name (and its ctime and link count change), the directory an entry.
  return hashed(lc.dentry, await vfs_dispatch('link', { old_dentry: old.dentry, dir, dentry: lc.dentry }, caller(ctx, lc.parent), (a) =>
    iversion_on_success(a.dir.i_op.link!(a.old_dentry, a.dir, a.dentry), 0, a.old_dentry.d_inode, a.dir)));
}

/** What a last component that is no plain name is for each removal: "/", "." and "..". */
interface NotNormErrors {
  root: number;
  dot: number;
  dotdot: number;
}
/** Linux's do_unlinkat: every non-name is EISDIR. */
const UNLINK_ERRS: NotNormErrors = { root: EISDIR, dot: EISDIR, dotdot: EISDIR };
/** Linux's do_rmdir: "/" is EBUSY, "." EINVAL, ".." ENOTEMPTY. */
const RMDIR_ERRS: NotNormErrors = { root: EBUSY, dot: EINVAL, dotdot: ENOTEMPTY };

/** The last component is a plain name (Linux's LAST_NORM), not "/", "." or "..". */
export function last_is_norm(last: string): boolean {
  return last !== '' && last !== '.' && last !== '..';
}

async function lookup_victim(ctx: NameiCtx, path: string, errs: NotNormErrors):
  Promise<{ parent: Path; dentry: Dentry; trailingSlash: boolean } | number> {
  const pw = await path_parent(ctx, path);
  if (typeof pw === 'number') return pw;
  if (!last_is_norm(pw.last)) return -(pw.last === '' ? errs.root : pw.last === '.' ? errs.dot : errs.dotdot);
  const perm = await inode_permission(ctx, pw.parent.dentry.d_inode!, pw.parent.dentry, MAY_EXEC, pw.parent);
  if (perm) return perm;
  const d = await lookup_one(ctx, pw.parent, pw.last);
  if (typeof d === 'number') return d;
  if (!d.d_inode) return -ENOENT;
  return { parent: pw.parent, dentry: d, trailingSlash: pw.trailingSlash };
}

export async function do_unlink(ctx: NameiCtx, path: string): Promise<number> {
  const v = await lookup_victim(ctx, path, UNLINK_ERRS);
  if (typeof v === 'number') return v;
  // "name/" names a directory: EISDIR if it is one (may_delete), ENOTDIR if not.
  if (v.trailingSlash && !S_ISDIR(v.dentry.d_inode!.i_mode)) return -ENOTDIR;
  const err = await may_delete(ctx, v.parent, v.dentry, false);
  if (err) return err;
  if (v.dentry.d_mounted) return -EBUSY;
  const dir = v.parent.dentry.d_inode!;
  if (!dir.i_op.unlink) return -EPERM;
  // The inode loses a name, the directory an entry: read before the file system may clear d_inode.
  const r = await vfs_dispatch('unlink', { dir, dentry: v.dentry }, caller(ctx, v.parent), (a) => {
    const victim = a.dentry.d_inode;
    return iversion_on_success(a.dir.i_op.unlink!(a.dir, a.dentry), 0, victim, a.dir);
  });
  if (r === 0) d_delete(v.dentry);
  return r;
}

export async function do_rmdir(ctx: NameiCtx, path: string): Promise<number> {
  const v = await lookup_victim(ctx, path, RMDIR_ERRS);
  if (typeof v === 'number') return v;
  const err = await may_delete(ctx, v.parent, v.dentry, true);
  if (err) return err;
  const dir = v.parent.dentry.d_inode!;
  if (!dir.i_op.rmdir) return -EPERM;
  const r = await vfs_dispatch('rmdir', { dir, dentry: v.dentry }, caller(ctx, v.parent), (a) => {
    const victim = a.dentry.d_inode;
    return iversion_on_success(a.dir.i_op.rmdir!(a.dir, a.dentry), 0, victim, a.dir);
  });
  if (r === 0) d_delete(v.dentry);
  return r;
}

/** The absolute path of `p` as seen from `root` (d_path). */
export function d_path(p: Path, root?: Path): string {
  // Objects of internal file systems (pipes) are not in the mount tree: Linux shows "pipe:[ino]".
  if (p.dentry.d_sb !== p.mnt.mnt_sb) return p.dentry.d_name;
  const parts: string[] = [];
  let { mnt, dentry } = p;
  for (;;) {
    if (root && dentry === root.dentry && mnt === root.mnt) break;
    if (dentry === mnt.mnt_root) {
      if (mnt.mnt_parent === mnt) break;
      dentry = mnt.mnt_mountpoint;
      mnt = mnt.mnt_parent;
      continue;
    }
    if (dentry.parent === dentry) break; // an unlinked or detached tree: stop at its top
    parts.push(dentry.d_name);
    dentry = dentry.parent;
  }
  return '/' + parts.reverse().join('/');
}

// rename lives in fs/rename.ts; callers that know it as a name operation of namei keep finding it here.
export { do_rename, vfs_rename } from './rename.js';
