// /proc/sys (fs/proc/proc_sysctl.c): every registered ctl_table entry is a proc file whose read and write
// call the entry's proc_handler with a kernel copy of the user's buffer. Directories are shared between
// registrations (net/ holds many tables) and go away with the last entry in them.
//
// Permission is sysctl_perm's, checked at open: root is judged by the owner bits and everyone else by
// the "other" bits, so even root cannot write a 0444 entry (EACCES). An entry unregistered while a file
// is open answers EIO from then on (Linux makes the unregister wait for the callers instead).
import { E2BIG, EEXIST, EFAULT, EIO } from '../../uapi/errno.js';
import { S_IFREG } from '../../uapi/stat.js';
import { FMODE_READ, FMODE_WRITE } from '../fs.js';
import { copy_from_user, copy_to_user } from '../../mm/uaccess.js';
import { pr_err } from '../../kernel/printk.js';
import { sysctl_perm, sysctl_set_backend, sysctl_init_bases, type CtlTable, type CtlTableHeader } from '../../kernel/sysctl.js';
import { proc_create_data, proc_mkdir, proc_remove } from './generic.js';
import type { ProcDirEntry, ProcOps } from './internal.js';
import { PDE } from './inode.js';
import { do_filp_open } from '../open.js';
import { kernel_read, kernel_write } from '../read_write.js';
import { fput } from '../file.js';
import type { NameiCtx } from '../namei.js';
import { O_RDONLY, O_WRONLY } from '../../uapi/fcntl.js';

/** Largest write taken (KMALLOC_MAX_SIZE in Linux; anything near it is a mistake here). */
const SYSCTL_MAX_WRITE = 1 << 20;
const MAY_WRITE = 2, MAY_READ = 4;

let sysctl_root: ProcDirEntry | null = null;

interface SysEntry {
  table: CtlTable;
  header: CtlTableHeader;
}
const entry_of = (de: ProcDirEntry) => de.data as SysEntry;

const proc_sys_ops: ProcOps = {
  proc_open(inode, file) {
    const { table, header } = entry_of(PDE(inode));
    if (header.unregistering) return -EIO;
    const op = (file.f_mode & FMODE_READ ? MAY_READ : 0) | (file.f_mode & FMODE_WRITE ? MAY_WRITE : 0);
    return sysctl_perm(table.mode, file.f_cred.euid, file.f_cred.egid, op);
  },
  proc_read(file, buf, count, ppos) {
    const { table, header } = entry_of(PDE(file.f_inode));
    if (header.unregistering) return -EIO;
    if (!table.proc_handler) return -EIO;
    const kbuf = new Uint8Array(Math.min(count, SYSCTL_MAX_WRITE));
    const lenp = { value: kbuf.length };
    const r = table.proc_handler(table, 0, kbuf, lenp, ppos);
    if (r) return r;
    if (copy_to_user(buf, kbuf.subarray(0, lenp.value), lenp.value)) return -EFAULT;
    return lenp.value;
  },
  proc_write(file, buf, count, ppos) {
    const { table, header } = entry_of(PDE(file.f_inode));
    if (header.unregistering) return -EIO;
    if (!table.proc_handler) return -EIO;
    if (count >= SYSCTL_MAX_WRITE) return -E2BIG;
    const kbuf = new Uint8Array(count);
    if (copy_from_user(kbuf, buf, count)) return -EFAULT;
    const lenp = { value: count };
    const r = table.proc_handler(table, 1, kbuf, lenp, ppos);
    return r || lenp.value;
  },
  proc_lseek(file, offset, whence) {
    if (whence !== 0 || offset < 0) return -22;
    file.f_pos = offset;
    return offset;
  },
};

/** The directory `path` under /proc/sys, made as needed (get_subdir). */
function get_subdir(path: string[]): ProcDirEntry | null {
  let dir = sysctl_root;
  for (const p of path) {
    if (!dir) return null;
    const sub = dir.subdir.get(p);
    if (sub) {
      if (sub.data !== undefined) return null; // a file is in the way
      dir = sub;
    } else dir = proc_mkdir(p, dir);
  }
  return dir;
}

function insert_table(path: string[], table: CtlTable[], header: CtlTableHeader, done: ProcDirEntry[]): number {
  const dir = get_subdir(path);
  if (!dir) return -EEXIST;
  for (const e of table) {
    if (e.child) {
      const r = insert_table([...path, e.procname], e.child, header, done);
      if (r) return r;
      continue;
    }
    if (dir.subdir.has(e.procname)) {
      pr_err(`sysctl duplicate entry: /${[...path, e.procname].join('/')}`);
      return -EEXIST;
    }
    const de = proc_create_data(e.procname, S_IFREG | (e.mode & 0o777), dir, proc_sys_ops, { table: e, header } satisfies SysEntry);
    if (!de) return -EEXIST;
    // proc_create_data turns mode 0 into 0444; an entry nobody may open keeps its 0.
    if (!(e.mode & 0o777)) de.mode = S_IFREG;
    done.push(de);
  }
  return 0;
}

/** Drops the directories of `path` that are left empty. */
function prune(path: string[]): void {
  for (let n = path.length; n > 0; n--) {
    let dir = sysctl_root;
    for (const p of path.slice(0, n)) dir = dir?.subdir.get(p) ?? null;
    if (dir && dir !== sysctl_root && dir.subdir.size === 0) proc_remove(dir);
  }
}

function remove_table(path: string[], table: CtlTable[]): void {
  let dir = sysctl_root;
  for (const p of path) dir = dir?.subdir.get(p) ?? null;
  for (const e of table) {
    if (e.child) remove_table([...path, e.procname], e.child);
    else {
      const de = dir?.subdir.get(e.procname);
      if (de && (de.data as SysEntry | undefined)?.table === e) proc_remove(de);
    }
  }
  prune(path);
}

/** proc_sys_init: /proc/sys and the kernel's own entries. */
export function proc_sys_init(): void {
  sysctl_root = proc_mkdir('sys', null);
  sysctl_set_backend({
    insert(path, table, header) {
      const done: ProcDirEntry[] = [];
      const r = insert_table(path, table, header, done);
      if (r) {
        // Undo: the entries made so far, then every directory they leave empty.
        for (const de of done) {
          let dir = de.parent;
          proc_remove(de);
          while (dir && dir !== sysctl_root && dir.subdir.size === 0) {
            const up: ProcDirEntry | null = dir.parent;
            proc_remove(dir);
            dir = up;
          }
        }
        prune(path);
      }
      return r;
    },
    remove: remove_table,
  });
  sysctl_init_bases();
}

/**
 * Applies a sysctl.conf (NAME = VALUE lines, '#' or ';' comments, a leading '-' to ignore a failure) as
 * root, the way the boot scripts run `sysctl -p`. A missing file is not an error. Returns how many
 * settings failed.
 */
export async function sysctl_load_conf(ctx: NameiCtx, path = '/etc/sysctl.conf'): Promise<number> {
  const caller = { pid: 0, cred: ctx.cred };
  const f = await do_filp_open(ctx, path, O_RDONLY, 0);
  if (typeof f === 'number') return 0;
  const chunks: Uint8Array[] = [];
  const pos = { pos: 0 };
  for (;;) {
    const b = new Uint8Array(4096);
    const n = await kernel_read(f, b, pos, caller);
    if (n <= 0) break;
    chunks.push(b.subarray(0, n));
  }
  await fput(f, caller);
  const text = new TextDecoder().decode(concat_bytes(chunks));
  let failed = 0;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const ignore = line.startsWith('-');
    if (ignore) line = line.slice(1);
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const file = '/proc/sys/' + (name.includes('/') ? name : name.replace(/\./g, '/'));
    const w = await do_filp_open(ctx, file, O_WRONLY, 0);
    let r = typeof w === 'number' ? w : await kernel_write(w, new TextEncoder().encode(value + '\n'), { pos: 0 }, caller);
    if (typeof w !== 'number') await fput(w, caller);
    if (r >= 0) r = 0;
    if (r && !ignore) {
      failed++;
      pr_err(`sysctl: ${path}: cannot set ${name} to ${value}: error ${-r}`);
    }
  }
  return failed;
}

function concat_bytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
